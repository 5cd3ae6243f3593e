"""The disclosure rules on plain data: every rule, and the edge where it flips."""

import pytest

from meervoud.publication.disclosure import (
    Fact, Place, PlaceIndex, Scope, attribute_quote, effective_scope, place_breakdown,
    readable_tags, shown, value_breakdown,
)

GRONINGEN = Place("Groningen", "Overig Groningen", "Groningen")
HOGELAND = Place("Het Hogeland", "Overig Groningen", "Groningen")
PEKELA = Place("Pekela", "Oost-Groningen", "Groningen")
ZWOLLE = Place("Zwolle", "Noord-Overijssel", "Overijssel")


def facts(place, count, prefix, domains=("verslaving",), theme="t"):
    return [Fact(theme, f"{prefix}{i}", i, place, frozenset(domains), "micro", "other")
            for i in range(count)]


def test_a_number_under_k_is_never_shown():
    assert shown(5, 5) == 5
    assert shown(4, 5) is None
    assert value_breakdown({"a": set("12345"), "b": set("1234")}, 5) == {"a": 5}


def test_small_municipalities_are_pooled_into_their_region_then_province():
    data = facts(GRONINGEN, 6, "g") + facts(HOGELAND, 2, "h") + facts(PEKELA, 3, "p") + facts(ZWOLLE, 1, "z")
    cells = place_breakdown(data, 5)
    as_tuples = [(c.level, c.name, c.narrators) for c in cells]
    assert ("municipality", "Groningen", 6) in as_tuples
    # Het Hogeland (2) alone is too small; with Pekela (3, other region) it only reaches 5 at
    # the province level, so neither municipality nor region is named.
    assert not any(name in ("Het Hogeland", "Pekela", "Overig Groningen", "Oost-Groningen")
                   for _level, name, _n in as_tuples)
    # Zwolle's single narrator would be the rest of the country, and 12 - 6 - 5 would give it
    # away: the smallest named cell (province Groningen, 5) joins the rest, which then has 6.
    assert as_tuples == [("municipality", "Groningen", 6), ("all", "", 6)]
    assert all(n is None or n >= 5 for _level, _name, n in as_tuples)


def test_what_the_shown_cells_leave_over_is_never_1_to_k_minus_1_narrators():
    data = (facts(GRONINGEN, 7, "g") + facts(HOGELAND, 5, "h") + facts(PEKELA, 6, "p")
            + facts(ZWOLLE, 2, "z"))
    for k in (2, 3, 5, 8):
        cells = place_breakdown(data, k)
        hidden = 20 - sum(cell.narrators or 0 for cell in cells)
        assert not 0 < hidden < k, (k, [(c.level, c.name, c.narrators) for c in cells])
    # nothing hidden: no cell needs to give way
    assert [c.narrators for c in place_breakdown(facts(GRONINGEN, 7, "g") + facts(PEKELA, 6, "p"), 5)] == [7, 6]


def test_one_narrator_with_many_statements_counts_once():
    data = facts(GRONINGEN, 4, "g") + [Fact("t", "g0", 99, GRONINGEN, frozenset(), "micro", "other")] * 3
    assert place_breakdown(data, 5) == [place_breakdown(data, 5)[0]]
    assert place_breakdown(data, 5)[0].narrators is None


def test_a_small_place_is_widened_until_it_holds_k_narrators():
    data = facts(GRONINGEN, 3, "g") + facts(HOGELAND, 3, "h") + facts(PEKELA, 2, "p")
    used, people = effective_scope(data, Scope("municipality", "Het Hogeland"), 5)
    assert used == Scope("region", "Overig Groningen") and len(people) == 6
    used, people = effective_scope(data, Scope("municipality", "Pekela"), 5)
    assert used == Scope("province", "Groningen") and len(people) == 8
    assert effective_scope(data, Scope("municipality", "Pekela"), 9) is None


def test_widening_keeps_the_life_domain_and_level():
    data = facts(GRONINGEN, 5, "g", domains=("schulden",)) + facts(HOGELAND, 5, "h", domains=("verslaving",))
    used, people = effective_scope(data, Scope("municipality", "Het Hogeland", domain="schulden"), 5,
                                   place=HOGELAND)
    assert used == Scope("region", "Overig Groningen", domain="schulden")
    assert people == {f"g{i}" for i in range(5)}


def test_domain_shorthand():
    assert Scope("domain", "schulden") == Scope("all", "", domain="schulden")
    with pytest.raises(ValueError):
        Scope("street", "Dorpsstraat")


def test_a_rare_domain_in_a_small_municipality_is_attributed_to_the_region():
    data = (facts(GRONINGEN, 10, "g", domains=("verslaving",))
            + facts(HOGELAND, 4, "h", domains=("verslaving",))
            + facts(HOGELAND, 1, "x", domains=("verslaving", "huiselijk-geweld"))
            + facts(PEKELA, 4, "p", domains=("huiselijk-geweld", "verslaving")))
    index = PlaceIndex(data)
    rare = data[14]  # the one narrator in Het Hogeland with experience of domestic violence
    attribution = attribute_quote(rare, index, 5)
    # Het Hogeland has 5 narrators, but only 1 with domestic violence; the region has 1 too;
    # the province has 5 with domestic violence (and addiction, the combination the caption
    # shows): that is as fine as the quote may be placed.
    assert (attribution.place_level, attribution.place) == ("province", "Groningen")
    assert attribution.domains == ("huiselijk-geweld", "verslaving")
    common = data[0]
    assert (attribute_quote(common, index, 5).place_level, attribute_quote(common, index, 5).place) == (
        "municipality", "Groningen")


def test_a_domain_too_rare_nationally_is_left_out_of_the_attribution():
    data = facts(GRONINGEN, 6, "g") + [Fact("t", "solo", 1, GRONINGEN, frozenset({"verslaving", "prostitutie"}), "micro", "other")]
    attribution = attribute_quote(data[-1], PlaceIndex(data), 5)
    assert attribution.domains == ("verslaving",)
    assert attribution.place == "Groningen"


def test_no_attribution_when_the_country_has_fewer_than_k():
    data = facts(GRONINGEN, 3, "g")
    assert attribute_quote(data[0], PlaceIndex(data), 5) is None


def test_tags_read_as_words_without_numbers():
    assert readable_tags("Ik sprak [PERSOON-12] bij [INSTELLING-1] op [DATUM].") == \
        "Ik sprak [persoon] bij [instelling] op [datum]."
    assert readable_tags("[E-MAIL] en [ ] blijven") == "[e-mail] en [ ] blijven"
