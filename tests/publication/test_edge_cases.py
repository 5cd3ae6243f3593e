"""Disclosure control at its edges: numbers a reader can subtract, quotes in a scoped document,
odd filter input, a story moved after analysis. Found in the session-11 review (2026-11-23);
each test failed before its fix. One leak is known and still open (marked xfail, strict)."""

import pytest

from meervoud.publication.disclosure import Scope, k_threshold
from meervoud.publication.selectors import published_themes

pytestmark = pytest.mark.django_db


def _theme(view, key):
    return next(t for t in view.themes if t.key == key)


def test_place_breakdown_total_minus_shown_cells_never_reveals_a_small_rest(publish):
    """Theme page: 'Verschillende vertellers' 11, 'gemeente Groningen' 5, 'gemeente Zwolle' 5,
    'overige plaatsen: minder dan 5'. 11 - 5 - 5 = 1 narrator elsewhere (Amsterdam)."""
    k = k_threshold()
    publish.theme("t")
    publish.many("t", k, "Groningen")
    publish.many("t", k, "Zwolle")
    publish.many("t", 1, "Amsterdam")
    theme = _theme(published_themes(Scope()), "t")
    rest = theme.narrators - sum(cell.narrators or 0 for cell in theme.places)
    assert not 0 < rest < k, f"total - shown cells = {rest} narrators in the suppressed cell"


@pytest.mark.xfail(strict=True, reason="open: differencing across nested places needs a check of every "
                   "enclosing level for scopes and per theme; many tests' small corpora would widen")
def test_two_published_scope_totals_differ_by_fewer_than_k(publish):
    """Knowledge base filtered on gemeente Groningen says 'rusten samen op 5 vertellers';
    filtered on provincie Groningen it says 7: two narrators elsewhere in the province (Pekela)."""
    k = k_threshold()
    publish.theme("t")
    publish.many("t", k, "Groningen")
    publish.many("t", 2, "Pekela")
    town = published_themes(Scope("municipality", "Groningen"))
    province = published_themes(Scope("province", "Groningen"))
    assert town.effective_scope == Scope("municipality", "Groningen")
    difference = province.narrators - town.narrators
    assert not 0 < difference < k, f"{difference} narrators outside gemeente Groningen"


def test_a_quote_in_a_municipal_document_shows_no_domain_rare_in_that_municipality(publish):
    """A report for gemeente Groningen only quotes narrators from Groningen, yet the rare life
    domain a quote carries is 'made safe' by attributing it to the whole country: the reader
    still learns that the one Groningen narrator with 'schulden' said this."""
    k = k_threshold()
    publish.theme("t")
    publish.many("t", k, "Groningen", domains=("verslaving",))
    publish.statement("t", "rare", "Groningen", domains=("armoede-schulden",),
                      text="Ik had schulden en niemand bij de gemeente wilde echt naar mij luisteren.")
    publish.many("other", k - 1, "Zwolle", domains=("armoede-schulden",))  # schulden has k nationally
    view = published_themes(Scope("municipality", "Groningen"), with_quotes=True)
    assert view.effective_scope == Scope("municipality", "Groningen")
    rare = [q for q in _theme(view, "t").quotes if "armoede-schulden" in q.attribution.domains]
    # every fact behind these quotes is in Groningen; the domain cannot be shown at Groningen
    assert rare == [], [(q.attribution.place_level, q.attribution.domains) for q in rare]


@pytest.mark.parametrize("url", ["/kennisbank/infographic/?gemeente=%C2%B2",
                                 "/kennisbank/infographic.svg?gemeente=%C2%B2",
                                 "/kennisbank/rapport/?gemeente=%C2%B2",
                                 "/kennisbank/workshop/?gemeente=%C2%B2"])
def test_superscript_digit_as_municipality_is_not_a_server_error(client, url):
    """'²'.isdigit() is True but int('²') raises: find_municipality crashes (500)."""
    response = client.get(url)
    assert response.status_code < 500


def test_an_edit_of_a_story_place_reaches_the_cached_publication(publish):
    """Moving a story to another municipality (admin, or a correction) does not change _stamp:
    the public breakdown keeps naming the old municipality."""
    from meervoud.places.selectors import find_municipality

    k = k_threshold()
    publish.theme("t")
    statements = publish.many("t", k, "Groningen")
    assert _theme(published_themes(Scope()), "t").places[0].name == "Groningen"
    for statement in statements:
        story = statement.story
        story.municipality = find_municipality("Zwolle")
        story.save()
    names = [cell.name for cell in _theme(published_themes(Scope()), "t").places]
    assert "Groningen" not in names, names
