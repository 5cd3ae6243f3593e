"""'Delen met je gemeente': a narrator who does not let what is learned be shared with the place
of her story counts for the whole country only. Her municipality, region and province are never
named with her story: not in a municipal report, a filtered knowledge base, a place breakdown
or a quote's caption. (Until session 22 the consent was asked and never read.)"""

import pytest
from django.urls import reverse

from meervoud.places.models import Region
from meervoud.places.selectors import find_municipality
from meervoud.publication.disclosure import (
    Fact, Place, PlaceIndex, Scope, attribute_quote, k_threshold, place_breakdown,
)
from meervoud.publication.selectors import figures_as_of, published_themes
from meervoud.stories.models import Consent, Purpose
from meervoud.stories.services import give_consent, withdraw_consent
from tests.links import personal_link

pytestmark = pytest.mark.django_db

GRONINGEN = Place("Groningen", "Groningen en omgeving", "Groningen")
UNSHARED = Place("", "", "")


def _fact(narrator, place, domains=("verslaving",)):
    return Fact("t", narrator, hash(narrator), place, frozenset(domains), "micro", "other")


def _theme(view, key="t"):
    return next(t for t in view.themes if t.key == key)


def _cells(theme):
    return {(cell.level, cell.name): cell.narrators for cell in theme.places}


# ------------------------------------------------------------------ the rules, on plain data


def test_a_narrator_without_a_place_counts_in_the_rest_of_the_country_only():
    k = 5
    facts = [_fact(f"g{i}", GRONINGEN) for i in range(k)] + [_fact(f"x{i}", UNSHARED) for i in range(k)]
    cells = {(cell.level, cell.name): cell.narrators for cell in place_breakdown(facts, k)}
    assert cells == {("municipality", "Groningen"): 5, ("all", ""): 5}


def test_a_narrator_who_shares_with_her_region_only_is_pooled_into_the_region():
    k = 5
    region_only = Place("", GRONINGEN.region, GRONINGEN.province)
    facts = [_fact(f"g{i}", GRONINGEN) for i in range(k)] + [_fact(f"r{i}", region_only) for i in range(k)]
    cells = {(cell.level, cell.name): cell.narrators for cell in place_breakdown(facts, k)}
    assert cells == {("municipality", "Groningen"): 5, ("region", GRONINGEN.region): 5}


def test_a_quote_of_a_narrator_without_a_place_names_no_place_however_many_share_it():
    k = 5
    facts = [_fact(f"x{i}", UNSHARED) for i in range(2 * k)]
    attribution = attribute_quote(facts[0], PlaceIndex(facts), k)
    assert (attribution.place_level, attribution.place) == ("all", "")
    region_only = Place("", GRONINGEN.region, GRONINGEN.province)
    facts = [_fact(f"r{i}", region_only) for i in range(2 * k)]
    attribution = attribute_quote(facts[0], PlaceIndex(facts), k)
    assert (attribution.place_level, attribution.place) == ("region", GRONINGEN.region)


# ------------------------------------------------------------------ what readers get


def test_the_national_figures_count_her_and_her_municipality_does_not(publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.many("t", k, "Groningen", prefix="deelt")
    publish.many("t", k, "Groningen", prefix="deelt-niet", share=False)

    national = _theme(published_themes(Scope()))
    assert national.narrators == 2 * k
    assert _cells(national) == {("municipality", "Groningen"): k, ("all", ""): k}

    town = published_themes(Scope("municipality", "Groningen"))
    assert town.effective_scope == Scope("municipality", "Groningen")
    assert _theme(town).narrators == k
    for kind in ("region", "province"):
        wider = published_themes(Scope(kind, find_municipality("Groningen").region.name
                                       if kind == "region" else "Groningen"))
        assert _theme(wider).narrators == k, kind


def test_too_few_sharing_narrators_widen_the_municipal_report_to_the_whole_country(client, publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.many("t", k, "Groningen", share=False)
    page = client.get(reverse("publication:report", args=["Groningen"])).content.decode()
    assert "heel Nederland" in page
    view = published_themes(Scope("municipality", "Groningen"))
    assert view.effective_scope == Scope("all")


def test_her_quote_carries_no_place_and_is_not_in_her_municipality_s_report(publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.many("t", k, "Groningen", prefix="deelt")
    private = publish.statement("t", "deelt-niet", "Groningen", share=False,
                                text="Ik wachtte negen maanden op een gesprek en niemand belde mij ooit terug.")
    national = published_themes(Scope(), with_quotes=True)
    hers = [q for q in _theme(national).quotes if q.text.startswith("Ik wachtte negen maanden")]
    assert hers, "precondition: her quote is among the theme's quotes"
    assert hers[0].attribution.place_level == "all"
    town = published_themes(Scope("municipality", "Groningen"), with_quotes=True)
    assert private.text not in [q.text for q in _theme(town).quotes]


def test_taking_back_sharing_on_her_page_takes_her_out_of_her_municipality_at_once(client, publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    statements = publish.many("t", k, "Groningen")
    assert published_themes(Scope("municipality", "Groningen")).effective_scope.kind == "municipality"
    before = figures_as_of(statements[0].theme_id)
    story = statements[0].story

    client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]),
                {"story": story.pk, "purpose": Purpose.SHARE, "action": "withdraw"})

    assert not Consent.objects.filter(story=story, purpose=Purpose.SHARE, withdrawn_at__isnull=True).exists()
    assert published_themes(Scope("municipality", "Groningen")).effective_scope.kind != "municipality"
    assert _theme(published_themes(Scope())).narrators == k  # still counted for the country
    assert figures_as_of(statements[0].theme_id) > before  # the page's "as of" date moves


def test_sharing_given_again_puts_her_back(publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    statements = publish.many("t", k, "Groningen")
    story = statements[0].story
    withdraw_consent(story, Purpose.SHARE, via="link")
    assert published_themes(Scope("municipality", "Groningen")).effective_scope.kind != "municipality"
    give_consent(story, Purpose.SHARE, via="link")
    assert _theme(published_themes(Scope("municipality", "Groningen"))).narrators == k


def test_sharing_with_the_region_only_counts_for_the_region_not_the_municipality(publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    region = find_municipality("Groningen").region
    for statement in publish.many("t", k, "Groningen"):
        consent = statement.story.consents.get(purpose=Purpose.SHARE)
        consent.share_region = region
        consent.save()
    assert published_themes(Scope("municipality", "Groningen")).effective_scope == Scope("region", region.name)
    assert _theme(published_themes(Scope("region", region.name))).narrators == k
    assert _cells(_theme(published_themes(Scope()))) == {("region", region.name): k}


def test_sharing_with_another_place_than_the_story_s_shares_nothing_of_it(publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    elsewhere = Region.objects.exclude(pk=find_municipality("Groningen").region_id).first()
    for statement in publish.many("t", k, "Groningen"):
        Consent.objects.filter(story=statement.story, purpose=Purpose.SHARE).update(share_region=elsewhere)
    assert _cells(_theme(published_themes(Scope()))) == {("all", ""): k}
    assert published_themes(Scope("region", elsewhere.name)).effective_scope.kind == "all"


def test_the_api_leaves_her_out_of_her_municipality_too(publish):
    from rest_framework.test import APIClient

    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.many("t", k, "Groningen", prefix="deelt")
    publish.many("t", k - 1, "Groningen", prefix="deelt-niet", share=False)

    def theme(**params):
        body = APIClient().get("/api/v1/themas", params).json()
        return next(row for row in body["resultaten"] if row["sleutel"] == "t")

    assert theme()["vertellers"] == 2 * k - 1
    assert theme(gemeente="Groningen")["vertellers"] == k
