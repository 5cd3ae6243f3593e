"""The web app's analysis and curation on a database of 10,000 stories (SQLite or PostgreSQL).

    python benchmarks/knowledge_scale.py --source var/demo --stories 10000

``engine_scale.py`` measures the engine alone; this measures what the Django side adds: reading
the stories, storing ~200,000 statements, curation that recounts a theme at once, and the pages a
curator and a reader open. The corpus is the demo database (``--source``, a data dir made by
``meervoud demo --no-serve``) copied to a temporary dir and grown to ``--stories`` by copying its
stories under new narrators, so every statement text is already embedded and classified there:
embedding time is not in these figures (see ``engine_scale.py --incremental`` for that), and the
clusterer sees only the demo's distinct texts (weighted by how often they occur).

Prints one JSON line: seconds per step, the size of the corpus and the largest theme, page sizes,
the share of statements that the second analysis put in another theme or sub-theme, and the
process's peak memory. Runs on the embedded SQLite database, as ``bin/demo`` does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(data_dir: Path) -> None:
    os.environ["MEERVOUD_DATA_DIR"] = str(data_dir)
    os.environ.pop("MEERVOUD_DATABASE_URL", None)  # the copy lives in the data dir
    os.environ.setdefault("MEERVOUD_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "meervoud.conf.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def grow(target: int) -> int:
    """Copy analysable stories under new narrators until there are ``target`` of them."""
    from django.db import transaction

    from meervoud.stories.models import Consent, Narrator, Story
    from meervoud.stories.selectors import stories_for_analysis

    base = list(stories_for_analysis().prefetch_related("consents").order_by("pk"))
    have = stories_for_analysis().count()
    skip = {"id", "narrator"}
    fields = [f.attname for f in Story._meta.concrete_fields if f.name not in skip]
    made = 0
    with transaction.atomic():
        while have + made < target:
            batch = base[: target - have - made]
            narrators = Narrator.objects.bulk_create(
                [Narrator(code=f"bench-{have + made + i:06d}") for i in range(len(batch))])
            copies = Story.objects.bulk_create(
                [Story(narrator=n, **{f: getattr(s, f) for f in fields}) for n, s in zip(narrators, batch)])
            Domains = Story.life_domains.through
            Domains.objects.bulk_create([Domains(story_id=c.pk, lifedomain_id=d.pk)
                                         for c, s in zip(copies, batch) for d in s.life_domains.all()])
            Consent.objects.bulk_create([
                Consent(story=c, purpose=k.purpose, consent_text_id=k.consent_text_id,
                        share_municipality_id=k.share_municipality_id, share_region_id=k.share_region_id)
                for c, s in zip(copies, batch) for k in s.consents.all() if k.withdrawn_at is None])
            made += len(batch)
    assert stories_for_analysis().count() == target
    return made


def timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return round(time.perf_counter() - t0, 2), value


def analyse() -> dict:
    from meervoud.knowledge.models import AnalysisRun
    from meervoud.knowledge.services import run_analysis

    run = AnalysisRun.objects.create(reason="benchmark")
    seconds, run = timed(lambda: run_analysis(run))
    engine = (run.summary or {}).get("seconds", {})
    return {"seconds": seconds, "engine_seconds": engine.get("total"), "statements": run.statements,
            "themes": run.themes, "stories": run.stories}


def placement() -> dict[str, tuple]:
    from meervoud.knowledge.models import Statement

    return {key: (theme, sub) for key, theme, sub in Statement.objects.values_list("key", "theme__key", "subtheme__key")}


def moved(before: dict, after: dict) -> dict:
    """How many statements that were there before now sit in another theme or sub-theme: the
    new stories repeat what was told, so ideally none."""
    kept = before.keys() & after.keys()
    return {"moved_theme_share": round(sum(before[k][0] != after[k][0] for k in kept) / len(kept), 4),
            "moved_subtheme_share": round(sum(before[k][1] != after[k][1] for k in kept) / len(kept), 4)}


def page(client, url: str) -> dict:
    seconds, response = timed(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    return {"seconds": seconds, "kib": round(len(response.content) / 1024)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", required=True, help="data dir of a demo (meervoud demo --no-serve)")
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=100, help="stories added before the second analysis")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="meervoud-scale-"))
    try:
        shutil.copy(Path(args.source) / "meervoud.sqlite3", work / "meervoud.sqlite3")
        setup_django(work)
        from django.core.management import call_command
        from django.db.models import Count
        from django.test import Client
        from django.urls import reverse

        from meervoud.accounts.models import User
        from meervoud.knowledge import curation
        from meervoud.knowledge.models import Statement, Theme
        from meervoud.knowledge.services import forget_story

        call_command("migrate", verbosity=0)
        out: dict = {"stories": args.stories}
        out["grow_seconds"], _ = timed(lambda: grow(args.stories))
        out["analysis"] = analyse()
        before = placement()
        out["grow_new_seconds"], _ = timed(lambda: grow(args.stories + args.new))
        out["analysis_plus_new"] = analyse()
        out["analysis_plus_new"].update(moved(before, placement()))

        themes = list(Theme.objects.filter(active=True, parent=None)
                      .annotate(n=Count("statements")).order_by("-n", "key"))
        largest, second, third = themes[0], themes[1], themes[2]
        shown = next(t for t in themes if t.validated_at)  # the largest one readers can open
        out["largest_theme"] = {"statements": largest.n, "narrators": largest.narrators}
        out["largest_published_theme"] = {"statements": shown.n, "narrators": shown.narrators}
        user = User.objects.get(username="verteller")  # the demo peer expert, who curates
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        out["pages"] = {
            "themes": page(client, reverse("knowledge:themes")),
            "largest_theme": page(client, reverse("knowledge:theme", args=[largest.key])),
            "public_themes": page(Client(HTTP_HOST="localhost"), reverse("publication:themes")),
            "public_largest_theme": page(Client(HTTP_HOST="localhost"), reverse("publication:theme", args=[shown.key])),
        }
        keys = list(Statement.objects.filter(theme=largest).order_by("key").values_list("key", flat=True)[:100])
        out["move_50_seconds"], _ = timed(lambda: curation.move_statements(
            Statement.objects.filter(key__in=keys[:50]), third, user=user))
        out["split_50_seconds"], _ = timed(lambda: curation.split(
            largest, Statement.objects.filter(key__in=keys[50:]), "Benchmark", user=user))
        out["merge_seconds"], _ = timed(lambda: curation.merge(second, largest, user=user))
        story_id = Statement.objects.filter(theme=largest).values_list("story_id", flat=True).first()
        out["forget_story_seconds"], _ = timed(lambda: forget_story(story_id))
        out["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(out))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
