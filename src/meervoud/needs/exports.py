"""The gap view as a file for the network's meeting (CSV for Dutch Excel, or XLSX): the same
rows as the page, with the same filters. Never contact details or who filled a question in:
a file travels further than a page. Written as every download is (``core.spreadsheets``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.core.spreadsheets import Table, to_csv, to_xlsx


def _themes(gap) -> str:
    return "; ".join(f"{theme.title} ({theme.narrators})" for theme in gap.themes)


def _practices(gap) -> str:
    return "; ".join(practice.title for practice in gap.practices)


def gap_tables(domains, areas, rows, absolute) -> list[Table]:
    per_domain = Table(_("Per levensdomein"), [
        "levensdomein", "gemeenten", "namen_gemeenten", "vragen", "wachtend",
        "langst_wachtend_dagen", "oordeel", "themas", "goede_praktijken", "gezocht_in"])
    for row in domains:
        per_domain.rows.append([
            row.name, len(row.municipalities), ", ".join(row.municipalities), row.needs,
            row.waiting, row.oldest_waiting, row.domain.get_verdict_display(),
            _themes(row.domain), _practices(row.domain), row.domain.scope_label])
    per_area = Table(_("Per regio"), [
        "regio", "provincie", "levensdomein", "gemeenten", "namen_gemeenten", "oordeel",
        "themas", "goede_praktijken", "gezocht_in"])
    for area in areas:
        per_area.rows.append([
            area.region, area.province, area.domain.name, len(area.municipalities),
            ", ".join(area.municipalities), area.domain.get_verdict_display(),
            _themes(area.domain), _practices(area.domain), area.domain.scope_label])
    per_need = Table(_("Per vraag"), [
        "id", "gemeente", "regio", "vragen", "levensdomeinen", "status", "urgentie", "uiterlijk",
        "gevraagd_op", "dagen_wachtend", "samen_met", "oordeel", "themas", "goede_praktijken",
        "link"])
    for row in rows:
        need = row.need
        per_need.rows.append([
            need.pk, need.municipality.name, need.municipality.region.name, need.questions,
            "; ".join(gap.name for gap in row.domains), need.get_status_display(),
            need.get_urgency_display(), need.deadline.isoformat() if need.deadline else "",
            timezone.localtime(need.created_at).date().isoformat(), need.waiting_days,
            need.joined_to_id, row.get_verdict_display(),
            "; ".join(_themes(gap) for gap in row.domains if gap.themes),
            "; ".join(_practices(gap) for gap in row.domains if gap.practices),
            absolute(need.get_absolute_url())])
    return [per_domain, per_area, per_need]


def gaps_file(kind: str, domains, areas, rows, absolute) -> bytes:
    """XLSX: a sheet per life domain, per region and per question. CSV holds one table: the
    questions (its rows say the life domains, the verdict and how long each waits)."""
    tables = gap_tables(domains, areas, rows, absolute)
    return to_xlsx(tables) if kind == "xlsx" else to_csv(tables[-1])
