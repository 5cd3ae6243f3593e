"""What peer experts do to themes: name them, write the collective statement, merge, split,
move statements, validate. Each action is recorded, and every structural change is stored
as a pin on the statements concerned, so the next analysis keeps it.

A structural change shows at once what the next analysis will keep: statements land where
the engine's pins put them (``engine.apply_pins``), and the themes they left or joined count
their narrators again straight away, so no page shows a number that no longer holds."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from meervoud.core.db import in_chunks
from meervoud.knowledge.identifying import identifying
from meervoud.knowledge.models import (CurationEvent, ManualCoding, Statement, Theme,
                                       WithdrawnQuote)
from meervoud.knowledge.quoting import quoted_runs, run_digest, strip_quoted
from meervoud.knowledge.services import refresh_evidence


def log_event(theme: Theme, user, action: str, **detail) -> CurationEvent:
    return CurationEvent.objects.create(theme=theme, user=user, action=action, detail=detail)


class NameChanged(ValueError):
    """Someone else renamed the theme after the renamer's page was loaded."""

    # raised by save_texts: what she changed and what was cut, so her form can show it again
    texts: "SavedTexts | None" = None


def current_name(theme: Theme) -> str:
    """What curators work on: the new name waiting for validation, or the published one
    ("": the analysis's label)."""
    return theme.name if theme.name_draft is None else theme.name_draft


def _parent_validated(theme: Theme) -> bool:
    return theme.parent_id is not None and Theme.objects.filter(
        pk=theme.parent_id, validated_at__isnull=False).exists()


def name_is_public(theme: Theme) -> bool:
    """Whether the Kennisbank shows this theme's name: a validated theme's, and a sub-theme's
    of a validated theme (its page lists the sub-themes by name)."""
    return theme.validated or _parent_validated(theme)


@transaction.atomic
def rename(theme: Theme, name: str, *, user, based_on: str | None = None) -> Theme:
    """Give the theme the peer experts' name (empty: the analysis's label again). The name of a
    theme the Kennisbank shows waits as a draft, like a new collective statement: the public
    pages keep the validated name until someone else validates the new one. ``based_on``: the
    :func:`name_version` the renamer's page showed; if a colleague renamed it since, nothing is
    stored and :class:`NameChanged` is raised, so no one's name vanishes unseen."""
    fresh = Theme.objects.select_for_update().only(
        "name", "label", "name_draft", "name_written_by", "validated_at", "parent").get(pk=theme.pk)
    theme.name, theme.label, theme.name_draft = fresh.name, fresh.label, fresh.name_draft
    theme.name_written_by_id, theme.validated_at, theme.parent_id = (
        fresh.name_written_by_id, fresh.validated_at, fresh.parent_id)
    name = name.strip()
    before = current_name(theme)
    if (name or theme.label) == (before or theme.label):
        return theme  # sent twice, or both chose the same name: nothing to lose
    if based_on is not None and based_on != name_version(theme):
        raise NameChanged(theme.title)
    old = theme.waiting_name or theme.title
    if name_is_public(theme):
        theme.name_draft = None if name == theme.name else name
        theme.name_written_by = user if theme.name_draft is not None else None
    else:
        theme.name, theme.name_draft = name, None
        # back to the analysis's label: no words of hers wait
        theme.name_written_by = user if name else None
    theme.curated = True
    theme.save(update_fields=["name", "name_draft", "name_written_by", "curated"])
    log_event(theme, user, "rename", old=old, new=theme.waiting_name or theme.title,
         **({"draft": True} if theme.name_draft is not None else {}))
    return theme


class InsightChanged(ValueError):
    """Someone else saved the collective statement after the writer's page was loaded."""

    texts: "SavedTexts | None" = None  # as NameChanged.texts


def _plain(text: str) -> str:
    """The text as a browser sends it back, whatever its line ends: for comparing, not storing."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def insight_version(text: str) -> str:
    """A fingerprint of the collective statement a form was filled in on."""
    return hashlib.sha256(_plain(text).encode()).hexdigest()[:16]


def name_version(theme: Theme) -> str:
    """A fingerprint of the peer experts' name a rename form was filled in on (the new name
    waiting, if any). Of their name only: a new label from the analysis replaces nobody's words."""
    return insight_version(current_name(theme))


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
    fresh = Theme.objects.select_for_update().only(
        "insight", "insight_draft", "insight_written_by", "validated_at").get(pk=theme.pk)
    theme.insight, theme.insight_draft = fresh.insight, fresh.insight_draft
    theme.insight_written_by_id, theme.validated_at = fresh.insight_written_by_id, fresh.validated_at
    before = current_insight(theme)
    if based_on is not None and based_on != insight_version(before):
        raise InsightChanged(before)
    text = text.strip()
    text = without_withdrawn(text) or text
    if _plain(text) == _plain(before):
        return theme
    if theme.validated:
        theme.insight_draft = None if _plain(text) == _plain(theme.insight) else text
        theme.insight_written_by = user if theme.insight_draft is not None else None
    else:
        theme.insight, theme.insight_draft = text, None
        theme.insight_written_by = user if text else None
    theme.curated = True
    theme.save(update_fields=["insight", "insight_draft", "insight_written_by", "curated"])
    # the words it replaced stay readable in the history
    log_event(theme, user, "insight", old=before)
    return theme


@dataclass(frozen=True)
class SavedTexts:
    """What :func:`save_texts` did with the name and collective statement of one form."""

    name_changed: bool = False  # she changed the name on her page (only then is it stored)
    insight_changed: bool = False
    cut: str | None = None  # her text without words a narrator withdrew after the page was opened
    name_waits: bool = False  # her new name waits until someone else validates it
    insight_waits: bool = False
    had_name: bool = False  # the theme had a name or label before: the Kennisbank had one to keep

    @property
    def words_cut(self) -> bool:
        return self.cut is not None


def _changed(text: str | None, was: str | None) -> bool:
    """Whether she changed a field she sent (``text``) from the version her page was opened on
    (``was``); a form without that version counts as changed."""
    return text is not None and (was is None or insight_version(text) != was)


def save_texts(theme: Theme, *, user, name: str | None = None, insight: str | None = None,
               name_was: str | None = None, insight_was: str | None = None) -> SavedTexts:
    """Store the name and the collective statement sent by one form (None: not sent).
    ``name_was``/``insight_was``: the :func:`name_version`/:func:`insight_version` her page was
    opened on. Only what she changed is stored, both or neither: a field she left as it was does
    not overwrite what a colleague saved meanwhile, and a conflict on one keeps the other from
    being stored (:class:`NameChanged`/:class:`InsightChanged`, with ``texts`` set; ``theme``
    is then as stored)."""
    name_changed = _changed(name, name_was)
    if name_changed and not current_name(theme) and name.strip() == theme.label:
        name_changed = False  # the field showed the analysis's label: she kept it
    insight_changed = _changed(insight, insight_was)
    # words a narrator withdrew after her page was opened: never stored, nor shown again
    cut = without_withdrawn(insight) if insight_changed else None
    had_name = bool(theme.name or theme.label)
    try:
        with transaction.atomic():
            if name_changed:
                rename(theme, name, user=user, based_on=name_was)
            if insight_changed:
                write_insight(theme, insight, user=user, based_on=insight_was)
    except (NameChanged, InsightChanged) as conflict:
        theme.refresh_from_db()  # a rename undone with the transaction may still be on it
        conflict.texts = SavedTexts(name_changed=name_changed, insight_changed=insight_changed, cut=cut,
                                    had_name=had_name)
        raise
    return SavedTexts(name_changed=name_changed, insight_changed=insight_changed, cut=cut,
                      name_waits=name_changed and theme.name_draft is not None,
                      insight_waits=insight_changed and theme.insight_draft is not None,
                      had_name=had_name)


class OwnWords(ValueError):
    """The validator wrote (part of) what validating would publish: someone else validates it."""


class OwnSubthemeNames(OwnWords):
    """Validating the theme would publish names of its sub-themes that the validator gave
    (``names``): the Kennisbank lists a validated theme's sub-themes by name."""

    def __init__(self, names: list[str]):
        super().__init__("subthemes")  # never the names: an error may be logged
        self.names = names

    @property
    def message(self) -> str:
        names = ", ".join(f"“{name}”" for name in self.names)
        return ngettext(
            "Er is niets gevalideerd. Je hebt het subthema %(names)s zelf een naam gegeven. Valideren "
            "zet die naam in de Kennisbank. Iemand anders leest hem na en valideert het thema: zo "
            "kijken altijd twee mensen naar wat in de Kennisbank komt.",
            "Er is niets gevalideerd. Je hebt de subthema's %(names)s zelf een naam gegeven. Valideren "
            "zet die namen in de Kennisbank. Iemand anders leest ze na en valideert het thema: zo "
            "kijken altijd twee mensen naar wat in de Kennisbank komt.", len(self.names)) % {"names": names}


class Unnamed(ValueError):
    """The theme has neither a name nor a label: validated, the Kennisbank would show it as
    "Thema zonder naam", which a reader cannot tell apart, search for or refer to."""

    @property
    def message(self) -> str:
        return gettext("Er is niets gevalideerd. Het thema heeft nog geen naam. Geef het thema eerst "
                       "een naam. Daarna kan iemand anders het valideren.")


class IdentifyingText(ValueError):
    """What validating would publish names a person (``fields``: "name", "insight"; ``found``:
    (kind, words) pairs): it is not published."""

    def __init__(self, fields: list[str], found: list[tuple[str, str]]):
        super().__init__(", ".join(fields))  # never the words: an error may be logged
        self.fields, self.found = fields, found


def own_words(theme: Theme, user) -> list[str]:
    """What of the words validating would publish this person wrote: "name", "insight", and
    "subthemes" (:func:`own_subtheme_names`)."""
    if user is None or user.pk is None:
        return []
    mine = [field for field, writer in (("name", theme.name_written_by_id),
                                        ("insight", theme.insight_written_by_id)) if writer == user.pk]
    return mine + (["subthemes"] if own_subtheme_names(theme, user) else [])


def _unread_subtheme_names(theme: Theme):
    """The sub-themes whose name a theme's first validation publishes (the Kennisbank lists a
    validated theme's sub-themes by name) and that nobody but their writer has read. Of a
    validated theme a new sub-theme name waits as a draft instead (:func:`rename`)."""
    if theme.parent_id is not None or theme.validated:
        return Theme.objects.none()
    return theme.subthemes.filter(active=True, name_draft=None, name_written_by__isnull=False).exclude(name="")


def own_subtheme_names(theme: Theme, user) -> list[str]:
    """The names this person gave to sub-themes that validating ``theme`` would publish."""
    if user is None or user.pk is None:
        return []
    return list(_unread_subtheme_names(theme).filter(name_written_by=user).values_list("name", flat=True))


def _identifying_fields(theme: Theme) -> tuple[list[str], list[tuple[str, str]]]:
    """The texts validating would publish that name a person, and what was found in them. A
    text typed before this check existed, or stored another way (an import), is caught here."""
    fields, found = [], []
    for field, text in (("name", current_name(theme)), ("insight", current_insight(theme))):
        hits = identifying(text)
        if hits:
            fields.append(field)
            found += hits
    return fields, found


@transaction.atomic
def set_validated(theme: Theme, validated: bool, *, user, based_on: str | None = None,
                  name_based_on: str | None = None) -> Theme:
    """Validate, or take the validation away. Validating a theme with a new text or name waiting
    publishes it. ``based_on``: the :func:`insight_version` of the text the validator's page
    showed (the new text, or the one text of a theme validated for the first time), so a text
    nobody read is never published by their click (:class:`InsightChanged`); ``name_based_on``
    likewise the :func:`name_version` (:class:`NameChanged`). An empty version (a form without
    one) is trusted only when nothing new waits.

    Four eyes: nobody validates words they wrote themselves (:class:`OwnWords`), the
    administrator neither, as with the teaching module's contributions; and words that name a
    person are not published (:class:`IdentifyingText`)."""
    fresh = Theme.objects.select_for_update().only(
        "insight", "insight_draft", "validated_at", "name", "label", "name_draft", "parent",
        "name_written_by", "insight_written_by").get(pk=theme.pk)
    for field in ("insight", "insight_draft", "validated_at", "name", "label", "name_draft", "parent_id",
                  "name_written_by_id", "insight_written_by_id"):
        setattr(theme, field, getattr(fresh, field))
    draft, name_draft = theme.insight_draft is not None, theme.name_draft is not None
    shown = current_insight(theme)
    if validated and based_on is not None and (based_on or draft) and based_on != insight_version(shown):
        raise InsightChanged(shown)
    if (validated and name_based_on is not None and (name_based_on or name_draft)
            and name_based_on != name_version(theme)):
        raise NameChanged(theme.title)
    if validated == theme.validated and not (validated and (draft or name_draft)):
        return theme  # sent twice, or from a stale page: who validated first stays
    if validated and not (current_name(theme) or theme.label):
        raise Unnamed(theme.key)
    fields = ["insight", "insight_draft", "name", "name_draft", "validated_at", "validated_by", "curated"]
    if not validated:
        unvalidate(theme)
        theme.curated = True
        theme.save(update_fields=fields)
        log_event(theme, user, "unvalidate")
        return theme
    mine = own_words(theme, user)
    if mine == ["subthemes"]:
        raise OwnSubthemeNames(own_subtheme_names(theme, user))
    if mine:
        raise OwnWords(", ".join(mine))
    identifying_fields, found = _identifying_fields(theme)
    if found:
        raise IdentifyingText(identifying_fields, found)
    if draft:  # validating publishes the new text
        theme.insight, theme.insight_draft = theme.insight_draft, None
    if name_draft:  # and the new name
        theme.name, theme.name_draft = theme.name_draft, None
    # someone else has read them now: they wait for nobody any more
    theme.name_written_by, theme.insight_written_by = None, None
    _unread_subtheme_names(theme).update(name_written_by=None)
    theme.validated_at, theme.validated_by = timezone.now(), user
    theme.curated = True
    theme.save(update_fields=[*fields, "name_written_by", "insight_written_by"])
    log_event(theme, user, "validate", **({"published": True} if draft else {}),
         **({"name": theme.title} if name_draft else {}))
    return theme


@transaction.atomic
def label_changed(theme: Theme, before: str, *, k: int) -> None:
    """The analysis's label of the theme lost words: fewer than ``k`` of its narrators use them
    now (after a withdrawal or a move: ``services.refresh_evidence``; or a new analysis). Its
    history says so, for peer experts who knew the theme by it. A validated theme left without
    any name goes back to them: the Kennisbank does not publish a theme it cannot name, so it
    waits until someone names it and someone else validates it again."""
    log_event(theme, None, "label", old=before, new=theme.label, k=k)
    fresh = Theme.objects.select_for_update().get(pk=theme.pk)
    if fresh.label or fresh.name or fresh.parent_id is not None or not fresh.validated:
        return
    unvalidate(fresh)
    fresh.save(update_fields=["insight", "insight_draft", "name", "name_draft", "validated_at", "validated_by"])
    log_event(fresh, None, "unvalidate", reason="unnamed")
    theme.validated_at, theme.validated_by = None, None


def unvalidate(theme: Theme) -> None:
    """Not validated any more: a new text or name that was waiting becomes the one text or name
    (nothing of the theme is public now, so there is nothing to wait for; a sub-theme's name
    is, while its theme is validated). Who wrote it still cannot validate it. The caller saves."""
    if theme.insight_draft is not None:
        theme.insight, theme.insight_draft = theme.insight_draft, None
    if theme.name_draft is not None and not _parent_validated(theme):
        theme.name, theme.name_draft = theme.name_draft, None
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
        text_changed = theme.validated and insight is not None
        if text_changed:
            unvalidate(theme)
        theme.save(update_fields=["insight", "insight_draft", "name", "name_draft", "validated_at",
                                  "validated_by"])
        if text_changed:
            log_event(theme, None, "unvalidate", reason="withdrawn")
        changed.append(theme.pk)
    for event in CurationEvent.objects.filter(action__in=["insight", "merge", "name-lost", "merged-subtheme"]):
        detail = dict(event.detail)
        for field in ("old", "merged_insight", "merged_draft", "insight", "draft", "target_insight", "target_draft"):
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


class ThemeGone(ValueError):
    """A theme the action needs was merged away or retired after the page was loaded (another
    curator, another tab): nothing was changed. ``own``: the theme whose page she acted on."""

    def __init__(self, theme: Theme, *, own: bool):
        super().__init__(theme.key)
        self.theme, self.own = theme, own

    @property
    def message(self) -> str:
        # also what the form says when the page is sent after the merge (forms.StatementActionForm)
        if self.own:
            return gettext("Dit thema bestaat niet meer als apart thema: het is samengevoegd of "
                           "opgeheven. Er is niets veranderd.")
        return gettext("‘%(name)s’ bestaat niet meer als apart thema: iemand heeft het net "
                       "samengevoegd of opgeheven. Er is niets veranderd. Kies een ander "
                       "thema.") % {"name": self.theme.working_title}


def lock_themes(pks) -> dict[int, Theme]:
    """These themes as stored now, locked until the transaction ends: every theme an action
    changes (its counts too), taken at its start and in one order, as ``services.store_result``
    takes them all, so two writers never wait on each other. A form checks that a theme is
    active when the page is sent; a colleague's merge may commit between that check and the
    action, and only a fresh, locked read sees it."""
    wanted = {pk for pk in pks if pk is not None}
    return {theme.pk: theme for theme in Theme.objects.select_for_update().filter(pk__in=wanted).order_by("pk")}


def _homes(statements) -> set[int]:
    """The themes and sub-themes holding these statements (a queryset) now."""
    return {pk for pair in statements.values_list("theme_id", "subtheme_id") for pk in pair} - {None}


def still_active(theme: Theme, locked: dict[int, Theme], *, own: bool) -> None:
    """Raise :class:`ThemeGone` unless the theme (and its parent: a merged theme takes its
    sub-themes with it) is still in use."""
    parent = (locked.get(theme.parent_id) or Theme.objects.get(pk=theme.parent_id)) if theme.parent_id else None
    if not theme.active or (parent is not None and not parent.active):
        raise ThemeGone(theme, own=own)


@transaction.atomic
def move_statements(statements, target: Theme, *, user, log_sources: bool = True) -> int:
    """Pin statements to a theme; the next analysis keeps them there. Both sides' histories
    say so: the target that they came, each theme they left that they went. A target merged
    away meanwhile is refused (:class:`ThemeGone`): statements pinned there would be in no list."""
    keys = [statement.key for statement in statements]
    sources = {pk for chunk in in_chunks(keys) for pk in _homes(Statement.objects.filter(key__in=chunk))}
    locked = lock_themes([target.pk, target.parent_id, *sources])
    target = locked[target.pk]
    still_active(target, locked, own=False)
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
    log_event(target, user, "move", statements=keys)
    if log_sources:
        for source in Theme.objects.filter(pk__in=left):
            log_event(source, user, "move-out", statements=left[source.pk], into=target.key, to=target.title)
    return len(keys)


def _subtheme_words(source: Theme) -> list[dict]:
    """The sub-themes a merge retires with ``source``, with what peer experts wrote on them (names
    and collective statements), for the target's history (as a re-analysis's ``name-lost``
    keeps them): the question before the merge promises it."""
    words = []
    for sub in source.subthemes.filter(active=True).order_by("pk"):
        words.append({"name": sub.name or sub.name_draft or sub.working_title, "subtheme": sub.key,
                      "merged": source.key, "merged_title": source.title,
                      **({"insight": sub.insight} if sub.insight else {}),
                      **({"draft": sub.insight_draft} if sub.insight_draft else {})})
    return words


def _engine_words(theme: Theme) -> dict:
    """What counting a theme again clears once it holds no statement (``refresh_evidence``)."""
    return {"label": theme.label, "label_hint": theme.label_hint, "keywords": list(theme.keywords)}


def _validation_state(theme: Theme) -> dict:
    """A theme's validation and the name and text it covered (the text by fingerprint only: its
    words stay in fields a withdrawal cuts), to restore it as it was."""
    return {"validated_at": theme.validated_at.isoformat() if theme.validated_at else None,
            "validated_by": theme.validated_by_id, "name": theme.name, "name_draft": theme.name_draft,
            "insight_version": insight_version(theme.insight)}


def _own_state(source: Theme) -> dict:
    """What of the merged theme itself its ``merged-into`` event keeps for :func:`undo_merge`."""
    return {**_engine_words(source), **_validation_state(source),
            "name_written_by": source.name_written_by_id, "insight_written_by": source.insight_written_by_id}


def _grouped(rows) -> list:
    """Rows (where..., key) as [[where..., [keys]], ...]: each place once, not once per statement."""
    groups: dict[tuple, list] = {}
    for *place, key in rows:
        groups.setdefault(tuple(place), []).append(key)
    return [[*place, sorted(keys)] for place, keys in sorted(groups.items(), key=lambda item: str(item[0]))]


def _before_merge(source: Theme, gone: list[int]) -> dict:
    """Where a merge takes things from, by key, for the target's history event: the statements
    that come along (their theme, sub-theme and pin), statements pinned to it that stand
    elsewhere, coders' codes, and the sub-themes it retires with their labels."""
    came = Statement.objects.filter(Q(theme=source) | Q(subtheme=source))
    pinned_elsewhere = Statement.objects.filter(pinned_theme__in=gone).exclude(pk__in=came.values("pk"))
    return {
        "statements": _grouped(came.values_list("theme__key", "subtheme__key", "pinned_theme__key", "key")),
        "pins": _grouped(pinned_elsewhere.values_list("pinned_theme__key", "key")),
        "codings": _grouped(ManualCoding.objects.filter(theme__in=gone).values_list("theme__key", "pk")),
        "subthemes": [{"key": sub.key, **_engine_words(sub)}
                      for sub in Theme.objects.filter(parent=source, active=True).order_by("pk")],
    }


@transaction.atomic
def merge(source: Theme, target: Theme, *, user) -> Theme:
    """The whole theme, with its sub-themes, joins the target; what was pinned to it follows.
    Both are read fresh and locked: two curators merging two themes into each other at once
    would otherwise retire both (the second is refused: :class:`ThemeGone`). Returns the target
    as stored now. What it moves and clears is kept in the two history events, so that
    :func:`undo_merge` can put it back."""
    if source.pk == target.pk:
        raise ValueError("A theme cannot be merged into itself")
    locked = lock_themes([source.pk, source.parent_id, target.pk, target.parent_id,
                    *Theme.objects.filter(parent=source.pk).values_list("pk", flat=True)])
    source, target = locked[source.pk], locked[target.pk]
    still_active(source, locked, own=True)
    still_active(target, locked, own=False)
    if target.parent_id == source.pk:
        raise ValueError("A theme cannot be merged into its own sub-theme")
    # read before the sub-themes are retired; logged before the merge, which the history lists above
    for detail in _subtheme_words(source):
        log_event(target, user, "merged-subtheme", **detail)
    gone = [source.pk, *source.subthemes.values_list("pk", flat=True)]
    undo, was = _before_merge(source, gone), _own_state(source)
    # selected by theme, not by key: a large theme holds more statements than SQLite takes as parameters
    touched = _pin(Statement.objects.filter(Q(theme=source) | Q(subtheme=source)), target)
    Statement.objects.filter(pinned_theme__in=gone).update(pinned_theme=target)
    Statement.objects.filter(subtheme__in=gone).update(subtheme=None)
    # a coder's code names the theme, which now lives on in the target: agreement follows it
    ManualCoding.objects.filter(theme__in=gone).update(theme=target)
    Theme.objects.filter(pk__in=gone).update(active=False, curated=True, updated_at=timezone.now())
    target.curated = True
    # peer experts validated what the target held; statements nobody validated change that
    revalidate = target.validated and not source.validated
    target_texts = {}
    if revalidate:
        undo["target"] = {**_validation_state(target), "had_draft": target.insight_draft is not None}
        # words: where a withdrawal cuts them (forget_quoted)
        target_texts = {"target_insight": target.insight,
                        **({"target_draft": target.insight_draft} if target.insight_draft is not None else {})}
        unvalidate(target)
    target.save(update_fields=["curated", "insight", "insight_draft", "name", "name_draft", "validated_at",
                               "validated_by"])
    refresh_evidence(touched | set(gone))  # the retired ones hold nothing now: they show 0
    # the merged theme's own words stay readable in the target's history
    event = log_event(target, user, "merge", merged=source.key, merged_title=source.title, merged_insight=source.insight,
                 **({"merged_draft": source.insight_draft} if source.insight_draft is not None else {}),
                 undo=undo, **target_texts)
    log_event(source, user, "merged-into", into=target.key, to=target.title, merge=event.pk, was=was)
    if revalidate:
        log_event(target, user, "unvalidate", reason="merge")
    return target


@transaction.atomic
def split(theme: Theme, statements, name: str, *, user) -> Theme:
    """Move the chosen statements into a new theme of their own."""
    statements = list(statements)
    if not statements:
        raise ValueError("Choose at least one statement to split off")
    # merged away meanwhile: its statements are another theme's now (all it changes is locked
    # here, at once: see lock_themes)
    homes = {pk for chunk in in_chunks([s.pk for s in statements])
             for pk in _homes(Statement.objects.filter(pk__in=chunk))}
    locked = lock_themes([theme.pk, theme.parent_id, *homes])
    still_active(locked[theme.pk], locked, own=True)
    theme = locked[theme.pk]
    name = name.strip()
    # No automatic label: nobody but she wrote the name, so it is only ever her name and waits
    # for a second peer expert like any curator's (as a label it would pass for the analysis's,
    # be shown to researchers, and be hers to validate). The analysis labels the theme later,
    # from words k of its narrators use.
    if theme.parent_id and theme.parent.validated:
        # a new sub-theme of a published theme is listed there by name: hers waits for validation
        new = Theme.objects.create(key=f"c-{secrets.token_hex(6)}", label="", name_draft=name,
                                   name_written_by=user, curated=True, parent=theme.parent)
    else:
        new = Theme.objects.create(key=f"c-{secrets.token_hex(6)}", label="", name=name,
                                   name_written_by=user, curated=True, parent=theme.parent)
    move_statements(statements, new, user=user, log_sources=False)
    log_event(theme, user, "split", new=new.key, statements=[s.key for s in statements])
    return new


@dataclass(frozen=True)
class KindsSaved:
    """What :func:`set_kinds` did with the kinds one form sent."""

    changed: int = 0  # statements of this theme that now have the kind she chose
    stale: int = 0  # changed by a colleague after her page was opened, or left the theme: not stored


@transaction.atomic
def set_kinds(theme: Theme, chosen: dict[str, tuple[str | None, str]], *, user) -> KindsSaved:
    """Correct what the analysis guessed a statement of the theme is: helped, hindered, a need
    or other. ``chosen``: statement key -> (the kind her page showed, the kind she chose); only
    what she changed is stored, and never over a colleague's correction made after her page was
    opened. The same sentence told elsewhere gets the same kind: the analysis decides a kind per
    text and keeps a decided one (``services._Stored.known_kinds``), and two copies that differ
    would let it keep either. The themes concerned count again at once (the Kennisbank publishes
    the kinds' counts), and their history says so."""
    wanted = {key: (was, kind) for key, (was, kind) in chosen.items()
              if kind in Statement.Kind.values and kind != was}
    if not wanted:
        return KindsSaved()
    # the themes whose counts change: those holding a copy of one of the sentences
    mine = Statement.objects.filter(Q(theme=theme) | Q(subtheme=theme), key__in=list(wanted)[:1000])
    lock_themes([theme.pk, *_homes(Statement.objects.filter(content_hash__in=mine.values("content_hash")))])
    rows = []
    for chunk in in_chunks(list(wanted)):
        rows += Statement.objects.select_for_update().filter(
            Q(theme=theme) | Q(subtheme=theme), key__in=chunk).values_list("key", "kind", "content_hash")
    stale = len(wanted) - len(rows)  # a statement moved out of the theme meanwhile
    kind_of: dict[str, str] = {}  # content hash -> the kind she chose
    for key, kind, content_hash in rows:
        was, new = wanted[key]
        if kind == new:
            continue  # a colleague chose the same: nothing to lose
        if kind != was:
            stale += 1
            continue
        kind_of[content_hash] = new
    if not kind_of:
        return KindsSaved(stale=stale)
    changes: dict[int, dict[str, list[str]]] = {}  # theme -> statement key -> [before, after]
    touched: set[int] = set()
    for content_hash, new in kind_of.items():
        copies = Statement.objects.select_for_update().filter(content_hash=content_hash).exclude(kind=new)
        for key, kind, theme_id, subtheme_id in copies.values_list("key", "kind", "theme_id", "subtheme_id"):
            # her theme's history, or that of the theme holding the copy (one in no theme: none)
            home = theme.pk if theme.pk in (theme_id, subtheme_id) else theme_id
            if home is not None:
                changes.setdefault(home, {})[key] = [kind, new]
            touched.update(pk for pk in (theme_id, subtheme_id) if pk is not None)
        copies.update(kind=new)
    refresh_evidence(touched)
    for home in Theme.objects.filter(pk__in=changes).order_by("pk"):
        log_event(home, user, "kind", statements=sorted(changes[home.pk]), kinds=changes[home.pk])
    return KindsSaved(changed=len(changes.get(theme.pk, {})), stale=stale)
