"""The report for one municipality: "Wat ervaringsdeskundigen weten over … in gemeente X".

``build`` turns the published themes (with quotes), good practices and the pool into plain
rows, tables and finished sentences; ``render_pdf`` (HTML through WeasyPrint) and ``render_docx``
(python-docx) only lay them out, so the two files never say different things. Every sentence a
reader sees is written here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meervoud.publication import documents
from meervoud.publication.disclosure import Cell, QuoteAttribution, Scope, k_threshold
from meervoud.publication.selectors import (
    PublishedTheme, PublishedView, place_of, pooled_cell_label, published_themes,
)

# A few voices per theme keep a report of twenty themes readable; the web page has them all.
REPORT_QUOTES = 3

# From the national handbook (seed 004): what a municipality needs to arrange.
DEPLOY_ADVICE = [
    gettext_lazy("Zet minimaal twee ervaringsdeskundigen in, zodat zij elkaar kunnen steunen en "
                 "het werk doorgaat als iemand uitvalt."),
    gettext_lazy("Kies een vorm van samenwerking: een tandem van ervaringsdeskundige en sociaal "
                 "werker, aparte trajecten met afstemming, een adviesrol, of gezamenlijke "
                 "activiteiten."),
    gettext_lazy("Zorg voor scholing, intervisie en supervisie, een heldere taakomschrijving en "
                 "een vergoeding die past bij het werk."),
    gettext_lazy("Maak afspraken over privacy en over het delen van informatie over inwoners."),
    gettext_lazy("Werk met een pool van ervaringsdeskundigen uit verschillende organisaties: zo "
                 "weten teams waar zij terecht kunnen en blijft de inzet doorgaan."),
    gettext_lazy("Maak de eerste successen zichtbaar en leer samen van wat niet goed ging."),
]


@dataclass
class Row:
    label: str
    value: str


@dataclass
class Table:
    caption: str
    header: tuple[str, str] | None  # None: the first column names each row
    rows: list[Row]
    css: str = ""


@dataclass
class QuoteItem:
    text: str
    source: str
    language: str = "nl"  # the story's, so the page can mark it


@dataclass
class ThemeSection:
    number: int
    theme: PublishedTheme
    anchor: str
    evidence: list[Row]
    places: list[Row]
    domains: list[Row]
    subthemes: list[Row]
    url: str
    quotes: list[QuoteItem] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"2.{self.number} {self.theme.title} (n = {self.theme.narrators})"

    @property
    def insight_lead(self) -> str:
        return _("Wat ervaringsdeskundigen zeggen:") if self.theme.insight else ""

    @property
    def insight(self) -> str:
        return self.theme.insight or _("De ervaringsdeskundigen schreven nog geen kennisuitspraak bij "
                                       "dit thema.")

    @property
    def tables(self) -> list[Table]:
        tables = [Table(_("Onderbouwing"), None, self.evidence, "evidence")]
        if self.places:
            tables.append(Table(_("Waar de vertellers vandaan komen"), (_("Plaats"), _("Vertellers")),
                                self.places, "places"))
        if self.domains:
            tables.append(Table(_("Levensdomeinen van de vertellers"), (_("Levensdomein"), _("Vertellers")),
                                self.domains, "domains"))
        return tables

    @property
    def subthemes_line(self) -> str:
        if not self.subthemes:
            return ""
        return _("Deelthema's:") + " " + "; ".join(f"{row.label} (n = {row.value})" for row in self.subthemes)


@dataclass
class Report:
    choice: documents.Choice
    view: PublishedView
    title: str
    notice: str
    k: int
    sections: list[ThemeSection]
    practices: list[documents.PracticeItem]
    pool: documents.PoolSummary
    contact: documents.Contact
    fictional: bool
    made_on: date
    # when no theme reaches k narrators here: the nearest wider place that shows themes
    wider: PublishedView | None = None
    wider_url: str = ""
    # per theme (pk): the day its figures are as of, as its page says "Stand van"
    as_of: dict[int, date] = field(default_factory=dict)

    @property
    def municipality(self) -> str:
        return self.choice.municipality

    @property
    def about(self) -> str:
        return documents.scope_label(self.view.effective_scope or self.view.scope)

    @property
    def made_on_line(self) -> str:
        return _("Gemaakt op %(date)s") % {"date": date_format(self.made_on, "j F Y")}

    @property
    def as_of_line(self) -> str:
        line = documents.as_of_line(self.as_of)
        return line and line + ". " + _("Noem deze datum als u de cijfers overneemt.")

    @property
    def chapters(self) -> dict[str, str]:
        """Chapter titles by anchor, in order; the number is the position."""
        titles = {
            "samenvatting": _("Samenvatting"),
            "themas": _("De thema's"),
            "praktijken": _("Goede praktijken"),
            "inzetten": _("Ervaringsdeskundigen inzetten in %(place)s") % {"place": self.about},
            "methode": _("Zo is dit rapport gemaakt"),
        }
        return {anchor: f"{i}. {title}" for i, (anchor, title) in enumerate(titles.items(), start=1)}

    @property
    def summary_lead(self) -> str:
        count = len(self.sections)
        if not count:
            return self.no_themes_line
        return ngettext("In %(scope)s komt één thema naar voren uit de verhalen:",
                        "In %(scope)s komen %(counter)s thema's naar voren uit de verhalen:", count) % {
            "scope": self.about, "counter": count}

    @property
    def hidden_themes_line(self) -> str:
        """How many themes rest on too few narrators here and, when none is shown, where they
        can be read (the web page links the address; the Word file prints it)."""
        return " ".join(part for part in (self.hidden_count_line, self.wider_lead, self.wider_url)
                        if part)

    @property
    def hidden_count_line(self) -> str:
        hidden = self.view.hidden_themes
        if not hidden:
            return ""
        if not self.sections:  # as the Kennisbank says it: an empty report is not an empty place
            return ngettext("Eén thema wordt hier door minder dan %(k)s vertellers genoemd; dat laten we niet zien.",
                            "%(counter)s thema's worden hier door minder dan %(k)s vertellers "
                            "genoemd; die laten we niet zien.", hidden) % {"k": self.k, "counter": hidden}
        return ngettext("Eén ander thema wordt hier door minder dan %(k)s vertellers genoemd; dat laten we niet zien.",
                        "%(counter)s andere thema's worden hier door minder dan %(k)s vertellers "
                        "genoemd; die laten we niet zien.", hidden) % {"k": self.k, "counter": hidden}

    @property
    def wider_lead(self) -> str:
        if self.wider is None or not self.wider_url:
            return ""
        count = len(self.wider.themes)
        return ngettext("In %(place)s rust één thema op genoeg vertellers om te laten zien. Lees het "
                        "in de Kennisbank:",
                        "In %(place)s rusten %(counter)s thema's op genoeg vertellers om te laten "
                        "zien. Lees ze in de Kennisbank:", count) % {
            "place": documents.scope_label(self.wider.effective_scope), "counter": count}

    @property
    def no_themes_line(self) -> str:
        return _("Er zijn hier nog geen thema's die we mogen laten zien.")

    @property
    def no_practices_line(self) -> str:
        return _("Nog geen goede praktijken beschreven voor deze plek of deze thema's.")

    @property
    def advice_lead(self) -> str:
        return _("Wat werkt, volgens het landelijke handboek voor de inzet van ervaringsdeskundigen in "
                 "sociale wijkteams:")

    @property
    def pool_table(self) -> Table | None:
        if not self.pool.domains:
            return None
        return Table(_("Beschikbare ervaringsdeskundigen per levensdomein"),
                     (_("Levensdomein"), _("Ervaringsdeskundigen")),
                     [Row(count.label, str(count.n)) for count in self.pool.domains], "pool-domains")

    @property
    def pool_hidden_line(self) -> str:
        hidden = self.pool.hidden_domains
        if not hidden:
            return ""
        return ngettext(
            "Voor één levensdomein uit dit rapport zijn minder dan %(k)s ervaringsdeskundigen "
            "beschikbaar (of zij laten dat niet zien); dat getal noemen we niet.",
            "Voor %(counter)s levensdomeinen uit dit rapport zijn minder dan %(k)s "
            "ervaringsdeskundigen beschikbaar (of zij laten dat niet zien); die getallen noemen "
            "we niet.", hidden) % {"k": self.k, "counter": hidden}

    @property
    def assignment_lead(self) -> str:
        return _("Ervaringsdeskundigen nodig? Plaats een opdracht; de coördinatoren stellen een team "
                 "van minstens twee ervaringsdeskundigen voor:")

    @property
    def summary(self) -> list[str]:
        return [_("%(theme)s: %(n)s vertellers") % {"theme": s.theme.title, "n": s.theme.narrators}
                for s in self.sections]

    @property
    def intro(self) -> str:
        if self.view.narrators is None:
            return ""  # the cover's notice already says there is nothing to show
        # the narrators behind the themes shown, as the Kennisbank's list says; without themes
        # everyone in the place, whom the summary says are too few per theme
        return _("Dit rapport bundelt wat %(n)s verschillende vertellers in %(scope)s vertelden over "
                 "wat hen hielp en wat in de weg zat. Ervaringsdeskundigen hebben de thema's "
                 "gecontroleerd en in eigen woorden beschreven.") % {
            "n": self.view.theme_narrators or self.view.narrators, "scope": self.about}

    @property
    def advice(self) -> list[str]:
        return [str(item) for item in DEPLOY_ADVICE]

    @property
    def methods(self) -> list[str]:
        k = self.k
        return [
            _("Vertellers gaven toestemming om hun verhaal te gebruiken. Alles wat naar een persoon "
              "kan leiden, is uit de verhalen gehaald voordat ze werden geanalyseerd."),
            _("Meervoud knipt de verhalen in uitspraken en bundelt uitspraken die over hetzelfde "
              "gaan tot thema's. Ervaringsdeskundigen controleren elk thema, geven het een naam en "
              "schrijven de kennisuitspraak. Alleen gecontroleerde thema's staan in dit rapport."),
            _("n is het aantal verschillende vertellers achter een thema. Wie meer verhalen "
              "vertelde, telt één keer."),
            _("Elk getal in dit rapport rust op minstens %(k)s verschillende vertellers (k = %(k)s). "
              "Een kleiner getal laten we niet zien: er staat dan 'minder dan %(k)s'. Plaatsen met "
              "minder dan %(k)s vertellers tellen mee in hun regio, dan in hun provincie. Heeft een "
              "gemeente te weinig verhalen, dan gaat het hele rapport over de regio of provincie, "
              "en dat staat er dan bij.") % {"k": k},
            _("Citaten komen alleen uit verhalen van vertellers die toestemming gaven om geciteerd "
              "te worden. Bij een citaat staat geen naam; de plaats is zo ruim gekozen dat de "
              "verteller niet te herkennen is."),
            _("Het aandeel is het deel van alle vertellers in %(scope)s dat het thema noemt, met "
              "een marge (95%% betrouwbaarheid) omdat het om een beperkt aantal verhalen gaat.") % {
                "scope": self.about},
        ]

    @property
    def pool_lines(self) -> list[str]:
        return [_pool_total(self.pool)] + [documents.pool_place_line(count)
                                           for count in self.pool.places]


def _number(value: int | None, k: int) -> str:
    return _("minder dan %(k)s") % {"k": k} if value is None else str(value)


def _pool_total(pool: documents.PoolSummary) -> str:
    if pool.total is None:
        return _("De pool heeft nog minder dan %(k)s beschikbare ervaringsdeskundigen.") % {"k": pool.k}
    return _("De pool heeft %(n)s beschikbare ervaringsdeskundigen.") % {"n": pool.total}


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def place_row(cell: Cell, k: int) -> Row:
    if cell.level == "municipality":
        label = documents.place_label(Scope("municipality", cell.name))
    else:
        label = pooled_cell_label(cell)
    return Row(label, _number(cell.narrators, k))


def attribution_text(attribution: QuoteAttribution, names: dict[str, str]) -> str:
    if attribution.place_level == "all":
        text = _("Verteller uit Nederland")
    else:
        text = _("Verteller uit %(place)s") % {
            "place": documents.place_label(Scope(attribution.place_level, attribution.place))}
    if attribution.domains:
        text += ", " + _("over %(domains)s") % {
            "domains": ", ".join(in_sentence(names.get(d, d)) for d in attribution.domains)}
    return text


def _section(number: int, theme: PublishedTheme, k: int, scope_text: str,
             names: dict[str, str], base: str, as_of: date | None = None) -> ThemeSection:
    low, high = theme.share_ci
    evidence = [
        Row(_("Vertellers (n)"), str(theme.narrators)),
        Row(_("Verhalen"), str(theme.stories)),
        Row(_("Aandeel van de vertellers in %(scope)s") % {"scope": scope_text},
            _("%(share)s (marge %(low)s tot %(high)s)") % {
                "share": _percent(theme.share), "low": _percent(low), "high": _percent(high)}),
        Row(_("Vertellers die zeggen: dit hielp"), _number(theme.kinds.get("helped"), k)),
        Row(_("Vertellers die zeggen: dit zat in de weg"), _number(theme.kinds.get("hindered"), k)),
        Row(_("Vertellers met een behoefte of advies"), _number(theme.kinds.get("need"), k)),
    ]
    if as_of is not None:  # the date on the theme's page: the same figures as there
        evidence.append(Row(_("Stand van de cijfers"), documents.day_text(as_of)))
    return ThemeSection(
        number=number, theme=theme, anchor=f"thema-{number}", evidence=evidence,
        places=[place_row(cell, k) for cell in theme.places],
        domains=[Row(names.get(slug, slug), str(n)) for slug, n in theme.life_domains.items()],
        subthemes=[Row(title, str(n)) for title, n in theme.subthemes],
        url=documents.site_url(theme.url, base),
        quotes=[QuoteItem(quote.text, attribution_text(quote.attribution, names), quote.language)
                for quote in theme.quotes[:REPORT_QUOTES]])


def topic(choice: documents.Choice) -> str:
    return in_sentence(choice.domain_name) if choice.domain_name else _("het sociaal domein")


def in_sentence(name: str) -> str:
    """A life domain's name inside a sentence: its first letter small, abbreviations kept
    ("Niet-aangeboren hersenletsel (NAH)" -> "niet-aangeboren hersenletsel (NAH)")."""
    if len(name) > 1 and name[1].isupper():  # "GGZ", "LVB": an abbreviation throughout
        return name
    return name[:1].lower() + name[1:]


def wider_view(choice: documents.Choice, view: PublishedView) -> PublishedView | None:
    """When no theme reaches k narrators here but some were told here: the nearest wider place
    (the region, then the province, then the whole country) that does show themes, so a
    reader learns where this knowledge can be read."""
    place = place_of(choice.scope)
    if view.themes or not view.hidden_themes or view.effective_scope is None or place is None:
        return None
    scope = view.effective_scope
    while scope.kind != "all":
        wider = published_themes(scope.widened(place))
        if wider.themes:
            return wider
        scope = wider.effective_scope or scope.widened(place)
    return None


def build(choice: documents.Choice, *, base_url: str = "") -> Report:
    """Everything the report says, already disclosure-controlled. ``base_url`` makes the
    printed addresses absolute."""
    view = published_themes(choice.scope, with_quotes=True)
    k = k_threshold()
    names = documents.domain_names()
    about = documents.scope_label(view.effective_scope or view.scope)
    as_of = documents.as_of_dates(view.themes)
    sections = [_section(i, theme, k, about, names, base_url, as_of.get(theme.pk))
                for i, theme in enumerate(view.themes, start=1)]
    domains = [choice.scope.domain] if choice.scope.domain else sorted(
        {slug for theme in view.themes for slug in theme.life_domains})
    title = _("Wat ervaringsdeskundigen weten over %(topic)s in %(place)s") % {
        "topic": topic(choice), "place": documents.place_label(choice.scope)}
    wider = wider_view(choice, view)
    return Report(
        choice=choice, view=view, title=title, notice=documents.scope_notice(view), k=k,
        sections=sections,
        practices=documents.practices(view.effective_scope or choice.scope,
                                      [theme.pk for theme in view.themes], limit=10, base=base_url),
        pool=documents.pool_summary(choice.scope, domains), contact=documents.contact(base_url),
        fictional=documents.uses_fictional_data(), made_on=timezone.localdate(), wider=wider,
        wider_url=documents.kennisbank_url(wider.effective_scope, base_url) if wider else "",
        as_of=as_of)


def render_html(report: Report, *, web: bool = False) -> str:
    return render_to_string("publication/report_print.html", {"report": report, "web": web})


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf(pdf_tags=True)  # tagged, for screen readers


def render_docx(report: Report) -> bytes:
    from meervoud.publication.report_docx import write_docx

    return write_docx(report)
