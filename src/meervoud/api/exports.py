"""Bulk exports as CSV and XLSX: plain functions that return bytes.

Everything comes from the same selectors as the pages: themes from ``published_themes`` (so a
number below k never appears: it reads "minder dan k", exactly as on the theme page), practices
from ``published_practices``, needs from ``needs_visible_to`` without contact details.

The files are written by ``core.spreadsheets`` (CSV for Dutch Excel, XLSX, no formulas).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.core.spreadsheets import Table, to_csv, to_xlsx

from meervoud.publication.disclosure import Cell, Scope, k_threshold
from meervoud.publication.selectors import (
    PublishedView, figures_as_of_many, pooled_cell_label, published_themes, scope_label,
)

def fewer_than(k: int) -> str:
    return _("minder dan %(k)s") % {"k": k}


def _count(value: int | None, k: int):
    return fewer_than(k) if value is None else value


# ---------------------------------------------------------------- themes

THEME_HEADER = ["thema_sleutel", "thema", "vertellers", "verhalen", "aandeel_procent",
                "interval_onder_procent", "interval_boven_procent", "noemen_wat_hielp",
                "noemen_wat_in_de_weg_zat", "noemen_behoefte", "kennisuitspraak", "trefwoorden",
                "webpagina", "stand_van"]
# Columns that hold a number of narrators (or "fewer than k"); the tests check them.
COUNT_COLUMNS = {"vertellers", "verhalen", "noemen_wat_hielp", "noemen_wat_in_de_weg_zat",
                 "noemen_behoefte"}


def place_name(cell: Cell) -> str:
    """A breakdown cell named as on the theme page: pooled cells are "the other ..."."""
    if cell.level == "municipality":
        return _("gemeente %(name)s") % {"name": cell.name}
    return pooled_cell_label(cell)


def _domain_names() -> dict[str, str]:
    from meervoud.stories.models import LifeDomain

    return {domain.slug: str(domain) for domain in LifeDomain.objects.all()}


def _figures_about(view: PublishedView) -> str:
    return scope_label(view.effective_scope) or _("nergens genoeg vertellers")


def _made_at() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


def _minute(moment) -> str:
    """A moment as the files write it (Dutch time, to the minute); "" for none."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def theme_tables(view: PublishedView, absolute: Callable[[str], str] = str, *,
                 made_at: str | None = None) -> list[Table]:
    k = k_threshold()
    made_at = made_at or _made_at()
    themes = Table(_("Thema's"), THEME_HEADER)
    places = Table(_("Plaatsen"), ["thema_sleutel", "thema", "plaats", "vertellers"])
    domains = Table(_("Levensdomeinen"), ["thema_sleutel", "thema", "levensdomein", "vertellers"])
    subthemes = Table(_("Onderwerpen"), ["thema_sleutel", "thema", "onderwerp", "vertellers"])
    names = _domain_names()
    # the theme page's "Stand van": what a reader cites with the figures
    as_of = figures_as_of_many(theme.pk for theme in view.themes)
    for theme in view.themes:
        themes.rows.append([
            theme.key, theme.title, theme.narrators, theme.stories, round(100 * theme.share, 1),
            round(100 * theme.share_ci[0], 1), round(100 * theme.share_ci[1], 1),
            _count(theme.kinds.get("helped"), k), _count(theme.kinds.get("hindered"), k),
            _count(theme.kinds.get("need"), k), theme.insight, ", ".join(theme.keywords),
            absolute(theme.url), _minute(as_of[theme.pk])])
        places.rows += [[theme.key, theme.title, place_name(cell), _count(cell.narrators, k)]
                        for cell in theme.places]
        domains.rows += [[theme.key, theme.title, names.get(slug, slug), n]
                         for slug, n in theme.life_domains.items()]
        subthemes.rows += [[theme.key, theme.title, title, n] for title, n in theme.subthemes]
    about = Table(_("Verantwoording"), [_("onderdeel"), _("waarde")], [
        [_("gevraagd"), scope_label(view.scope)],
        [_("cijfers over"), _figures_about(view)],
        [_("verbreed"), view.widened],
        [_("vertellers in deze scope"), view.narrators],
        [_("minimum aantal vertellers per getal (k)"), k],
        [_("thema's met te weinig vertellers, weggelaten"), view.hidden_themes],
        [_("gemaakt op"), made_at],
        [_("toelichting"), _("Groepen van minder dan %(k)s vertellers tonen we niet apart: kleine "
                             "gemeenten tellen mee in hun regio of provincie.") % {"k": k}],
    ])
    return [themes, places, domains, subthemes, about]


def themes_view(scope: Scope | None = None, words: str = "") -> PublishedView:
    """Published themes for a scope, optionally only those matching search words."""
    view = published_themes(scope)
    if words:
        from meervoud.publication.search import full_text

        view.themes = full_text(words, view.themes)
    return view


# What the XLSX says on its sheet "Verantwoording", as columns repeated on every row of the CSV:
# a CSV has one table, and a row copied into another sheet keeps saying what its numbers are about.
ABOUT_HEADER = ["cijfers_over", "gevraagd", "verbreed", "vertellers_in_cijfers_over", "k", "gemaakt_op"]


def themes_csv(scope: Scope | None = None, absolute: Callable[[str], str] = str, *,
               words: str = "") -> bytes:
    """One table in long form: per theme a "thema" row, then its breakdown rows (plaats,
    levensdomein, onderwerp) with their number of narrators; filter on column "rij". The last
    columns (ABOUT_HEADER) say on every row which place the numbers are about, k and when."""
    view = themes_view(scope, words)
    made_at = _made_at()
    themes, places, domains, subthemes, _about = theme_tables(view, absolute, made_at=made_at)
    header = ["thema_sleutel", "thema", "rij", "naam", *THEME_HEADER[2:], *ABOUT_HEADER]
    blank = [None] * (len(THEME_HEADER) - 3)
    about = [_figures_about(view), scope_label(view.scope), view.widened, view.narrators,
             k_threshold(), made_at]
    breakdown = {}
    for kind, table in (("plaats", places), ("levensdomein", domains), ("onderwerp", subthemes)):
        for key, _title, name, n in table.rows:
            breakdown.setdefault(key, []).append((kind, name, n))
    rows = []
    for row in themes.rows:
        rows.append([row[0], row[1], "thema", row[1], *row[2:], *about])
        rows += [[row[0], row[1], kind, name, n, *blank, *about]
                 for kind, name, n in breakdown.get(row[0], [])]
    return to_csv(Table("themas", header, rows))


def themes_xlsx(scope: Scope | None = None, absolute: Callable[[str], str] = str, *,
                words: str = "") -> bytes:
    return to_xlsx(theme_tables(themes_view(scope, words), absolute))


# ---------------------------------------------------------------- practices

PRACTICE_HEADER = ["slug", "titel", "samenvatting", "levensdomeinen", "gemeenten", "regios",
                   "provincies", "toelichting_plaats", "organisaties", "rollen",
                   "werk_van_ervaringsdeskundigen", "niveau", "wat_werkt", "voorwaarden",
                   "wat_kost_het", "wat_levert_het_op", "contact", "website", "bron",
                   "bijgewerkt_op", "themas", "webpagina"]


def practice_table(practices, absolute: Callable[[str], str] = str) -> Table:
    """``practices``: a queryset (``published_practices``). The export has no paging, so each
    practice's themes come with the rest and which themes are published is asked once."""
    from meervoud.practices.selectors import published_themes_of
    from meervoud.publication.selectors import published_keys

    names = _domain_names()
    published = published_keys()
    table = Table(_("Goede praktijken"), PRACTICE_HEADER)
    for p in practices.prefetch_related("themes"):
        table.rows.append([
            p.slug, p.title, p.summary,
            "; ".join(names.get(d.slug, d.slug) for d in p.life_domains.all()),
            "; ".join(m.name for m in p.municipalities.all()),
            "; ".join(r.name for r in p.regions.all()),
            "; ".join(pr.name for pr in p.provinces.all()),
            p.place_note, "; ".join(p.organisation_list), "; ".join(p.get_roles_display()),
            p.expert_work, p.get_level_display() if p.level else "", p.what_works, p.conditions,
            p.costs, p.results, p.contact, p.website, p.source,
            timezone.localtime(p.updated_at).date().isoformat() if p.updated_at else "",
            "; ".join(t.title for t in published_themes_of(p, published)),
            absolute(p.get_absolute_url())])
    return table


def practices_csv(practices, absolute: Callable[[str], str] = str) -> bytes:
    return to_csv(practice_table(practices, absolute))


def practices_xlsx(practices, absolute: Callable[[str], str] = str) -> bytes:
    return to_xlsx([practice_table(practices, absolute)])


# ---------------------------------------------------------------- information needs

NEED_HEADER = ["id", "gemeente", "regio", "provincie", "vragen", "doel", "levensdomeinen",
               "doelgroepen", "vormen", "urgentie", "uiterlijk", "status", "antwoord",
               "gevraagd_op", "fictief"]


def need_table(needs) -> Table:
    """Never contact details or who filled it in: an export travels further than a page."""
    table = Table(_("Kennisbehoeften"), NEED_HEADER)
    for need in needs:
        town = need.municipality
        table.rows.append([
            need.pk, town.name, town.region.name, town.region.province.name, need.questions,
            need.purpose, "; ".join(str(d) for d in need.life_domains.all()), need.target_groups,
            "; ".join(need.get_formats_display()), need.get_urgency_display(),
            need.deadline.isoformat() if need.deadline else "", need.get_status_display(),
            need.answer, timezone.localtime(need.created_at).strftime("%Y-%m-%d"),
            need.is_fictional])
    return table


def needs_csv(needs) -> bytes:
    return to_csv(need_table(needs))


def needs_xlsx(needs) -> bytes:
    return to_xlsx([need_table(needs)])
