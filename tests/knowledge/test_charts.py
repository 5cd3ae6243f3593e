"""The saturation chart: server-side SVG with a caption and the numbers as a table."""

import html as html_lib
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from meervoud.accounts.models import Role
from meervoud.knowledge.models import AnalysisRun


def curve(expected, themes=None):
    """A curve dict as the engine stores it (``SaturationCurve.to_dict()``)."""
    new = [expected[0]] + [b - a for a, b in zip(expected, expected[1:])]
    return {"scope": "*", "narrators": len(expected), "themes": themes or round(expected[-1]),
            "expected": expected, "low": [max(0.0, e - 1) for e in expected],
            "high": [e + 1 for e in expected], "new_per_narrator": new,
            "tail_new": new[-1], "orders": 50}


def render(value, title="Alle verhalen"):
    with translation.override("nl"):
        return html_lib.unescape(Template("{% load knowledge_charts %}{% saturation_chart value title %}").render(
            Context({"value": value, "title": title})))


def test_chart_is_an_accessible_figure_with_svg_caption_and_table():
    # 30 narrators: the first 10 bring 8 themes on average, the last 10 together 0.5
    expected = [min(8.0, 0.8 * k) for k in range(1, 11)] + [8 + 0.15 * k for k in range(1, 11)]
    expected += [9.5 + 0.05 * k for k in range(1, 11)]
    html = render(curve(expected, themes=10))
    assert html.count("<figure") == 1 and "<figcaption>" in html
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="saturation-1-title saturation-1-desc"', html)
    assert '<title id="saturation-1-title">Alle verhalen</title>' in html
    assert "<script" not in html and "<img" not in html
    points = re.search(r'<polyline class="line" points="([^"]+)"', html).group(1).split()
    assert len(points) == 30
    # the sentence is computed from the data, with a Dutch decimal comma
    assert "De eerste 10 vertellers brachten samen gemiddeld 8,0 van de 10 thema's." in html
    assert "De laatste 10 vertellers voegden samen gemiddeld 0,5 nieuwe thema's toe." in html
    # the data table: a header row and at most 10 rows, first and last narrator included
    table = html[html.index("<table"):html.index("</table>")]
    rows = re.findall(r'<th scope="row">(\d+)</th>', table)
    assert rows[0] == "1" and rows[-1] == "30" and len(rows) == 10


def test_chart_says_when_the_picture_is_not_complete_yet():
    still_growing = [float(k) for k in range(1, 25)]
    html = render(curve(still_growing))
    assert "nog niet af" in html
    flat = [min(5.0, float(k)) for k in range(1, 25)]
    assert "waarschijnlijk weinig" in render(curve(flat))


def test_long_curves_are_thinned_and_empty_curves_do_not_break():
    html = render(curve([min(20.0, k / 10) for k in range(1, 2001)]))
    points = re.search(r'<polyline class="line" points="([^"]+)"', html).group(1).split()
    assert 100 <= len(points) <= 201
    for empty in ({}, None, curve([1.0])):
        html = render(empty)
        assert "<figure" in html and "<svg" not in html and "te weinig vertellers" in html


def test_two_charts_on_one_page_have_their_own_ids():
    with translation.override("nl"):
        html = Template("{% load knowledge_charts %}{% saturation_chart a %}{% saturation_chart a %}").render(
            Context({"a": curve([1.0, 2.0, 2.5, 3.0])}))
    assert 'id="saturation-1"' in html and 'id="saturation-2"' in html


@pytest.mark.django_db
def test_knowledge_page_shows_corpus_and_domain_curves(client, make_user, tfidf, demo_subset):
    from meervoud.knowledge import services

    demo_subset(15)
    services.run_analysis(AnalysisRun.objects.create())
    run = AnalysisRun.objects.get()
    domains = [scope for scope in run.summary["saturation"] if scope.startswith("domain:")]
    assert run.summary["saturation"]["*"]["narrators"] > 10 and domains
    client.force_login(make_user(Role.COORDINATOR))
    page = html_lib.unescape(client.get(reverse("knowledge:themes")).content.decode())
    assert "Komen er nog nieuwe thema" in page
    assert page.count('class="saturation-chart"') == 1 + len(domains)
    assert "<title id=\"saturation-1-title\">Alle verhalen</title>" in page
    assert "dak-thuisloosheid" not in re.sub(r'href="[^"]*"', "", page)  # domain names, not slugs
