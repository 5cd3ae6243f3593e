"""Bar charts drawn as SVG from the published numbers (no pictures, no JavaScript).

Every chart is an image with a title and a description that holds all its numbers, so a
screen reader gets the same facts; the same markup goes inline into the web page, into the
PDF (WeasyPrint draws inline SVG) and nested into the standalone SVG infographic.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape as _html_escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from meervoud.core.text import xml_safe

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
INK = "#1b1b1b"
MUTED = "#4a4a4a"
# Bars keep at least 3:1 contrast against white (WCAG 1.4.11); text is always ink on white.
BLUE = "#00527a"
HELPED = "#1d6b3a"
HINDERED = "#a34100"
TRACK = "#e6ebef"


def escape(text) -> str:
    """Text for SVG: XML-escaped, without the control characters XML refuses."""
    return _html_escape(xml_safe(str(text)))


def wrap(text: str, width: float, size: float, max_lines: int = 0) -> list[str]:
    """Lines that fit ``width`` at font ``size`` (an estimate: no font metrics server-side)."""
    chars = max(8, int(width / (size * 0.6)))
    lines = textwrap.wrap(text, chars) or [""]
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = shorten(lines[-1] + " …", chars)
    return lines


def shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def text(x: float, y: float, value: str, *, size: float = 13, weight: str = "normal",
         anchor: str = "start", fill: str = INK, lang: str = "") -> str:
    """``lang``: the text's own language where it differs from the drawing's (stored Dutch
    content in an English drawing), so a screen reader pronounces it right."""
    marked = f' lang="{lang}" xml:lang="{lang}"' if lang else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
            f'font-weight="{weight}" text-anchor="{anchor}" fill="{fill}"{marked}>{escape(value)}</text>')


@dataclass
class Chart:
    chart_id: str
    title: str
    desc: str
    width: float
    height: float
    body: str

    def _open(self, extra: str, *, numbers_in_title: bool = False) -> str:
        """``numbers_in_title``: for the print engine, which gives a figure only its <title>
        as alternative text (a tagged PDF from WeasyPrint): the title carries the description
        too, and the description is not repeated for a browser that opens the same file."""
        if numbers_in_title:
            head = f'<title id="{self.chart_id}-title">{escape(f"{self.title}. {self.desc}")}</title>'
            labelled = f"{self.chart_id}-title"
        else:
            head = (f'<title id="{self.chart_id}-title">{escape(self.title)}</title>'
                    f'<desc id="{self.chart_id}-desc">{escape(self.desc)}</desc>')
            labelled = f"{self.chart_id}-title {self.chart_id}-desc"
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
                f'role="img" aria-labelledby="{labelled}" {extra}>{head}')

    def inline(self, *, numbers_in_title: bool = False) -> SafeString:
        """For HTML: scales with its box, keeps its proportions."""
        return mark_safe(self._open(f'class="chart" width="{self.width:.0f}" height="{self.height:.0f}"',
                                    numbers_in_title=numbers_in_title) + self.body + "</svg>")

    def printed(self) -> SafeString:
        """For the PDF: as ``inline``, its numbers in the title (``_open``)."""
        return self.inline(numbers_in_title=True)

    def nested(self, x: float, y: float, width: float) -> str:
        """For the standalone SVG document: placed at (x, y), scaled to ``width``."""
        height = self.height * width / self.width
        return self._open(f'x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}"') \
            + self.body + "</svg>"

    def scaled_height(self, width: float) -> float:
        return self.height * width / self.width

    def __str__(self) -> str:
        return self.inline()


def _not_shown(k: int) -> str:
    return _("minder dan %(k)s") % {"k": k}


LABEL_LINES = 2
LINE_HEIGHT = 15


def _label(label: str, width: float, size: float, y: float) -> tuple[str, float]:
    """A theme's name over up to two lines above its bar, and how much lower the bar goes: the
    print of the infographic has no table, so the chart is where a reader copies a name from
    (only a name longer than two lines is shortened)."""
    lines = wrap(label, width, size, LABEL_LINES)
    parts = "".join(text(0, y + size + i * LINE_HEIGHT, line, size=size) for i, line in enumerate(lines))
    return parts, (len(lines) - 1) * LINE_HEIGHT


def bar_chart(rows: list[tuple[str, int | None]], *, chart_id: str, title: str, unit: str,
              k: int, width: float = 640, label_chars: int = 0) -> Chart:
    """Horizontal bars, label above each bar and the number after it; a number below k is
    not drawn but named as "fewer than k"."""
    top, row_height, bar_height, size = 4, 38, 14, 13
    values = [value for _label, value in rows if value is not None]
    longest = max(values, default=1) or 1
    room = width - 70
    parts, described = [], []
    y = top - row_height
    for label, value in rows:
        y += row_height
        if label_chars:
            parts.append(text(0, y + size, shorten(label, label_chars), size=size))
        else:
            drawn, extra = _label(label, width, size, y)
            parts.append(drawn)
            y += extra
        parts.append(f'<rect x="0" y="{y + 19}" width="{room:.1f}" height="{bar_height}" fill="{TRACK}"/>')
        if value is None:
            parts.append(text(4, y + 31, _not_shown(k), size=11, fill=MUTED))
            described.append(f"{label}: {_not_shown(k)}")
            continue
        length = max(2.0, room * value / longest)
        parts.append(f'<rect x="0" y="{y + 19}" width="{length:.1f}" height="{bar_height}" fill="{BLUE}"/>')
        parts.append(text(min(length, room) + 6, y + 31, str(value), size=size, weight="bold"))
        described.append(f"{label}: {value}")
    height = y + row_height + 2 if rows else top + row_height + 2
    desc = f"{unit}. " + "; ".join(described) if described else _("Geen gegevens.")
    return Chart(chart_id, title, desc, width, height, "".join(parts))


def kinds_chart(rows: list[tuple[str, int | None, int | None]], *, chart_id: str, title: str,
                k: int, width: float = 640) -> Chart:
    """Per theme, how many narrators said it helped (to the right) and how many said it was in
    the way (to the left) of a shared middle line."""
    top, row_height, bar_height, size = 24, 40, 14, 13
    middle = width / 2
    values = [v for _label, helped, hindered in rows for v in (helped, hindered) if v is not None]
    longest = max(values, default=1) or 1
    room = middle - 40
    helped_word, hindered_word = _("hielp"), _("zat in de weg")
    parts = [
        text(middle - 6, 13, f"◀ {hindered_word}", size=12, weight="bold", anchor="end", fill=HINDERED),
        text(middle + 6, 13, f"{helped_word} ▶", size=12, weight="bold", fill=HELPED),
    ]
    described = []
    y = top - row_height
    for label, helped, hindered in rows:
        y += row_height
        drawn, extra = _label(label, width, size, y)
        parts.append(drawn)
        y += extra
        bar_y = y + 19
        parts.append(f'<line x1="{middle:.1f}" y1="{bar_y - 2}" x2="{middle:.1f}" '
                     f'y2="{bar_y + bar_height + 2}" stroke="{INK}" stroke-width="1"/>')
        for value, sign, colour in ((helped, 1, HELPED), (hindered, -1, HINDERED)):
            if value is None:
                parts.append(text(middle + sign * 6, bar_y + 12, _not_shown(k), size=11,
                                  anchor="start" if sign > 0 else "end", fill=MUTED))
                continue
            length = max(2.0, room * value / longest)
            x = middle if sign > 0 else middle - length
            parts.append(f'<rect x="{x:.1f}" y="{bar_y}" width="{length:.1f}" height="{bar_height}" '
                         f'fill="{colour}"/>')
            parts.append(text(middle + sign * (length + 5), bar_y + 12, str(value), size=size,
                              weight="bold", anchor="start" if sign > 0 else "end"))
        described.append(_("%(theme)s: hielp %(helped)s, zat in de weg %(hindered)s") % {
            "theme": label,
            "helped": _not_shown(k) if helped is None else helped,
            "hindered": _not_shown(k) if hindered is None else hindered})
    height = y + row_height + 2 if rows else top + row_height + 2
    desc = (_("Aantal vertellers per thema.") + " " + "; ".join(described)) if described \
        else _("Geen gegevens.")
    return Chart(chart_id, title, desc, width, height, "".join(parts))
