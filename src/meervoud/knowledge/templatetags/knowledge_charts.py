"""Charts drawn on the server as inline SVG: no JavaScript, no image files.

``{% saturation_chart curve %}`` draws a saturation curve as stored in
``AnalysisRun.summary["saturation"][scope]`` (the engine's ``SaturationCurve.to_dict()``): how
many different themes you would expect to have seen after the first k narrators. It renders a
``<figure>`` with the chart, a caption in plain Dutch that says what it means, and the numbers as
a table for people who cannot see the chart. Input stays a plain dict so other pages (the public
knowledge base) can use the tag as it is.
"""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 36  # room for the axis numbers and titles
MAX_POINTS = 200  # a polyline of a few hundred points reads the same as one of ten thousand
TABLE_ROWS = 10
EDGE = 10  # "the first / the last 10 narrators"


def _numbers(curve, key: str) -> list[float]:
    return [float(value) for value in (curve.get(key) or [])]


def _ticks(maximum: float, count: int = 4) -> list[int]:
    """Whole, evenly spaced axis values from 0 to at least ``maximum``."""
    step = max(1, -(-int(maximum) // count))
    return list(range(0, int(maximum) + step, step))


def _decimal(value: float) -> str:
    return number_format(round(value, 1), 1, use_l10n=True)


def summary_sentence(curve) -> str:
    """What the curve says, in a few B1 sentences, from the numbers themselves."""
    expected = _numbers(curve, "expected")
    narrators = len(expected)
    themes = int(curve.get("themes") or 0)
    if narrators < 2 or themes == 0:
        return _("Er zijn nog te weinig vertellers om iets over verzadiging te zeggen.")
    edge = min(EDGE, narrators // 2)
    first = expected[edge - 1]
    last = expected[-1] - expected[-edge - 1]
    parts = [
        ngettext(
            "De eerste %(edge)s verteller bracht samen gemiddeld %(first)s van de %(themes)s thema's.",
            "De eerste %(edge)s vertellers brachten samen gemiddeld %(first)s van de %(themes)s thema's.",
            edge,
        ) % {"edge": edge, "first": _decimal(first), "themes": themes},
        ngettext(
            "De laatste verteller voegde gemiddeld %(last)s nieuwe thema's toe.",
            "De laatste %(edge)s vertellers voegden samen gemiddeld %(last)s nieuwe thema's toe.",
            edge,
        ) % {"edge": edge, "last": _decimal(last)},
    ]
    if last < 0.5:
        parts.append(_("Meer verhalen van deze groep veranderen het beeld waarschijnlijk weinig."))
    else:
        parts.append(_("Nieuwe verhalen brengen nog nieuwe thema's: het beeld is nog niet af."))
    return " ".join(parts)


def _table(expected, low, high, new) -> list[dict]:
    n = len(expected)
    if n <= TABLE_ROWS:
        picks = list(range(n))
    else:
        picks = sorted({round(i * (n - 1) / (TABLE_ROWS - 1)) for i in range(TABLE_ROWS)})
    return [{
        "narrators": i + 1,
        "expected": _decimal(expected[i]),
        "band": f"{_decimal(low[i])} – {_decimal(high[i])}" if i < len(low) and i < len(high) else "",
        "new": number_format(round(new[i], 2), 2, use_l10n=True) if i < len(new) else "",
    } for i in picks]


@register.inclusion_tag("knowledge/includes/saturation_chart.html", takes_context=True)
def saturation_chart(context, curve, title: str = ""):
    """Render one saturation curve (a dict as stored) as an accessible SVG figure."""
    counter = context.render_context.get("saturation_chart_count", 0) + 1
    context.render_context["saturation_chart_count"] = counter
    curve = curve or {}
    expected = _numbers(curve, "expected")
    low, high = _numbers(curve, "low"), _numbers(curve, "high")
    new = _numbers(curve, "new_per_narrator")
    n = len(expected)
    out = {
        "chart_id": f"saturation-{counter}",
        "title": title or _("Verzadiging"),
        "sentence": summary_sentence(curve),
        "narrators": n,
        "themes": int(curve.get("themes") or 0),
        "drawable": n >= 2,
        "width": WIDTH, "height": HEIGHT,
    }
    if n < 2:
        return out
    top = max([out["themes"], *expected, *high, 1.0])
    y_ticks = _ticks(top)
    top = max(top, y_ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    # coordinates go out as strings: a float in a template is localised ("204,0" in Dutch)
    def x(k: float) -> str:  # k = number of narrators, 1..n
        return f"{LEFT + (k - 1) / (n - 1) * plot_w:.1f}"

    def y(value: float) -> str:
        return f"{TOP + plot_h - value / top * plot_h:.1f}"

    step = max(1, -(-n // MAX_POINTS))
    index = list(range(0, n, step))
    if index[-1] != n - 1:
        index.append(n - 1)
    line = " ".join(f"{x(i + 1)},{y(expected[i])}" for i in index)
    band = ""
    if len(low) == n and len(high) == n:
        upper = [f"{x(i + 1)},{y(high[i])}" for i in index]
        lower = [f"{x(i + 1)},{y(low[i])}" for i in reversed(index)]
        band = " ".join(upper + lower)
    x_ticks = _ticks(n)
    x_ticks = [max(1, k) for k in x_ticks if k <= n]
    if x_ticks[-1] != n:
        x_ticks.append(n)
    if len(x_ticks) > 2 and (x_ticks[-1] - x_ticks[-2]) < n / 8:
        x_ticks.pop(-2)  # keep the last label (all narrators) readable
    out.update({
        "line": line,
        "band": band,
        "x_ticks": [{"x": x(k), "label": k} for k in x_ticks],
        "y_ticks": [{"y": y(v), "label": v} for v in y_ticks],
        "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": TOP + plot_h,
        "x_title": f"{LEFT + plot_w / 2:.1f}", "y_title": f"{TOP + plot_h / 2:.1f}",
        "rows": _table(expected, low, high, new),
    })
    return out
