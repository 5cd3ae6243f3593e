"""What peer experts do to themes: name them, write the collective statement, merge, split,
move statements, validate. Each action is recorded, and every structural change is stored
as a pin on the statements concerned, so the next analysis keeps it.

A structural change shows at once what the next analysis will keep: statements land where
the engine's pins put them (``engine.apply_pins``), and the themes they left or joined count
their narrators again straight away, so no page shows a number that no longer holds."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meervoud.core.db import in_chunks
from meervoud.knowledge.models import CurationEvent, ManualCoding, Statement, Theme, WithdrawnQuote
from meervoud.knowledge.quoting import quoted_runs, run_digest, strip_quoted
from meervoud.knowledge.services import refresh_evidence


def _log(theme: Theme, user, action: str, **detail) -> None:
    CurationEvent.objects.create(theme=theme, user=user, action=action, detail=detail)


class NameChanged(ValueError):
    """Someone else renamed the theme after the renamer's page was loaded."""


@transaction.atomic
def rename(theme: Theme, name: str, *, user, based_on: str | None = None) -> Theme:
    """Give the theme the peer experts' name (empty: the analysis's label again). ``based_on``:
    the :func:`name_version` the renamer's page showed; if a colleague renamed it since, nothing
    is stored and :class:`NameChanged` is raised, so no one's name vanishes unseen."""
    fresh = Theme.objects.select_for_update().only("name", "label").get(pk=theme.pk)
    theme.name, theme.label = fresh.name, fresh.label
    name = name.strip()
    if name == theme.name:
        return theme  # sent twice, or both chose the same name: nothing to lose
    if based_on is not None and based_on != name_version(theme):
        raise NameChanged(theme.title)
    old = theme.title
    theme.name = name
    theme.curated = True
    theme.save(update_fields=["name", "curated"])
    _log(theme, user, "rename", old=old, new=theme.title)
    return theme


class InsightChanged(ValueError):
    """Someone else saved the collective statement after the writer's page was loaded."""


def _plain(text: str) -> str:
    """The text as a browser sends it back, whatever its line ends: for comparing, not storing."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def insight_version(text: str) -> str:
    """A fingerprint of the collective statement a form was filled in on."""
    return hashlib.sha256(_plain(text).encode()).hexdigest()[:16]


def name_version(theme: Theme) -> str:
    """A fingerprint of the peer experts' name a rename form was filled in on. Of their name
    only: a new label from the analysis replaces nobody's words."""
    return insight_version(theme.name)


def _withdrawn_kept() -> timedelta:
    """How long withdrawn words stay recognisable. A page can only be sent while the login it
    was opened in lasts (SESSION_COOKIE_AGE; a new login changes the CSRF token, so an older
    page is refused); a day at least covers a login renewed meanwhile."""
    return max(timedelta(seconds=settings.SESSION_COOKIE_AGE), timedelta(days=1))


def purge_withdrawn_quotes(now=None) -> int:
    """Forget the digests of withdrawn words once no page opened before the withdrawal can be
    sent any more (for a retention rule too). Returns how many went."""
    now = now or timezone.now()
    deleted, _ = WithdrawnQuote.objects.filter(withdrawn_at__lt=now - _withdrawn_kept()).delete()
    return deleted


def without_withdrawn(text: str) -> str | None:
    """``text`` with every run of words a narrator withdrew lately cut out ("[…]", as
    :func:`forget_quoted` cuts them from what is stored); None when it holds none. A form
    opened before she withdrew still holds her words: this keeps them from coming back."""
    runs = {run_digest(run): run for run in quoted_runs([text or ""])}
    if not runs:
        return None
    since = timezone.now() - _withdrawn_kept()
    hits = {digest for chunk in in_chunks(runs) for digest in WithdrawnQuote.objects.filter(
        digest__in=chunk, withdrawn_at__gte=since).values_list("digest", flat=True)}
    return strip_quoted(text, {runs[digest] for digest in hits}) if hits else None


def current_insight(theme: Theme) -> str:
    """What curators work on: the new text waiting for validation, or the published one."""
    return theme.insight if theme.insight_draft is None else theme.insight_draft


@transaction.atomic
def write_insight(theme: Theme, text: str, *, user, based_on: str | None = None) -> Theme:
    """Store the collective statement. Of a validated theme the new words wait as a draft, and
    the Kennisbank keeps the validated ones until someone validates the new text (words nobody
    validated are not published as what peer experts say). ``based_on``: the
    :func:`insight_version` the writer's page showed; if a colleague saved since, nothing is
    stored and :class:`InsightChanged` is raised, so no one's words vanish unseen."""
    fresh = Theme.objects.select_for_update().only("insight", "insight_draft").get(pk=theme.pk)
    theme.insight, theme.insight_draft = fresh.insight, fresh.insight_draft
    before = current_insight(theme)
    if based_on is not None and based_on != insight_version(before):
        raise InsightChanged(before)
    text = text.strip()
    text = without_withdrawn(text) or text
    if _plain(text) == _plain(before):
        return theme
    if theme.validated:
        theme.insight_draft = None if _plain(text) == _plain(theme.insight) else text
    else:
        theme.insight, theme.insight_draft = text, None
    theme.curated = True
    theme.save(update_fields=["insight", "insight_draft", "curated"])
    # the words it replaced stay readable in the history
    _log(theme, user, "insight", old=before)
    return theme


@transaction.atomic
def set_validated(theme: Theme, validated: bool, *, user, based_on: str | None = None) -> Theme:
    """Validate, or take the validation away. Validating a theme with a new text waiting
    publishes that text; ``based_on``: the :func:`insight_version` of the text the validator's
    page showed (the new text, or the one text of a theme validated for the first time), so a
    text nobody read is never published by their click (:class:`InsightChanged`). An empty
    ``based_on`` (a form without a version) is trusted only when no new text waits."""
    fresh = Theme.objects.select_for_update().only("insight", "insight_draft", "validated_at").get(pk=theme.pk)
    theme.insight, theme.insight_draft, theme.validated_at = fresh.insight, fresh.insight_draft, fresh.validated_at
    draft = theme.insight_draft is not None
    shown = current_insight(theme)
    if validated and based_on is not None and (based_on or draft) and based_on != insight_version(shown):
        raise InsightChanged(shown)
    if validated == theme.validated and not (validated and draft):
        return theme  # sent twice, or from a stale page: who validated first stays
    if not validated:
        _unvalidate(theme)
        theme.curated = True
        theme.save(update_fields=["insight", "insight_draft", "validated_at", "validated_by", "curated"])
        _log(theme, user, "unvalidate")
        return theme
    if draft:  # validating publishes the new text
        theme.insight, theme.insight_draft = theme.insight_draft, None
    theme.validated_at, theme.validated_by = timezone.now(), user
    theme.curated = True
    theme.save(update_fields=["insight", "insight_draft", "validated_at", "validated_by", "curated"])
    _log(theme, user, "validate", **({"published": True} if draft else {}))
    return theme


def _unvalidate(theme: Theme) -> None:
    """Not validated any more: a new text that was waiting becomes the one text (nothing of the
    theme is public now, so there is nothing to wait for). The caller saves."""
    if theme.insight_draft is not None:
        theme.insight, theme.insight_draft = theme.insight_draft, None
    theme.validated_at, theme.validated_by = None, None


@transaction.atomic
def forget_quoted(texts: list[str]) -> list[int]:
    """A narrator withdrew: cut her words out of every collective statement that quotes them (its
    draft and the history's earlier versions too). A validated theme whose text changed goes back
    to the peer experts: what they validated is no longer what it says. Their digests are kept
    a while (:func:`without_withdrawn`): a page opened before cannot store them again. Returns
    the themes' ids."""
    runs = quoted_runs(texts)
    if not runs:
        return []
    now = timezone.now()
    purge_withdrawn_quotes(now)
    WithdrawnQuote.objects.bulk_create(
        [WithdrawnQuote(digest=run_digest(run), withdrawn_at=now) for run in runs], batch_size=500,
        update_conflicts=True, unique_fields=["digest"], update_fields=["withdrawn_at"])
    changed = []
    for theme in Theme.objects.select_for_update().filter(~Q(insight="") | Q(insight_draft__isnull=False)):
        insight = strip_quoted(theme.insight, runs)
        draft = strip_quoted(theme.insight_draft, runs) if theme.insight_draft else None
        if insight is None and draft is None:
            continue
        theme.insight = theme.insight if insight is None else insight
        theme.insight_draft = theme.insight_draft if draft is None else draft
        # what peer experts validated changed only if the published text did
        unvalidate = theme.validated and insight is not None
        if unvalidate:
            _unvalidate(theme)
        theme.save(update_fields=["insight", "insight_draft", "validated_at", "validated_by"])
        if unvalidate:
            _log(theme, None, "unvalidate", reason="withdrawn")
        changed.append(theme.pk)
    for event in CurationEvent.objects.filter(action__in=["insight", "merge"]):
        detail = dict(event.detail)
        for field in ("old", "merged_insight", "merged_draft"):
            stripped = strip_quoted(detail.get(field) or "", runs)
            if stripped is not None:
                detail[field] = stripped
        if detail != event.detail:
            CurationEvent.objects.filter(pk=event.pk).update(detail=detail)
    return changed


def _pin(rows, target: Theme) -> set[int]:
    """Pin these statements (a queryset) to ``target`` and place them as the next analysis
    will: a sub-theme also sets its parent; a theme holds them directly, in none of its
    sub-themes (moving a statement from a sub-theme to its theme takes it out of the sub-theme).
    Returns the ids of every theme concerned, before and after."""
    touched = {target.pk}
    for theme_id, subtheme_id in rows.values_list("theme_id", "subtheme_id").distinct():
        touched.update(pk for pk in (theme_id, subtheme_id) if pk is not None)
    if target.parent_id:
        touched.add(target.parent_id)
        rows.update(pinned_theme=target, theme=target.parent_id, subtheme=target)
    else:
        rows.update(pinned_theme=target, theme=target, subtheme=None)
    return touched


@transaction.atomic
def move_statements(statements, target: Theme, *, user, log_sources: bool = True) -> int:
    """Pin statements to a theme; the next analysis keeps them there. Both sides' histories
    say so: the target that they came, each theme they left that they went."""
    keys = [statement.key for statement in statements]
    touched, left = set(), {}
    for chunk in in_chunks(keys):  # a researcher's code may take more than one IN list holds
        rows = Statement.objects.filter(key__in=chunk)
        for key, theme_id, subtheme_id in rows.values_list("key", "theme_id", "subtheme_id"):
            for pk in {theme_id, subtheme_id} - {None, target.pk, target.parent_id}:
                left.setdefault(pk, []).append(key)
        touched |= _pin(rows, target)
    target.curated = True
    target.save(update_fields=["curated"])
    refresh_evidence(touched)
    _log(target, user, "move", statements=keys)
    if log_sources:
        for source in Theme.objects.filter(pk__in=left):
            _log(source, user, "move-out", statements=left[source.pk], to=target.title)
    return len(keys)


@transaction.atomic
def merge(source: Theme, target: Theme, *, user) -> Theme:
    """The whole theme, with its sub-themes, joins the target; what was pinned to it follows."""
    if source.pk == target.pk or target.parent_id == source.pk:
        raise ValueError("A theme cannot be merged into itself")
    if not (source.active and target.active):
        raise ValueError("Only active themes can be merged")
    # selected by theme, not by key: a large theme holds more statements than SQLite takes as parameters
    touched = _pin(Statement.objects.filter(Q(theme=source) | Q(subtheme=source)), target)
    gone = [source.pk, *source.subthemes.values_list("pk", flat=True)]
    Statement.objects.filter(pinned_theme__in=gone).update(pinned_theme=target)
    Statement.objects.filter(subtheme__in=gone).update(subtheme=None)
    # a coder's code names the theme, which now lives on in the target: agreement follows it
    ManualCoding.objects.filter(theme__in=gone).update(theme=target)
    Theme.objects.filter(pk__in=gone).update(active=False, curated=True, updated_at=timezone.now())
    target.curated = True
    # peer experts validated what the target held; statements nobody validated change that
    revalidate = target.validated and not source.validated
    if revalidate:
        _unvalidate(target)
    target.save(update_fields=["curated", "insight", "insight_draft", "validated_at", "validated_by"])
    refresh_evidence(touched | set(gone))  # the retired ones hold nothing now: they show 0
    # the merged theme's own words stay readable in the target's history
    _log(target, user, "merge", merged=source.key, merged_title=source.title, merged_insight=source.insight,
         **({"merged_draft": source.insight_draft} if source.insight_draft is not None else {}))
    _log(source, user, "merged-into", into=target.key, to=target.title)
    if revalidate:
        _log(target, user, "unvalidate", reason="merge")
    return target


@transaction.atomic
def split(theme: Theme, statements, name: str, *, user) -> Theme:
    """Move the chosen statements into a new theme of their own."""
    statements = list(statements)
    if not statements:
        raise ValueError("Choose at least one statement to split off")
    new = Theme.objects.create(
        key=f"c-{secrets.token_hex(6)}", label=name.strip(), name=name.strip(), curated=True,
        parent=theme.parent,
    )
    move_statements(statements, new, user=user, log_sources=False)
    _log(theme, user, "split", new=new.key, statements=[s.key for s in statements])
    return new
