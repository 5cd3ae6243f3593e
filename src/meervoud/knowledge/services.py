"""Running the engine on the stories that may be analysed, and storing what it found.

A run never blocks a request: `request_analysis` queues it as a background task, the worker
calls `run_analysis`, and progress is written to the run as it goes. Themes keep their key
across runs (the engine aligns new clusters with the previous themes), so curation survives.
"""

import functools
import logging
import traceback
from collections import defaultdict

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meervoud.core.db import in_chunks
from meervoud.engine import (CtfidfLabeler, EvidenceCounter, Pipeline, PreviousTheme, SaturationAnalysis,
                             SpectralModularityClusterer, analysed_hash, content_hash, keyword_share,
                             load_examples, share_of)
from meervoud.engine import types as engine
from meervoud.engine.label import keyword_form, keyword_line, label_from_terms
from meervoud.knowledge.cache import DatabaseEmbeddingCache
from meervoud.knowledge.models import AnalysisRun, CurationEvent, Statement, Theme
from meervoud.knowledge.selectors import (analysable_story_ids, analysed_narrator_count,
                                          analysis_documents)
from meervoud.publication.disclosure import k_threshold

logger = logging.getLogger(__name__)

# curation that changes which statements a theme holds (the rest only names and words it)
STRUCTURAL_ACTIONS = ("move", "split", "merge", "remove", "unmerge")


def build_pipeline() -> Pipeline:
    return Pipeline(
        embedder=settings.MEERVOUD_EMBEDDER,
        clusterer=SpectralModularityClusterer(granularity=settings.MEERVOUD_GRANULARITY),
        # a theme's name and keywords are published: a word in them is a fact about the narrators
        # who use it, and rests on k of them like every other published fact; a theme without
        # such a word gets no label (the pages give it a neutral name until peer experts name it).
        # Inflections pooled for nouns only ("wachtlijst"/"wachtlijsten"): pooling every word
        # named sub-themes by a bare verb form ("Keek", "Sliep") (docs/engine.md, "Lemmas")
        labeler=CtfidfLabeler(min_narrators=k_threshold(), strict_narrators=True, lemmatize="nouns"),
        cache=DatabaseEmbeddingCache(),
    )


def request_analysis(*, user=None, reason: str = "") -> AnalysisRun:
    """Queue a re-analysis unless one is already waiting; returns the run to follow."""
    from meervoud.knowledge.tasks import analyse

    waiting = AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).first()
    if waiting:
        return waiting
    run = AnalysisRun.objects.create(requested_by=user, reason=reason[:200])
    transaction.on_commit(lambda: analyse.enqueue(run.pk))
    return run


class _Stored:
    """The stored statements, read once per run (a corpus of 10,000 stories has 200,000): the
    engine keeps from them each text's theme, its kind and the cut of every unchanged story."""

    def __init__(self) -> None:
        self.rows = list(Statement.objects.values_list(
            "key", "story_id", "field", "text", "start", "end", "content_hash", "kind", "theme_id",
            "subtheme_id").iterator(chunk_size=5000))

    def previous_themes(self) -> list[PreviousTheme]:
        members: dict[int, set[str]] = {}
        for *_, content_hash, _kind, theme_id, subtheme_id in self.rows:
            for pk in (theme_id, subtheme_id):
                if pk is not None:
                    members.setdefault(pk, set()).add(content_hash)
        return [
            PreviousTheme(id=theme.key, member_hashes=tuple(sorted(members.get(theme.pk, ()))),
                          centroid=theme.centroid_array(),
                          parent_id=theme.parent.key if theme.parent_id else None)
            for theme in Theme.objects.filter(active=True).select_related("parent")
        ]

    def placement(self) -> dict[str, list]:
        """Statement key -> [story, field, start, end, content hash, kind, theme, sub-theme] as this
        run read them. Storing compares the result with this, not with the table at that moment: a
        statement a person moved or corrected while the engine ran is one the engine did not
        place differently, so it keeps what the person did."""
        return {key: [story_id, field, start, end, content_hash, kind, theme_id, subtheme_id]
                for key, story_id, field, _text, start, end, content_hash, kind, theme_id, subtheme_id
                in self.rows}

    def known_kinds(self) -> dict[str, str]:
        """Kinds already decided (by an earlier run or corrected by a person): not classified again."""
        return {content_hash: kind for *_, content_hash, kind, _theme, _sub in self.rows}

    def known_segments(self, documents: list[engine.Document]) -> dict[str, tuple[str, list[engine.Statement]]]:
        """The stored statements of every story, with the fingerprint the story had when they
        were made (kept in the last finished run). The engine reuses them for stories whose
        fingerprint still matches and segments only new or changed stories."""
        last = AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).only("summary").first()
        fingerprints = ((last.summary or {}).get("fingerprints") or {}) if last else {}
        if not fingerprints:
            return {}
        lang = {document.id: document.lang for document in documents}
        stored: dict[str, list[engine.Statement]] = {}
        for key, story_id, field, text, start, end, content_hash, *_ in self.rows:
            document_id = str(story_id)
            if document_id in lang:
                stored.setdefault(document_id, []).append(engine.Statement(
                    id=key, document_id=document_id, text=text, lang=lang[document_id], start=start,
                    end=end, content_hash=content_hash, field=field))
        # a story without stored statements is segmented again (they may have been removed)
        return {document_id: (fingerprints[document_id], statements)
                for document_id, statements in stored.items() if document_id in fingerprints}


def _pinned() -> dict[str, str]:
    return dict(Statement.objects.exclude(pinned_theme=None).values_list(
        "content_hash", "pinned_theme__key"))


def error_without_words(error: BaseException) -> str:
    """Which exception and where, but not its message: a message may quote a statement, and a
    failed run outlives the story it was working on."""
    frames = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    return f"Traceback (most recent call last):\n{frames}{kind} (message left out)"[-4000:]


def run_analysis(run: AnalysisRun, *, pipeline: Pipeline | None = None, progress=None) -> AnalysisRun:
    """Run the engine and store the result; on failure the previous themes stay as they were."""
    run.status = AnalysisRun.Status.RUNNING
    run.started_at = run.beat_at = timezone.now()
    run.save(update_fields=["status", "started_at", "beat_at"])

    def report(step: str, done: int, total: int) -> None:
        AnalysisRun.objects.filter(pk=run.pk).update(step=step, done=done, total=total, beat_at=timezone.now())
        if progress:
            progress(step, done, total)

    try:
        pipeline = pipeline or build_pipeline()
        documents = analysis_documents()
        # incremental: unchanged stories keep their statements and kinds, stored vectors come
        # from the embedding cache; only new or changed statements are segmented and embedded
        stored = _Stored()
        previous = stored.previous_themes()
        inputs = {"pinned": _pinned(), "known_kinds": stored.known_kinds(),
                  "known_segments": stored.known_segments(documents)}
        read = stored.placement()
        del stored  # 200,000 rows with their texts at 10,000 stories
        result = pipeline.run(documents, previous=previous, progress=report, **inputs)
        store_result(run, documents, result, read=read, active_before={theme.id for theme in previous})
    except BaseException as error:  # also Ctrl+C in `meervoud bundle`: the run must not stay "running"
        run.refresh_from_db()
        run.status = AnalysisRun.Status.FAILED
        run.error = error_without_words(error)
        # not logger.exception: the log outlives the story as well
        logger.error("analysis run %s failed:\n%s", run.pk, run.error)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    return run


def _vector(array) -> bytes:
    return np.asarray(array, dtype=np.float32).tobytes()


def _rescue_curated(result: engine.BundleResult, existing: dict[str, Theme]
                    ) -> tuple[dict[str, str], list[tuple[Theme, set[str]]]]:
    """Curated themes and sub-themes must not vanish because the clustering shifted.

    The engine keeps a theme's id when enough of its statements stay together; when a theme or
    sub-theme that peer experts named, described or validated finds no such match, it carries
    on as the new one of its level that holds most of its former statements (if that one is new
    itself). Returns new engine id -> curated key, and the sub-themes with a name or collective
    statement that nothing continues, with their statements' hashes (:func:`_record_lost_names`).
    """
    found_ids = {theme.id for theme in (*result.themes, *result.subthemes)}
    hash_of = {statement.id: statement.content_hash for statement in result.statements}
    rename: dict[str, str] = {}
    lost: list[tuple[Theme, set[str]]] = []
    for top, found, assignment, held_as in ((True, result.themes, result.assignment, "theme"),
                                            (False, result.subthemes, result.subassignment, "subtheme")):
        members: dict[str, set[str]] = {}
        for statement_id, theme_id in assignment.items():
            if theme_id is not None:
                members.setdefault(theme_id, set()).add(hash_of[statement_id])
        fresh = sorted(theme.id for theme in found if theme.id not in existing)
        for theme in sorted(existing.values(), key=lambda t: t.key):
            if not (theme.curated and theme.active and (theme.parent_id is None) == top) or theme.key in found_ids:
                continue
            before = set(Statement.objects.filter(**{held_as: theme}).values_list("content_hash", flat=True))
            overlap = [(len(members.get(new_id, set()) & before), new_id) for new_id in fresh
                       if new_id not in rename]
            best = max(overlap, default=(0, None))
            if best[0] > 0:
                rename[best[1]] = theme.key
            elif not top and (theme.name or theme.name_draft or theme.insight):
                lost.append((theme, before))
    return rename, lost


def _names_wait_under_new_parent(subthemes: list[Theme]) -> None:
    """A sub-theme that moved to a validated theme is listed there by name in the Kennisbank: a
    name nobody but its writer has read yet waits for validation, as when she renames it there."""
    for sub in subthemes:
        if sub.name and sub.name_draft is None and sub.name_written_by_id and sub.parent.validated:
            Theme.objects.filter(pk=sub.pk).update(name="", name_draft=sub.name)


def _record_lost_names(lost: list[tuple[Theme, set[str]]], result: engine.BundleResult,
                       existing: dict[str, Theme], seen: dict[str, Theme], key) -> None:
    """A sub-theme peer experts named that no new sub-theme continues is retired, and its name
    with it: its theme's history keeps the name, so that she can give it again where it fits.
    Its theme: the one it belonged to if that goes on, else the theme that now holds most of
    its statements, else (nothing of it is left) the retired sub-theme itself."""
    by_pk = {theme.pk: theme for theme in existing.values()}
    hash_of = {statement.id: statement.content_hash for statement in result.statements}
    for sub, before in lost:
        parent = by_pk.get(sub.parent_id)
        home = seen.get(parent.key) if parent else None
        if home is None or not home.active:
            holders: dict[str, int] = defaultdict(int)
            for statement_id, theme_id in result.assignment.items():
                if theme_id is not None and hash_of[statement_id] in before:
                    holders[key(theme_id)] += 1
            home = next((seen[holder] for holder, _n in sorted(holders.items(), key=lambda item: (-item[1], item[0]))
                         if holder in seen and seen[holder].active), sub)
        CurationEvent.objects.create(theme=home, user=None, action="name-lost", detail={
            "name": sub.name or sub.name_draft or "", "subtheme": sub.key,
            **({"insight": sub.insight} if sub.insight else {})})


@transaction.atomic
def store_result(run: AnalysisRun, documents: list[engine.Document], result: engine.BundleResult, *,
                 read: dict[str, list], active_before: set[str]) -> None:
    """Store what the engine found. ``read``: the statements as the run read them
    (:meth:`_Stored.placement`); ``active_before``: the keys of the themes that were active then.
    Peer experts may curate while the engine runs; what they did stays until the re-analysis
    this then queues, which follows their pins. The themes are locked while this stores (in one
    order, so two writers cannot wait on each other), and only the fields the engine owns are
    written: a name, collective statement or validation is never the engine's to undo."""
    existing = {theme.key: theme for theme in Theme.objects.select_for_update().order_by("pk")}
    rename, lost = _rescue_curated(result, existing)
    # a narrator may have withdrawn consent while the engine ran: their story must not come back
    allowed = {str(pk) for pk in analysable_story_ids()}
    documents = [document for document in documents if document.id in allowed]
    dropped = {item.id for item in result.statements if item.document_id not in allowed}
    # or corrected her words: what the run cut from the old ones waits for the run that queued
    changed = _words_changed(documents)
    stale = {item.id for item in result.statements if item.document_id in changed}
    left_out = dropped | stale

    def key(theme_id):
        return rename.get(theme_id, theme_id) if theme_id else theme_id

    seen: dict[str, Theme] = {}
    unlabelled, moved_names = [], []
    for found in list(result.themes) + list(result.subthemes):
        theme = existing.get(key(found.id)) or Theme(key=key(found.id), first_run=run)
        if theme.pk and not theme.active and theme.key in active_before:
            seen[theme.key] = theme  # merged away while the engine ran: it stays retired
            continue
        label_before, parent_before = (theme.label, theme.parent_id) if theme.pk else ("", None)
        # the strict labeler gives keywords only of k narrators (and a hint where there are none);
        # a statement left out may leave a word with fewer: refresh_evidence below counts again
        label, keywords, share = ((found.label, [str(word) for word in found.keywords], found.keyword_share)
                                  if found.keywords else ("", [], None))
        theme.label = label[:200]
        theme.label_hint = "" if label == found.label else found.label[:200]
        if not found.keywords and left_out.intersection(found.statement_ids):
            # the hint of a theme without keywords is words or a statement of its own: not those
            # of a story withdrawn or corrected meanwhile
            theme.label_hint = ""
        theme.keywords = keywords
        theme.representative_keys = [k for k in found.representative_ids if k not in left_out]
        evidence = result.evidence.get(found.id)
        theme.evidence = evidence.to_dict() if evidence else {}
        theme.narrators = evidence.narrators if evidence else 0
        theme.keyword_share = share
        theme.centroid = _vector(found.centroid)
        theme.active = True
        theme.last_run = run
        theme.parent = seen.get(key(found.parent_id)) if found.parent_id else None
        if label_before and not theme.label:
            unlabelled.append((theme, label_before))
        if theme.parent_id and theme.parent_id != parent_before:
            moved_names.append(theme)
        theme.save(update_fields=ENGINE_FIELDS if theme.pk else None)
        seen[theme.key] = theme
    # a theme split off while the engine ran is not the engine's to retire
    retiring = Theme.objects.filter(key__in=active_before).exclude(key__in=seen)
    # peer experts' work that goes with them: the run's page names these, or it vanishes unseen
    retired = sorted(retiring.filter(curated=True).values_list("key", flat=True))
    retiring.update(active=False, narrators=0, evidence={}, keyword_share=None)  # it holds no statement now
    _record_lost_names(lost, result, existing, seen, key)
    _names_wait_under_new_parent(moved_names)
    if unlabelled:
        from meervoud.knowledge.curation import label_changed  # curation builds on this module

        for theme, label_before in unlabelled:
            label_changed(theme, label_before, k=k_threshold())

    # Only what the engine placed differently from what it read is written: re-analysing 10,000
    # stories must not rewrite 200,000 rows, nor undo what people did in the meantime.
    create, recut, moved = [], [], defaultdict(list)
    for item in result.statements:
        if item.id in left_out:
            continue
        theme = seen.get(key(result.assignment.get(item.id)) or "")
        subtheme = seen.get(key(result.subassignment.get(item.id)) or "")
        kind = result.kinds.get(item.id, Statement.Kind.OTHER)
        cut = [int(item.document_id), item.field, item.start, item.end, item.content_hash]
        place = [kind, theme.pk if theme else None, subtheme.pk if subtheme else None]
        row = read.get(item.id)
        if row is None:
            create.append(Statement(key=item.id, story_id=cut[0], field=item.field, text=item.text,
                                    start=item.start, end=item.end, content_hash=item.content_hash,
                                    kind=kind, theme=theme, subtheme=subtheme))
        elif row[:5] != cut:
            recut.append((item, place))
        elif row[5:] != place:
            # the kind only where the engine changed it: a curator may correct it meanwhile
            moved[(kind if kind != row[5] else None, *place[1:])].append(item.id)
    # another run (`meervoud bundle` next to the worker) may have stored some since: theirs stay
    taken = {key for chunk in in_chunks([statement.key for statement in create])
             for key in Statement.objects.filter(key__in=chunk).values_list("key", flat=True)}
    Statement.objects.bulk_create([s for s in create if s.key not in taken], batch_size=500)
    for item, (kind, theme_id, subtheme_id) in recut:  # a story edited after it was analysed
        Statement.objects.filter(key=item.id).update(
            story_id=int(item.document_id), field=item.field, text=item.text, start=item.start,
            end=item.end, content_hash=item.content_hash, kind=kind, theme_id=theme_id,
            subtheme_id=subtheme_id)
    for (kind, theme_id, subtheme_id), keys in moved.items():
        changes = {"theme_id": theme_id, "subtheme_id": subtheme_id, **({"kind": kind} if kind else {})}
        for chunk in in_chunks(keys):
            Statement.objects.filter(key__in=chunk).update(**changes)
    keep = {item.id for item in result.statements} - left_out
    # what is stored of a corrected story is as its correction left it (story_text_changed)
    gone = {k for k, row in read.items() if str(row[0]) not in changed} - keep
    if _carry_over(gone):
        request_analysis(reason="pins carried over to re-segmented statements")
    if changed:  # a correction queues one itself; the admin's edit of a story may not
        request_analysis(reason="stories corrected while an analysis ran")
    for chunk in in_chunks(gone):  # a re-segmented corpus: more keys than one IN list takes
        Statement.objects.filter(key__in=chunk).delete()
    # what no statement holds any more (a story withdrawn during the run or before a failed one,
    # an edited sentence) leaves the embedding cache too
    DatabaseEmbeddingCache().keep_only(
        {analysed_hash(item.text, item.content_hash) for item in result.statements
         if item.id not in dropped and (item.id not in stale or _still_told(item, changed))}
        | _example_hashes())

    run.status = AnalysisRun.Status.DONE
    run.finished_at = timezone.now()
    run.stories = len(documents)
    run.narrators = len({document.narrator for document in documents})
    run.statements = len(keep)
    run.themes = len(result.themes)
    run.outlier_share = result.outlier_share
    saturation = result.saturation
    if dropped:  # counted without the narrators who withdrew meanwhile, as run.narrators is
        kept = [item for item in result.statements if item.id not in dropped]
        saturation = SaturationAnalysis().compute(documents, kept, result.assignment)
    run.summary = {
        "seconds": result.seconds,
        "retired": retired,
        "saturation": {scope: curve.to_dict() for scope, curve in saturation.items()},
        "params": {key: str(value) for key, value in result.params.items()},
        # what each story looked like when it was segmented; the next run reuses its statements
        "fingerprints": {document_id: fingerprint for document_id, fingerprint
                         in result.document_fingerprints.items()
                         if document_id in allowed and document_id not in changed},
    }
    run.save()
    # only the newest run's fingerprints are ever read; a withdrawn story's must not linger
    for older in AnalysisRun.objects.filter(summary__has_key="fingerprints").exclude(pk=run.pk):
        del older.summary["fingerprints"]
        older.save(update_fields=["summary"])
    curated = set(CurationEvent.objects.filter(at__gte=run.started_at).values_list("action", flat=True))
    if curated & set(STRUCTURAL_ACTIONS):
        # the engine counted the themes as they were before: count them (all) as they are now
        refresh_evidence(Theme.objects.filter(active=True).values_list("pk", flat=True))
        request_analysis(reason="curated while an analysis ran")  # the next run follows their pins
    elif "kind" in curated:  # helped/hindered were counted before her correction
        refresh_evidence(Theme.objects.filter(active=True).values_list("pk", flat=True))
    elif left_out:  # their themes were counted (and their keywords chosen) with them
        refresh_evidence({seen[key(level[k])].pk for level in (result.assignment, result.subassignment)
                          for k in left_out if level.get(k)})


def said_by_k(held: list[tuple[str, str]], keywords: list[str], k: int
              ) -> tuple[str, list[str], float | None] | None:
    """A theme's label, keywords and keyword share with only the keywords that ``k`` narrators
    of ``held`` (its statements: ``keyword_line`` text and narrator) say, by whole words in any
    inflection (compared by lemma, as every keyword match is); None when all of them still are."""
    users: dict[str, set[str]] = defaultdict(set)
    forms = {word: keyword_form(word) for word in keywords}
    for line, person in held:
        for word in keywords:
            if forms[word] in line:
                users[word].add(person)
    kept = [word for word in keywords if len(users[word]) >= k]
    if kept == list(keywords):
        return None
    if not kept:
        return "", [], None
    return label_from_terms(kept), kept, keyword_share([line for line, _ in held], kept, prepared=True)


# what a run stores of an existing theme; the rest (name, collective statement, validation,
# curated) is the peer experts' and may change while the engine runs
ENGINE_FIELDS = ["label", "label_hint", "keywords", "representative_keys", "evidence", "narrators", "keyword_share",
                 "centroid", "active", "last_run", "parent", "updated_at"]
WORD_FIELDS = ("text", "helped", "hindered")  # a story's words, as the engine reads them


def _words_changed(documents: list[engine.Document]) -> dict[str, dict[str, str]]:
    """The stories whose words are no longer those the run read (corrected while it ran), with
    their words as they are now: story id -> field -> text."""
    from meervoud.stories.models import Story

    read = {document.id: document for document in documents}
    changed = {}
    for chunk in in_chunks(int(pk) for pk in read):
        for pk, *now in Story.objects.filter(pk__in=chunk).values_list("pk", *WORD_FIELDS):
            document = read[str(pk)]
            if [value or "" for value in now] != [getattr(document, name) or "" for name in WORD_FIELDS]:
                changed[str(pk)] = dict(zip(WORD_FIELDS, (value or "" for value in now)))
    return changed


def _still_told(item: engine.Statement, changed: dict[str, dict[str, str]]) -> bool:
    """Whether a sentence the run cut from a story's old words still stands in its new ones."""
    return item.text in changed[item.document_id].get(item.field, "")


@functools.cache
def _example_hashes() -> frozenset[str]:
    """The shipped sentences the kinds model learns from: their vectors stay cached, so a new
    worker does not embed them again."""
    return frozenset(content_hash(text) for text in load_examples()[0])


def _carry_over(gone_keys: set[str]) -> int:
    """Statements that are cut differently now (a story re-segmented after the segmenter
    changed) keep what people did with them: manual codings and a peer expert's pin move to the
    new statement that holds the old one's text. Returns the number of pins moved; they shape
    the themes from the next run on."""
    if not gone_keys:
        return 0
    marked = [s for s in Statement.objects.filter(Q(pinned_theme__isnull=False) | Q(codings__isnull=False))
              .distinct() if s.key in gone_keys]
    pins = 0
    for old in marked:
        holders = Statement.objects.filter(story_id=old.story_id, field=old.field, start__lte=old.start,
                                           end__gte=old.end).order_by("start")
        new = next((s for s in holders if s.key not in gone_keys), None)
        if new is None:  # the text itself changed or left the analysis: nothing holds it now
            continue
        old.codings.exclude(coder__in=new.codings.values("coder")).update(statement=new)
        if old.pinned_theme_id and new.pinned_theme_id is None:
            new.pinned_theme_id = old.pinned_theme_id
            new.save(update_fields=["pinned_theme"])
            pins += 1
    return pins


def refresh_evidence(theme_ids) -> None:
    """Count the evidence of these themes again from the statements they hold now (after a
    curator moved, split or merged): narrators, places, kinds, share, and the keyword share.
    A theme left without statements stays (with 0 narrators): a curator may be about to fill it
    again; the next analysis retires it if it is still empty."""
    themes = list(Theme.objects.filter(pk__in=set(theme_ids)))
    if not themes:
        return
    held_by_them = Statement.objects.filter(Q(theme__in=themes) | Q(subtheme__in=themes))
    rows = list(held_by_them.values_list(
        "key", "story_id", "field", "text", "start", "end", "content_hash", "kind", "theme_id",
        "subtheme_id"))
    documents = analysis_documents(story_ids=held_by_them.values("story_id"), with_text=False)
    lang = {document.id: document.lang for document in documents}
    held: dict[int, list[engine.Statement]] = {theme.pk: [] for theme in themes}
    kinds = {}
    for key, story_id, field, text, start, end, content_hash, kind, theme_id, subtheme_id in rows:
        if str(story_id) not in lang:  # consent withdrawn: the queued analysis removes it
            continue
        statement = engine.Statement(id=key, document_id=str(story_id), text=text,
                                     lang=lang[str(story_id)], start=start, end=end,
                                     content_hash=content_hash, field=field)
        kinds[key] = kind
        for pk in {theme_id, subtheme_id} & held.keys():  # its theme and its sub-theme
            held[pk].append(statement)
    counter = EvidenceCounter()
    total = analysed_narrator_count()
    narrator = {document.id: document.narrator for document in documents}
    k = k_threshold()
    relabelled = []
    for theme in themes:
        statements = held[theme.pk]
        assignment = {statement.id: theme.key for statement in statements}
        evidence = counter.compute(documents, statements, assignment, kinds,
                                   total_narrators=total).get(theme.key)
        theme.evidence = evidence.to_dict() if evidence else {}
        theme.narrators = evidence.narrators if evidence else 0
        theme.keyword_share = (keyword_share([s.text for s in statements], theme.keywords)
                               if statements and theme.keywords else None)
        # a keyword rests on k of the narrators the theme holds now, as after an analysis: a
        # move or a withdrawal can leave one with fewer
        fewer = said_by_k([(keyword_line(s.text), narrator[s.document_id]) for s in statements],
                          list(theme.keywords), k)
        if fewer is not None:
            if not fewer[0]:  # its words are now words of fewer narrators: a hint, as after a run
                theme.label_hint = theme.label
            if fewer[0] != theme.label:
                relabelled.append((theme, theme.label))
            theme.label, theme.keywords, theme.keyword_share = fewer
        theme.save(update_fields=["evidence", "narrators", "keyword_share", "label", "keywords",
                                  "label_hint", "updated_at"])
    if relabelled:
        from meervoud.knowledge.curation import label_changed  # curation builds on this module

        for theme, before in relabelled:
            label_changed(theme, before, k=k)


def story_changed(story_id: int) -> None:
    """Recount the themes of an analysed story whose place or life domains changed (a coordinator's
    correction, the admin). That also changes what readers may see: their cache follows the
    themes' ``updated_at``. A story not yet analysed has no statements, so intake costs nothing
    here; one whose statements sit in no theme still counts in every place total (and so in
    where a quote may say it comes from), so then every theme's ``updated_at`` moves."""
    themes = _themes_of(story_id)
    refresh_evidence(themes)  # saving them moves their ``updated_at``
    if not themes and Statement.objects.filter(story_id=story_id).exists():
        Theme.objects.filter(active=True).update(updated_at=timezone.now())


def _themes_of(story_id: int) -> set[int]:
    """The themes and sub-themes that hold a statement of this story."""
    return {pk for pair in Statement.objects.filter(story_id=story_id).values_list("theme_id", "subtheme_id")
            for pk in pair} - {None}


def recount_shares(exclude=()) -> None:
    """Every theme's share of all narrators, again (one narrator fewer or more changes them all;
    its own counts do not change)."""
    total = analysed_narrator_count()
    changed = []
    for theme in Theme.objects.filter(active=True).exclude(pk__in=set(exclude)).exclude(evidence={}):
        n = theme.evidence.get("narrators", 0)
        share, interval = share_of(n, total)
        ci = [interval.low, interval.high]
        if (theme.evidence.get("share"), theme.evidence.get("share_ci")) != (share, ci):
            theme.evidence.update(share=share, share_ci=ci)
            changed.append(theme)
    Theme.objects.bulk_update(changed, ["evidence"], batch_size=500)


def _take_out(statements, *, unquote: list[str]) -> tuple[int, set[int]]:
    """Delete these statements (a queryset) from the stored analysis, with their cached vectors
    (unless another statement holds the same sentence), and ``unquote`` from what peer experts
    wrote. Their themes count again at once. Returns how many went, and those themes."""
    touched = {pk for pair in statements.values_list("theme_id", "subtheme_id") for pk in pair} - {None}
    texts = list(statements.values_list("text", "content_hash"))
    deleted, _ = statements.delete()
    from meervoud.knowledge.curation import forget_quoted  # curation builds on this module

    forget_quoted(unquote)
    told_elsewhere = {h for chunk in in_chunks({h for _t, h in texts}) for h in
                      Statement.objects.filter(content_hash__in=chunk).values_list("content_hash", flat=True)}
    DatabaseEmbeddingCache().forget(analysed_hash(text, h) for text, h in texts if h not in told_elsewhere)
    refresh_evidence(touched)
    recount_shares(exclude=touched)
    return deleted, touched


def _forget_fingerprint(story_id: int) -> None:
    """The next run segments the story again instead of trusting statements it no longer has."""
    last = AnalysisRun.objects.filter(summary__has_key="fingerprints").first()
    if last and last.summary["fingerprints"].pop(str(story_id), None):
        last.save(update_fields=["summary"])


def forget_story(story_id: int) -> int:
    """Take a story out of the stored analysis at once (consent withdrawn or story deleted);
    its themes count their narrators again at once, and the re-analysis this queues redoes the rest."""
    statements = Statement.objects.filter(story_id=story_id)
    deleted, _touched = _take_out(statements, unquote=list(statements.values_list("text", flat=True)))
    _forget_fingerprint(story_id)
    request_analysis(reason=f"consent withdrawn for story {story_id}")
    return deleted


def story_text_changed(story_id: int) -> int:
    """A story's words were corrected (stories.services.correct_story). The statements whose
    sentence is no longer in the story leave the analysis at once, as on a withdrawal, and
    quotes of them leave what peer experts wrote: the narrator corrected them because they must
    not be read. The others stay (with their pins and codings; the re-analysis this queues
    finds them under the same key) and point to where their sentence stands now. Returns how
    many statements left."""
    from meervoud.stories.models import Story

    story = Story.objects.filter(pk=story_id).only("text", "helped", "hindered").first()
    if story is None:
        return forget_story(story_id)
    fields = {name: getattr(story, name) or "" for name in ("text", "helped", "hindered")}
    gone, moved, searched = [], [], {}
    for statement in Statement.objects.filter(story_id=story_id).order_by("field", "start"):
        value = fields.get(statement.field, "")
        # a sentence told twice: the next place it stands, else any
        start = value.find(statement.text, searched.get(statement.field, 0))
        start = start if start >= 0 else value.find(statement.text)
        if start < 0:
            gone.append(statement.pk)
            continue
        searched[statement.field] = start + len(statement.text)
        if (statement.start, statement.end) != (start, start + len(statement.text)):
            statement.start, statement.end = start, start + len(statement.text)
            moved.append(statement)
    Statement.objects.bulk_update(moved, ["start", "end"], batch_size=500)
    deleted = 0
    if gone:
        statements = Statement.objects.filter(pk__in=gone)
        # a sentence still told in another answer of hers may still be quoted
        unquote = [text for text in statements.values_list("text", flat=True)
                   if not any(text in value for value in fields.values())]
        deleted, _touched = _take_out(statements, unquote=unquote)
    _forget_fingerprint(story_id)
    if analysable_story_ids().filter(pk=story_id).exists():
        request_analysis(reason=f"story {story_id} corrected")
    return deleted
