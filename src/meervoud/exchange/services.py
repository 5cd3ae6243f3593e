"""Export to and import from QDA software, and deciding on what came back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.audit.models import Action, AuditEvent
from meervoud.audit.services import record
from meervoud.core.db import in_chunks
from meervoud.exchange import hand_coding, refiqda, selectors, snapshots
from meervoud.exchange.compare import Comparison, Known, NewTheme, compare, own_codings, still_open
from meervoud.exchange.curation import create_theme, remove_from_theme
from meervoud.exchange.models import CodingProposal, ProjectExport, ProposalItem
from meervoud.knowledge import curation
from meervoud.knowledge.models import Statement, Theme
from meervoud.stories.models import Purpose
from meervoud.stories.selectors import with_active_consent

QdpxError = refiqda.QdpxError


class ProposalError(ValueError):
    """An item that cannot be carried out (anymore); the message is meant for the user."""


@dataclass
class Export:
    data: bytes
    stamp: str
    story_ids: list[int]


def export_project(*, now=None) -> Export:
    """The .qdpx of what may be exported now, stamped with the snapshot it leaves behind."""
    project, known = selectors.export_data()
    snapshot = snapshots.as_json(known)
    stamp = snapshots.stamp_of(snapshot)
    ProjectExport.objects.get_or_create(stamp=stamp, defaults={"snapshot": snapshot})
    project.description = snapshots.description(stamp, selectors.made_from())
    data = refiqda.export_project(project, created_at=now or timezone.now())
    return Export(data, stamp, sorted({source.story for source in known.sources.values()}))


def export_qdpx(*, now=None) -> bytes:
    return export_project(now=now).data


@transaction.atomic
def record_export(by, export: Export, *, detail: str = "REFI-QDA") -> None:
    """One audit event for the export, and one per story it held: a narrator may ask to whom her
    story was given (AVG art. 15(1)(c)), and after she withdraws, who holds a copy. Ids only."""
    event = record(by, Action.EXPORT, "exchange.qdpx", export.stamp,
                   detail=f"{detail}, {len(export.story_ids)} verhalen")
    # One row per story, bulk: a project holds thousands of stories.
    same = {name: getattr(event, name) for name in ("at", "user_id", "username", "role", "action",
                                                   "path", "ip_hash")}
    AuditEvent.objects.bulk_create(
        [AuditEvent(object_type="stories.story", object_id=str(story_id),
                    detail=f"{detail}, export {export.stamp}", **same)
         for story_id in export.story_ids], batch_size=500)


def export_file_name(now=None) -> str:
    return f"meervoud-{timezone.localdate(now or timezone.now()).isoformat()}.qdpx"


@dataclass
class ImportResult:
    proposal: CodingProposal | None  # None: the file holds no changes
    comparison: Comparison
    # Names (as in the researcher's project) of sources whose story Meervoud may no longer give
    # him: research consent withdrawn, or the story deleted. Nothing of them is read.
    left: list[str] = field(default_factory=list)
    # "export": compared with the export the project was made from; "now": the project carries no
    # (known) export stamp, so it is compared with what Meervoud would export now.
    baseline: str = "export"
    # her own coding of statements, kept for the agreement between coders whatever the proposal
    codings: hand_coding.CodingCount = field(default_factory=hand_coding.CodingCount)


def _summary(comparison: Comparison, returned: refiqda.ParsedProject, baseline: str) -> dict:
    return {
        "baseline": baseline,
        "sources_in_file": len(returned.sources),
        "compared_sources": comparison.compared_sources,
        "unmatched": comparison.unmatched,
        "changed_sources": comparison.changed_sources,
        "empty_codes": [name.strip() or _("(zonder naam)") for name in comparison.empty_codes],
    }


def _name_of_new_theme(new: NewTheme) -> str:
    """A code may come back without a name; its description, or a plain placeholder, names the
    theme instead of the code's GUID."""
    first_line = next((line.strip() for line in new.description.splitlines() if line.strip()), "")
    return new.name or first_line[:80] or _("Nieuwe code zonder naam")


def import_qdpx(data: bytes, *, file_name: str, user) -> ImportResult:
    """Read a researcher's project: what she coded herself becomes her coding for the agreement
    between coders (in place of her previous project's), and what changed a proposal. Writes
    nothing when the file is wrong (QdpxError); no proposal when it changes nothing."""
    returned = refiqda.read_project(data)
    _project, now = selectors.export_data()
    export = selectors.project_export(snapshots.read_stamp(returned.description))
    baseline = "export" if export is not None else "now"
    known = snapshots.as_known(export.snapshot, now) if export is not None else now
    comparison = still_open(compare(known, returned), now)
    left, emptied = _gone_sources(returned, now, export)
    if returned.sources and not (left or emptied or any(s.guid in now.sources for s in returned.sources)):
        # her program read the texts as new sources: answering "no changes" would tell her the
        # peer experts have all her coding
        raise QdpxError(_("Meervoud herkent geen enkel verhaal in dit project: de bronnen hebben "
                          "andere kenmerken (GUID's) dan in de export van Meervoud. Dat gebeurt als "
                          "je programma de teksten als nieuwe bronnen inlas. Open de .qdpx van "
                          "Meervoud als REFI-QDA-project, codeer daarin en exporteer dat project "
                          "weer als .qdpx. Er is niets ingelezen."))
    comparison.changed_sources += emptied
    result = ImportResult(None, comparison, left=left, baseline=baseline)
    own = own_codings(known, returned, exported_guid=selectors.coding_guid, exporter=selectors.EXPORTER)
    with transaction.atomic():
        result.codings = hand_coding.keep(user, own)
        if comparison.empty:
            return result
        result.proposal = CodingProposal.objects.create(
            uploaded_by=user, file_name=file_name[:255], origin=returned.origin[:200],
            summary=_summary(comparison, returned, baseline))
        _create_items(result.proposal, comparison)
    return result


def _gone_sources(returned: refiqda.ParsedProject, now: Known, export) -> tuple[list[str], list[str]]:
    """The returned sources of Meervoud's stories that it does not export now, named as in the
    project: those whose story left the research (consent withdrawn, or deleted), and those whose
    story is still there without this part (a field emptied: its text changed). Sources of the
    researcher's own are not Meervoud's business and are not listed."""
    unknown = {source.guid: source.name for source in returned.sources if source.guid not in now.sources}
    stories = snapshots.exported_stories(export.snapshot) if export is not None else {}
    unresolved = {guid: name for guid, name in unknown.items() if guid not in stories}
    if unresolved:
        stories.update(selectors.stories_of_sources(unresolved))
    staying = {source.story for source in now.sources.values()}
    found: dict[bool, list] = {}
    for guid, name in unknown.items():
        story = stories.get(guid)
        if story is None:
            continue
        ours = f"{_('Verhaal')} {story}"
        # he may have renamed it; Meervoud's name is what he can search his project for
        shown = name if re.search(rf"\b{story}\b", name) else f"{name} ({ours})"
        found.setdefault(story in staying, []).append((story, shown))
    left, changed = (sorted(found.get(status, [])) for status in (False, True))
    return [name for _story, name in left], [name for _story, name in changed]


def _create_items(proposal: CodingProposal, comparison: Comparison) -> None:
    keys = {rename.theme for rename in comparison.renames}
    keys |= {move.target for move in comparison.moves} | {m.source_theme for m in comparison.moves}
    keys |= {removal.theme for removal in comparison.removals}
    themes = {theme.key: theme for theme in Theme.objects.filter(key__in=keys)}
    wanted = {move.statement for move in comparison.moves}
    wanted |= {removal.statement for removal in comparison.removals}
    wanted |= {key for new in comparison.new_themes for key in new.statements}
    statements = {}
    for chunk in in_chunks(wanted):  # a whole corpus recoded: more keys than one IN list takes
        statements.update((s.key, s) for s in Statement.objects.filter(key__in=chunk))

    def item(kind, *, statement_keys=(), **fields) -> None:
        created = ProposalItem.objects.create(proposal=proposal, kind=kind, **fields)
        if statement_keys:
            created.statements.set([statements[key] for key in statement_keys if key in statements])

    for rename in comparison.renames:
        item(ProposalItem.Kind.RENAME, theme=themes.get(rename.theme), name=rename.new[:200],
             old_name=rename.old[:200])
    for new in comparison.new_themes:
        item(ProposalItem.Kind.NEW_THEME, name=_name_of_new_theme(new)[:200], description=new.description,
             code_guid=new.guid, statement_keys=new.statements)
    for move in comparison.moves:
        item(ProposalItem.Kind.MOVE, theme=themes.get(move.target),
             from_theme=themes.get(move.source_theme), also_coded=move.kept,
             statement_keys=[move.statement])
    for removal in comparison.removals:
        item(ProposalItem.Kind.REMOVE, theme=themes.get(removal.theme), statement_keys=[removal.statement])


def _usable_statements(item: ProposalItem) -> list[Statement]:
    # A researcher's work on a story whose narrator has since withdrawn research consent is not used.
    consented = with_active_consent(Purpose.RESEARCH).values("pk")
    return list(item.statements.filter(story__in=consented).order_by("pk"))


def _carry_out(item: ProposalItem, user) -> None:
    statements = _usable_statements(item)
    Kind = ProposalItem.Kind
    if item.kind != Kind.RENAME and not statements:
        raise ProposalError(_("De uitspraken van dit voorstel zijn er niet meer (of de verteller "
                              "heeft de toestemming voor onderzoek ingetrokken)."))
    if item.kind == Kind.NEW_THEME:
        item.result_theme = create_theme(item.name, statements, user=user, insight=item.description,
                                         origin=item.proposal.file_name)
        return
    if item.theme is None or not item.theme.active:
        raise ProposalError(_("Het thema van dit voorstel bestaat niet meer."))
    if item.kind == Kind.RENAME:
        curation.rename(item.theme, item.name, user=user)
    elif item.kind == Kind.MOVE:
        curation.move_statements(statements, item.theme, user=user)
    elif not any([remove_from_theme(s, item.theme, user=user) for s in statements]):
        raise ProposalError(_("Deze uitspraak staat al niet meer bij dit thema."))


def _settle(proposal: CodingProposal) -> None:
    statuses = set(proposal.items.values_list("status", flat=True))
    if ProposalItem.Status.OPEN in statuses:
        return
    proposal.status = (CodingProposal.Status.ACCEPTED if ProposalItem.Status.ACCEPTED in statuses
                       else CodingProposal.Status.REJECTED)
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])


def _decide(item: ProposalItem, status: str, user) -> ProposalItem:
    with transaction.atomic():
        # Lock only the item row: PostgreSQL cannot lock the nullable side of an outer join.
        item = (ProposalItem.objects.select_for_update(of=("self",))
                .select_related("proposal", "theme").get(pk=item.pk))
        if item.status != ProposalItem.Status.OPEN:
            raise ProposalError(_("Over dit voorstel is al besloten."))
        if status == ProposalItem.Status.ACCEPTED:
            _carry_out(item, user)
        item.status, item.decided_by, item.decided_at = status, user, timezone.now()
        item.save(update_fields=["status", "decided_by", "decided_at", "result_theme"])
        _settle(item.proposal)
    return item


def accept_item(item: ProposalItem, *, user) -> ProposalItem:
    return _decide(item, ProposalItem.Status.ACCEPTED, user)


def reject_item(item: ProposalItem, *, user) -> ProposalItem:
    return _decide(item, ProposalItem.Status.REJECTED, user)


@transaction.atomic
def reject_open_items(proposal: CodingProposal, *, user) -> int:
    count = proposal.items.filter(status=ProposalItem.Status.OPEN).update(
        status=ProposalItem.Status.REJECTED, decided_by=user, decided_at=timezone.now())
    _settle(proposal)
    return count
