"""Export to and import from QDA software, and deciding on what came back."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.core.db import in_chunks
from meervoud.exchange import refiqda, selectors
from meervoud.exchange.compare import Comparison, NewTheme, compare
from meervoud.exchange.curation import create_theme, remove_from_theme
from meervoud.exchange.models import CodingProposal, ProposalItem
from meervoud.knowledge import curation
from meervoud.knowledge.models import Statement, Theme
from meervoud.stories.models import Purpose
from meervoud.stories.selectors import with_active_consent

QdpxError = refiqda.QdpxError


class ProposalError(ValueError):
    """An item that cannot be carried out (anymore); the message is meant for the user."""


def export_qdpx(*, now=None) -> bytes:
    project, _known = selectors.export_data()
    return refiqda.export_project(project, created_at=now or timezone.now())


def export_file_name(now=None) -> str:
    return f"meervoud-{timezone.localdate(now or timezone.now()).isoformat()}.qdpx"


@dataclass
class ImportResult:
    proposal: CodingProposal | None  # None: the file holds no changes
    comparison: Comparison


def _summary(comparison: Comparison, returned: refiqda.ParsedProject) -> dict:
    return {
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
    """Read a researcher's project and turn what changed into a proposal; writes nothing when the
    file is wrong (QdpxError) or changes nothing."""
    returned = refiqda.read_project(data)
    _project, known = selectors.export_data()
    comparison = compare(known, returned)
    if comparison.empty:
        return ImportResult(None, comparison)
    with transaction.atomic():
        proposal = CodingProposal.objects.create(
            uploaded_by=user, file_name=file_name[:255], origin=returned.origin[:200],
            summary=_summary(comparison, returned))
        _create_items(proposal, comparison)
    return ImportResult(proposal, comparison)


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
