"""The one-page infographic "Inzet van collectieve ervaringskennis" (seed 001) from live data.

``build`` gathers what may be published for a place or life domain; ``render_html``,
``render_pdf`` and ``render_svg`` turn that into a web fragment, a one-page print (A4 or A3)
and a standalone SVG. The web page and the PDF share one template; the SVG is laid out here
because SVG has no text flow.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import get_language, ngettext

from meervoud.publication import charts, documents
from meervoud.publication.charts import escape
from meervoud.publication.disclosure import k_threshold
from meervoud.publication.selectors import PublishedTheme, PublishedView, published_themes

PAPER = {"A4": (210, 297), "A3": (297, 420)}
# Fewer themes and smaller type, tried in this order until the print fits on one page.
DENSITIES = [(6, 0), (6, 1), (5, 2), (4, 3), (3, 3)]
FONT_PT = [8.7, 8.1, 7.5, 6.9]
INSIGHT_CHARS = 170
# Charts sit in half a page: a narrow drawing keeps their type as large as the text around them.
CHART_WIDTH = 420


@dataclass
class Infographic:
    choice: documents.Choice
    view: PublishedView
    title: str
    notice: str
    k: int
    pool: documents.PoolSummary
    practices: list[documents.PracticeItem]
    contact: documents.Contact
    fictional: bool
    made_on: date
    themes: list[PublishedTheme] = field(default_factory=list)
    # the day the figures are as of, per theme shown or not (``documents.as_of_dates``)
    as_of: dict = field(default_factory=dict)

    @property
    def narrators(self) -> int | None:
        """The narrators behind the themes, as the report and the Kennisbank count them ("rusten
        samen op"); without themes everyone in the place, as the report's introduction says."""
        return self.view.theme_narrators or self.view.narrators

    @property
    def narrators_line(self) -> str:
        if not self.narrators:
            return ""
        return _("n = %(n)s vertellers in %(scope)s") % {"n": self.narrators, "scope": self.about}

    @property
    def as_of_line(self) -> str:
        return documents.as_of_line(self.as_of)

    @property
    def made_on_line(self) -> str:
        return _("Gemaakt op %(date)s") % {"date": self.made_on_text}

    @property
    def subtitle(self) -> str:
        return " · ".join(part for part in (self.narrators_line, self.as_of_line, self.made_on_line)
                          if part)

    def theme_notes(self, limit: int) -> list[str]:
        """What the page leaves out: themes on too few narrators here (the report and the
        Kennisbank count them too), and themes there is no room for on one page."""
        notes = []
        total, shown = len(self.view.themes), len(self.shown_themes(limit))
        if total > shown:
            notes.append(_("Hier staan de %(shown)s thema's met de meeste vertellers, van de "
                           "%(total)s. De andere staan in de Kennisbank.") % {
                "shown": shown, "total": total})
        hidden = self.view.hidden_themes
        if hidden:
            notes.append(ngettext(
                "Eén thema rust hier op minder dan %(k)s vertellers; dat laten we niet zien.",
                "%(counter)s thema's rusten hier op minder dan %(k)s vertellers; die laten we "
                "niet zien.", hidden) % {"k": self.k, "counter": hidden})
        return notes

    @property
    def about(self) -> str:
        """What the numbers are about (the widened scope when the asked one was too small)."""
        scope = self.view.effective_scope or self.view.scope
        return documents.scope_label(scope)

    @property
    def made_on_text(self) -> str:
        return date_format(self.made_on, "j F Y")

    @property
    def tips(self) -> list[str]:
        return documents.tips()

    @property
    def roles(self) -> list[tuple[str, str]]:
        return documents.roles()

    @property
    def activities(self) -> list[str]:
        return documents.activities()

    @property
    def texts(self) -> dict[str, str]:
        return {"definition": str(documents.DEFINITION), "n": str(documents.N_IS_NOT_1),
                "bridge": str(documents.BRIDGE)}

    @property
    def pool_sentence(self) -> str:
        return _pool_sentence(self.pool)

    @property
    def method_sentence(self) -> str:
        return _method_sentence(self.k)

    def shown_themes(self, limit: int) -> list[PublishedTheme]:
        return self.themes[:limit]

    def theme_chart(self, limit: int, chart_id: str = "ig-themes") -> charts.Chart:
        return charts.bar_chart(
            [(t.title, t.narrators) for t in self.shown_themes(limit)], chart_id=chart_id,
            title=_("Thema's met het aantal vertellers (n)"), unit=_("Aantal vertellers per thema"),
            k=self.k, width=CHART_WIDTH)

    def kinds_chart(self, limit: int, chart_id: str = "ig-kinds") -> charts.Chart:
        return charts.kinds_chart(
            [(t.title, t.helped, t.hindered) for t in self.shown_themes(limit)], chart_id=chart_id,
            title=_("Wat hielp en wat zat in de weg, per thema"), k=self.k, width=CHART_WIDTH)


def build(choice: documents.Choice, *, max_themes: int = 6, base_url: str = "") -> Infographic:
    """``base_url`` makes the printed addresses absolute (the site the reader came from)."""
    view = published_themes(choice.scope)
    shown = view.themes[:max_themes]
    domains = [choice.scope.domain] if choice.scope.domain else sorted(
        {slug for theme in shown for slug in theme.life_domains})
    place_scope = view.effective_scope if view.effective_scope is not None else choice.scope
    title = _("Collectieve ervaringskennis voor %(scope)s") % {
        "scope": documents.scope_label(choice.scope)}
    return Infographic(
        choice=choice, view=view, title=title, notice=documents.scope_notice(view),
        k=k_threshold(), pool=documents.pool_summary(choice.scope, domains),
        practices=documents.practices(place_scope, [t.pk for t in shown], limit=5, base=base_url),
        contact=documents.contact(base_url, view.effective_scope), fictional=documents.uses_fictional_data(),
        made_on=timezone.localdate(), themes=view.themes[:max_themes],
        as_of=documents.as_of_dates(view.themes))


def context(info: Infographic, *, limit: int = 6, web: bool = False) -> dict:
    return {
        "info": info, "web": web, "themes": info.shown_themes(limit),
        "insights": [theme for theme in info.shown_themes(limit) if theme.insight],
        "theme_chart": info.theme_chart(limit), "kinds_chart": info.kinds_chart(limit),
        "insight_chars": INSIGHT_CHARS, "not_shown": _("minder dan %(k)s") % {"k": info.k},
        "theme_notes": info.theme_notes(limit),
    }


def render_html(info: Infographic, *, limit: int = 6, web: bool = True) -> str:
    """The infographic's article, for inside a page."""
    return render_to_string("publication/infographic_body.html", context(info, limit=limit, web=web))


def print_html(info: Infographic, *, paper: str = "A4", density: int = 0, limit: int = 6) -> str:
    """A standalone HTML document for the print engine (also the ``.html`` download)."""
    width, height = PAPER[paper]
    return render_to_string("publication/infographic_print.html", {
        **context(info, limit=limit), "paper": paper, "page_width": width,
        "page_height": height, "density": density,
        "font_pt": FONT_PT[density] * (1.0 if paper == "A4" else 1.41)})


def render_pdf(info: Infographic, *, paper: str = "A4") -> bytes:
    """One page, whatever the data: denser type and fewer themes until it fits."""
    from weasyprint import HTML

    document = None
    for limit, density in DENSITIES:
        document = HTML(string=print_html(info, paper=paper, density=density, limit=limit)).render(
            pdf_tags=True)  # tagged: headings, tables and the charts' text for screen readers
        if len(document.pages) == 1:
            break
    if len(document.pages) > 1:
        # Only with absurdly long names; a one-page infographic beats a second page nobody prints.
        document.pages[1:] = []
    buffer = io.BytesIO()
    document.write_pdf(buffer, pdf_tags=True)
    return buffer.getvalue()


# --- Standalone SVG -------------------------------------------------------------------------


class _Canvas:
    """A column of text and charts in SVG, tracking where the next line goes."""

    def __init__(self, x: float, y: float, width: float):
        self.x, self.y, self.width = x, y, width
        self.parts: list[str] = []

    def heading(self, value: str, size: float = 22) -> None:
        self.y += size + 10
        self.parts.append(charts.text(self.x, self.y, value, size=size, weight="bold", fill=charts.BLUE))
        self.y += 8

    def para(self, value: str, *, size: float = 14, weight: str = "normal", fill: str = charts.INK,
             indent: float = 0, max_lines: int = 0, lang: str = "") -> None:
        for line in charts.wrap(value, self.width - indent, size, max_lines):
            self.y += size * 1.35
            self.parts.append(charts.text(self.x + indent, self.y, line, size=size, weight=weight,
                                          fill=fill, lang=lang))
        self.y += size * 0.4

    def numbered(self, number: str, value: str, size: float = 14) -> None:
        top = self.y
        self.parts.append(charts.text(self.x, top + size * 1.35, number, size=size, weight="bold",
                                      fill=charts.BLUE))
        self.para(value, size=size, indent=size * 1.9)

    def chart(self, chart: charts.Chart) -> None:
        self.y += 6
        self.parts.append(chart.nested(self.x, self.y, self.width))
        self.y += chart.scaled_height(self.width) + 6


def render_svg(info: Infographic, *, limit: int = 6) -> str:
    """The same content as the print, as one SVG document (text stays text)."""
    width, margin, gutter = 1190, 48, 40
    language = get_language() or "nl"
    # What people wrote (theme names, statements, practices) stays Dutch in an English drawing.
    stored = "nl" if not language.startswith("nl") else ""
    column = (width - 2 * margin - gutter) / 2
    head = _Canvas(margin, margin, width - 2 * margin)
    head.para(info.title, size=34, weight="bold", fill=charts.BLUE)
    head.para(info.subtitle, size=16)
    if info.fictional:
        head.para(_("Demo: gemaakt met fictieve verhalen."), size=14, weight="bold", fill="#5c4400")
    if info.notice:
        head.para(info.notice, size=16, weight="bold", fill=charts.HINDERED)

    left = _Canvas(margin, head.y + 8, column)
    left.heading(_("Wat is collectieve ervaringskennis?"))
    for value in info.texts.values():
        left.para(value)
    left.heading(_("Tips voor gemeenten"))
    for number, tip in enumerate(info.tips, start=1):
        left.numbered(str(number), tip)
    left.heading(_("Rollen van ervaringsdeskundigen"))
    for role, meaning in info.roles:
        left.para(f"{role}: {meaning}")
    left.para(_("Werk dat zij doen:") + " " + ", ".join(info.activities) + ".", size=13)
    left.para(_pool_sentence(info.pool), size=14, weight="bold")

    right = _Canvas(margin + column + gutter, head.y + 8, column)
    themes = info.shown_themes(limit)
    notes = info.theme_notes(limit)
    right.heading(_("De belangrijkste thema's"))
    if themes:
        right.chart(info.theme_chart(limit, "svg-themes"))
        for theme in themes:
            if theme.insight:
                right.para(f"{theme.title} (n = {theme.narrators})", size=14, weight="bold", lang=stored)
                right.para(charts.shorten(theme.insight, INSIGHT_CHARS), size=13, max_lines=3,
                           lang=stored)
        for note in notes:
            right.para(note, size=13)
        right.heading(_("Wat helpt en wat zit in de weg"))
        right.chart(info.kinds_chart(limit, "svg-kinds"))
    else:
        right.para(_("Er zijn hier nog geen thema's die we mogen laten zien."))
        for note in notes:
            right.para(note, size=13)
    right.heading(_("Goede praktijken"))
    if info.practices:
        for practice in info.practices:
            right.para(practice.title + (f" ({practice.places})" if practice.places else ""),
                       size=14, weight="bold", lang=stored)
    else:
        right.para(_("Nog geen goede praktijken beschreven voor deze plek."))

    foot = _Canvas(margin, max(left.y, right.y) + 10, width - 2 * margin)
    foot.heading(_("Contact"))
    foot.para(_("Ervaringsdeskundigen inzetten? Plaats een opdracht: %(url)s") % {
        "url": info.contact.assignment})
    foot.para(_("Meer collectieve ervaringskennis: %(url)s") % {"url": info.contact.knowledge})
    if info.contact.email:
        foot.para(_("Vragen of ideeën? Mail %(email)s") % {"email": info.contact.email})
    foot.para(_method_sentence(info.k), size=12, fill=charts.MUTED)
    height = foot.y + margin
    desc = _svg_desc(info, themes, notes)
    body = "".join(head.parts + left.parts + right.parts + foot.parts)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" role="img" lang="{language}" xml:lang="{language}" '
        'aria-labelledby="infographic-title infographic-desc">'
        f'<title id="infographic-title">{escape(info.title)}</title>'
        f'<desc id="infographic-desc">{escape(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>{body}</svg>\n')


def _svg_desc(info: Infographic, themes: list[PublishedTheme], notes: list[str]) -> str:
    """The drawing's text alternative. The SVG is one image (role="img"), so a screen reader
    reads this and none of the text inside: it holds every fact the drawing shows about this
    place, not the fixed texts (definition, tips, roles) that are the same on every copy."""
    not_shown = _("minder dan %(k)s") % {"k": info.k}
    parts = [info.subtitle + "."]
    if info.fictional:
        parts.append(_("Demo: gemaakt met fictieve verhalen."))
    if info.notice:
        parts.append(info.notice)
    if themes:
        parts.append(_("Thema's: %(list)s.") % {"list": "; ".join(
            _("%(theme)s: hielp %(helped)s, zat in de weg %(hindered)s") % {
                "theme": f"{t.title} (n = {t.narrators})",
                "helped": not_shown if t.helped is None else t.helped,
                "hindered": not_shown if t.hindered is None else t.hindered} for t in themes)})
    else:
        parts.append(_("Er zijn hier nog geen thema's die we mogen laten zien."))
    parts += notes
    parts.append(_pool_sentence(info.pool))
    parts.append(_method_sentence(info.k))
    return " ".join(part.strip() for part in parts if part.strip())


def _pool_sentence(pool: documents.PoolSummary) -> str:
    if pool.total is None:
        return _("De pool heeft nog minder dan %(k)s beschikbare ervaringsdeskundigen.") % {"k": pool.k}
    return _("In de pool: %(n)s beschikbare ervaringsdeskundigen.") % {"n": pool.total}


def _method_sentence(k: int) -> str:
    return _("Elk getal rust op minstens %(k)s verschillende vertellers; kleinere groepen tellen "
             "mee in de regio of provincie. Citaten alleen met toestemming van de verteller.") % {"k": k}
