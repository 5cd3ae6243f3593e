"""Undoing a peer expert's merge of two themes (``undo_merge``), from what the merge kept in its
two history events (``curation.merge``): the merged theme comes back with its key, statements,
pins, codes, sub-themes and texts, and a validation only as the second peer expert gave it.

Only the target's last merge, and only while nothing since would be undone or contradicted by
it (``merge_undo_offer`` says why not, for the theme page)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from meervoud.core.db import in_chunks
from meervoud.knowledge import naming
from meervoud.knowledge.curation import (
    insight_version, lock_themes, log_event, still_active, unvalidate, without_withdrawn,
)
from meervoud.knowledge.models import AnalysisRun, CurationEvent, ManualCoding, Statement, Theme
from meervoud.knowledge.services import refresh_evidence


# What may happen to the two themes after a merge without standing in the way of undoing it: about
# a sentence wherever it stands (its kind, a quote decision), or the system's own doing (a label
# counted again, a validation taken away by a withdrawal or by the merge itself).
_HARMLESS = ("label", "kind", "quote-approved", "quote-refused")
_SYSTEM_UNVALIDATE = ("merge", "withdrawn", "unnamed")


class MergeUndone(ValueError):
    """The merge was undone already (a second click, a colleague)."""

    @property
    def message(self) -> str:
        return gettext("Dit samenvoegen is al ongedaan gemaakt. Er is niets veranderd.")


class UndoRefused(ValueError):
    """Undoing the merge would not give back what it took: ``message`` says why."""

    def __init__(self, message: str):
        super().__init__("undo refused")  # never the names: an error may be logged
        self.message = message


class NotAMerge(LookupError):
    """No merge into this theme has that event."""


@dataclass(frozen=True)
class UndoneMerge:
    theme: Theme  # the merged theme, in use again
    statements: int  # statements back in it
    validation_lost: list[str]  # titles of themes whose validation was not restored (words cut since)


@dataclass(frozen=True)
class UndoOffer:
    """The target's last merge, for its page: ``refusal`` says why it can no longer be undone."""

    event: CurationEvent
    title: str
    refusal: str | None


def _merge_undone(event: CurationEvent) -> bool:
    return CurationEvent.objects.filter(theme_id=event.theme_id, action="unmerge", detail__merge=event.pk).exists()


def _merged_into(event: CurationEvent, source: Theme | None) -> CurationEvent | None:
    if source is None:
        return None
    return CurationEvent.objects.filter(theme=source, action="merged-into", detail__merge=event.pk).first()


def _changed_since(event: CurationEvent, target: Theme, source: Theme) -> CurationEvent | None:
    """The first change to either theme after the merge that undoing it would undo or contradict."""
    later = (CurationEvent.objects.filter(theme__in=[target.pk, source.pk], pk__gt=event.pk)
             .exclude(action__in=_HARMLESS).select_related("theme").order_by("pk"))
    for change in later:
        if change.action == "unvalidate" and change.detail.get("reason") in _SYSTEM_UNVALIDATE:
            continue
        if change.action == "merged-into" and change.detail.get("merge") == event.pk:
            continue  # the merge's own line on the merged theme
        return change
    return None


def _moved_on(undo: dict, target: Theme) -> bool:
    """Whether statements that came with the merge (those still told) left the place the merge
    gave them: moved into a sub-theme of the target, whose own history says so, not the target's."""
    came = {key for *_place, keys in undo["statements"] for key in keys}
    if not came:
        return False
    held = set(Statement.objects.filter(
        pinned_theme=target, theme_id=target.parent_id or target.pk,
        subtheme_id=target.pk if target.parent_id else None).values_list("key", flat=True))
    return any(Statement.objects.filter(key__in=chunk).exists() for chunk in in_chunks(came - held))


def _undo_refusal(event: CurationEvent, target: Theme, source: Theme | None) -> str | None:
    """Why this merge can no longer be undone, in words; None: it can. The rule: it is the
    target's last merge, and since then no analysis ran (it places statements anew), none is
    running, and neither theme was changed by a person (beyond a sentence's kind or a quote)."""
    merged_into = _merged_into(event, source)
    if not event.detail.get("undo") or merged_into is None or "was" not in merged_into.detail:
        return gettext("Dit samenvoegen gebeurde voordat Meervoud het ongedaan kon maken. Verplaats de "
                       "uitspraken met de hand, of splits ze af.")
    change = _changed_since(event, target, source)
    if change is not None:
        return gettext("Dit kan niet meer ongedaan worden gemaakt: na het samenvoegen is ‘%(theme)s’ nog "
                       "veranderd (%(change)s). Verplaats uitspraken die niet bij dit thema horen, of "
                       "splits ze af.") % {"theme": change.theme.working_title,
                                          "change": change.DESCRIPTIONS.get(change.action, change.action)}
    if AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE, finished_at__gt=event.at).exists():
        return gettext("Dit kan niet meer ongedaan worden gemaakt: na het samenvoegen is er een nieuwe "
                       "analyse geweest. Die heeft de uitspraken opnieuw ingedeeld. Verplaats uitspraken "
                       "die niet bij dit thema horen, of splits ze af.")
    if any(not run.interrupted for run in AnalysisRun.objects.filter(status=AnalysisRun.Status.RUNNING)):
        return gettext("Dit kan nu niet ongedaan worden gemaakt: er loopt een analyse. Die deelt de "
                       "uitspraken opnieuw in.")
    values = {"merged": source.working_title}
    parent = Theme.objects.filter(pk=source.parent_id).first() if source.parent_id else None
    if parent is not None and not parent.active:
        return gettext("Dit kan niet meer ongedaan worden gemaakt: ‘%(merged)s’ was een subthema van een "
                       "thema dat niet meer bestaat als apart thema.") % values
    if source.active or _moved_on(event.detail["undo"], target):
        return gettext("Dit kan niet meer ongedaan worden gemaakt: uitspraken die met ‘%(merged)s’ "
                       "meekwamen, staan intussen ergens anders. Verplaats ze met de hand, of splits ze "
                       "af.") % values
    was = merged_into.detail["was"]
    for name in (was.get("name") or "", was.get("name_draft") or ""):
        if naming.taken_by(name, parent_id=source.parent_id) is not None:
            return gettext("Dit kan nu niet ongedaan worden gemaakt: een ander thema heet intussen "
                           "‘%(name)s’. Geef dat thema eerst een andere naam.") % {"name": name.strip()}
    return None


def merge_undo_offer(theme: Theme) -> UndoOffer | None:
    """The theme's last merge that is not undone, with why it cannot be undone (if so); None
    when it has none."""
    event = theme.curation_events.filter(action="merge").order_by("-pk").first()
    if event is None or _merge_undone(event):
        return None
    source = Theme.objects.filter(key=event.detail.get("merged", "")).first()
    title = source.working_title if source else event.detail.get("merged_title", "")
    return UndoOffer(event=event, title=title, refusal=_undo_refusal(event, theme, source))


def _uncut(text: str) -> str:
    return without_withdrawn(text) or text


def _restore_validation(theme: Theme, state: dict, users: set[int]) -> bool:
    """Give the theme back the validation ``state`` kept, as it was: the second peer expert's,
    never a new one. Not when the text it covered lost words since (a narrator withdrew): what
    was validated is no longer what it says, so it goes back to the peer experts. Returns
    whether a validation was lost that way. The caller saves."""
    validated_at = parse_datetime(state["validated_at"]) if state.get("validated_at") else None
    if validated_at is None:
        theme.validated_at, theme.validated_by = None, None
        return False
    if insight_version(theme.insight) != state.get("insight_version"):
        unvalidate(theme)
        return True
    theme.validated_at = validated_at
    theme.validated_by_id = state.get("validated_by") if state.get("validated_by") in users else None
    return False


@transaction.atomic
def undo_merge(target: Theme, event_pk: int, *, user) -> UndoneMerge:
    """Undo the merge that ``event_pk`` (a ``merge`` event of ``target``) recorded: the merged
    theme is in use again under its own key, with its name, collective statement, drafts,
    validation, labels, sub-themes, pins, codes and the statements still told (a story
    withdrawn since stays out; words cut since stay cut). Locked like merge, move and split,
    so a colleague's merge at the same moment waits or is refused; refused with the reason
    (:class:`UndoRefused`) when something changed since (:func:`_undo_refusal`), and
    :class:`MergeUndone` for a second click."""
    event = CurationEvent.objects.filter(pk=event_pk, theme=target.pk, action="merge").first()
    if event is None:
        raise NotAMerge(event_pk)
    source = Theme.objects.filter(key=event.detail.get("merged", "")).first()
    sub_keys = [item["key"] for item in (event.detail.get("undo") or {}).get("subthemes", [])]
    locked = lock_themes([target.pk, target.parent_id, *((source.pk, source.parent_id) if source else ()),
                    *Theme.objects.filter(key__in=sub_keys).values_list("pk", flat=True)])
    if _merge_undone(event):
        raise MergeUndone(event.pk)
    target = locked[target.pk]
    still_active(target, locked, own=True)
    event = CurationEvent.objects.get(pk=event.pk)  # as stored now: a withdrawal may have cut words
    source = locked[source.pk] if source else None
    refusal = _undo_refusal(event, target, source)
    if refusal:
        raise UndoRefused(refusal)
    undo, was = event.detail["undo"], _merged_into(event, source).detail["was"]
    named = ({key for group in undo["statements"] for key in group[:3]}
             | {group[0] for group in (*undo["pins"], *undo["codings"])}) - {None}
    themes = {theme.key: theme for theme in Theme.objects.filter(key__in=named)}

    restored = 0
    for theme_key, sub_key, pin_key, keys in undo["statements"]:
        for chunk in in_chunks(keys):  # those still told: a withdrawn story's are gone
            restored += Statement.objects.filter(key__in=chunk, pinned_theme=target).update(
                theme=themes.get(theme_key), subtheme=themes.get(sub_key), pinned_theme=themes.get(pin_key))
    for pin_key, keys in undo["pins"]:
        for chunk in in_chunks(keys):
            Statement.objects.filter(key__in=chunk, pinned_theme=target).update(pinned_theme=themes.get(pin_key))
    for theme_key, pks in undo["codings"]:
        if theme_key in themes:
            for chunk in in_chunks(pks):  # a researcher's code whose narrator withdrew is gone too
                ManualCoding.objects.filter(pk__in=chunk, theme=target).update(theme=themes[theme_key])
    subs = {sub.key: sub for sub in Theme.objects.filter(key__in=sub_keys)}
    for item in undo["subthemes"]:
        if item["key"] in subs:
            Theme.objects.filter(pk=subs[item["key"]].pk).update(
                active=True, label=item["label"], label_hint=item["label_hint"], keywords=item["keywords"],
                updated_at=timezone.now())

    users = set(get_user_model().objects.filter(pk__in=[
        was.get("name_written_by"), was.get("insight_written_by"), was.get("validated_by"),
        undo.get("target", {}).get("validated_by")]).values_list("pk", flat=True))
    lost = []
    source.active, source.curated = True, True
    source.label, source.label_hint, source.keywords = was["label"], was["label_hint"], was["keywords"]
    source.name, source.name_draft = was["name"], was["name_draft"]
    # from the merge's event: where a withdrawal since cut words, as from the theme itself
    source.insight = _uncut(event.detail.get("merged_insight") or "")
    draft = event.detail.get("merged_draft")
    source.insight_draft = None if draft is None else _uncut(draft)
    source.name_written_by_id = was.get("name_written_by") if was.get("name_written_by") in users else None
    source.insight_written_by_id = was.get("insight_written_by") if was.get("insight_written_by") in users else None
    if _restore_validation(source, was, users):
        lost.append(source.title)
    source.save(update_fields=["active", "curated", "label", "label_hint", "keywords", "name", "name_draft",
                               "insight", "insight_draft", "name_written_by", "insight_written_by",
                               "validated_at", "validated_by", "updated_at"])
    if "target" in undo:  # the merge took the target's validation: it holds what was validated again
        state, now_text = undo["target"], target.insight
        target.insight = _uncut(event.detail.get("target_insight") or "")
        target.insight_draft = now_text if state.get("had_draft") else None
        target.name, target.name_draft = state["name"], state["name_draft"]
        if _restore_validation(target, state, users):
            lost.append(target.title)
    target.curated = True
    target.save(update_fields=["curated", "insight", "insight_draft", "name", "name_draft", "validated_at",
                               "validated_by", "updated_at"])
    refresh_evidence({target.pk, target.parent_id, source.pk, source.parent_id,
                      *(sub.pk for sub in subs.values())} - {None})
    log_event(target, user, "unmerge", merge=event.pk, restored=source.key, to=source.title, count=restored)
    log_event(source, user, "unmerged", merge=event.pk, into=target.key, to=target.title, count=restored)
    source.refresh_from_db()
    return UndoneMerge(theme=source, statements=restored, validation_lost=lost)
