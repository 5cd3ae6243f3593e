"""The gap view: each need next to the published knowledge and practices that exist."""

import pytest
from django.urls import reverse

from meervoud.needs.models import InformationNeed, Urgency
from meervoud.needs.selectors import Verdict, area_gaps, few_narrators, need_gaps
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import LifeDomain

pytestmark = pytest.mark.django_db


def need(town: str, domains: list[str], urgency=Urgency.NORMAL) -> InformationNeed:
    created = InformationNeed.objects.create(
        municipality=find_municipality(town), questions=f"Wat weten we over {domains}?",
        formats=["rapport"], urgency=urgency, contact_name="X", contact_email="x@example.org")
    created.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
    return created


@pytest.fixture
def landscape(make_practice, publish):
    assert few_narrators() == 10  # twice the default k of 5
    publish.backed("hulp-zoeken", 12, domains=["verslaving"], name="Hulp zoeken is moeilijk")
    publish.backed("schulden", 6, domains=["armoede-schulden"], name="Schulden stapelen")
    publish.backed("te-klein", 3, domains=["nieuwkomers"], name="Te weinig vertellers")
    make_practice("Verslavingsmaatjes", municipalities=["Groningen"], domains=["verslaving"])
    return {
        "covered": need("Groningen", ["verslaving"], Urgency.LOW),
        "thin": need("Groningen", ["armoede-schulden"], Urgency.HIGH),
        "open": need("Assen", ["nieuwkomers"]),
    }


def test_each_need_gets_a_verdict_from_the_published_knowledge(landscape):
    rows = {row.need.pk: row for row in need_gaps()}
    covered = rows[landscape["covered"].pk]
    assert covered.verdict == Verdict.COVERED
    assert [t.key for t in covered.domains[0].themes] == ["hulp-zoeken"]
    assert covered.domains[0].scope_label == "gemeente Groningen"
    assert [p.title for p in covered.domains[0].practices] == ["Verslavingsmaatjes"]
    assert rows[landscape["thin"].pk].verdict == Verdict.THIN
    open_row = rows[landscape["open"].pk]
    assert open_row.verdict == Verdict.OPEN
    # Three narrators is below k: the theme may not even be mentioned here.
    assert open_row.domains[0].themes == []


def test_the_worst_domain_decides_a_need_with_several(landscape):
    mixed = need("Groningen", ["verslaving", "nieuwkomers"])
    row = next(r for r in need_gaps() if r.need.pk == mixed.pk)
    assert {d.slug: d.verdict for d in row.domains} == {"verslaving": Verdict.COVERED,
                                                        "nieuwkomers": Verdict.OPEN}
    assert row.verdict == Verdict.OPEN


def test_sorting_and_filtering(landscape):
    assert [r.verdict for r in need_gaps()] == [Verdict.OPEN, Verdict.THIN, Verdict.COVERED]
    by_urgency = [r.need.pk for r in need_gaps(sort="urgentie")]
    assert by_urgency[0] == landscape["thin"].pk and by_urgency[-1] == landscape["covered"].pk
    assert [r.need.pk for r in need_gaps(verdict=Verdict.OPEN)] == [landscape["open"].pk]
    assert [r.need.pk for r in need_gaps(domain="verslaving")] == [landscape["covered"].pk]


def test_per_region_and_life_domain(landscape):
    rows = [(a.region, a.domain.slug, a.domain.verdict, a.municipalities) for a in area_gaps()]
    assert rows == [
        ("Noord-Drenthe", "nieuwkomers", Verdict.OPEN, ["Assen"]),
        ("Overig Groningen", "armoede-schulden", Verdict.THIN, ["Groningen"]),
        ("Overig Groningen", "verslaving", Verdict.COVERED, ["Groningen"]),
    ]


def test_the_page_shows_open_questions_first_with_links(client, make_user, landscape):
    client.force_login(make_user("onderzoeker"))
    html = client.get(reverse("needs:gaps")).content.decode()
    assert "Open onderzoeksvraag" in html and "Kennis van weinig vertellers" in html
    assert reverse("publication:theme", args=["hulp-zoeken"]) in html
    assert "Te weinig vertellers" not in html
    needs_table = html[html.index('id="needs"'):]
    assert needs_table.index("Assen") < needs_table.index("Groningen")
    only_open = client.get(reverse("needs:gaps"), {"oordeel": "open"}).content.decode()
    assert "Hulp zoeken is moeilijk" not in only_open[only_open.index('id="needs"'):]
