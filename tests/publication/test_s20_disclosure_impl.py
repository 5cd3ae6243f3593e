"""Session 20: quotes captioned only with groups of at least k (the whole combination of life
domains, within the quote's own theme), pool counts made safe together, and the saturation
curve hidden once a narrator left the analysis after it was computed."""

import re

from django.urls import reverse
from django.utils import timezone

from meervoud.publication.disclosure import (
    Fact, Place, PlaceIndex, attribute_quote, k_threshold, nested_counts,
)
from meervoud.stories.models import Purpose

GRONINGEN = Place("Groningen", "Overig Groningen", "Groningen")
HOGELAND = Place("Het Hogeland", "Overig Groningen", "Groningen")
ZWOLLE = Place("Zwolle", "Noord-Overijssel", "Overijssel")
ALL = ("all", "")


def facts(place, count, prefix, domains=("verslaving",), theme="t"):
    return [Fact(theme, f"{prefix}{i}", i, place, frozenset(domains), "micro", "other")
            for i in range(count)]


# --------------------------------------------------------------------------- quotes, plain data


def test_two_common_domains_that_one_narrator_shares_are_not_shown_together():
    both = Fact("t", "both", 0, GRONINGEN, frozenset({"verslaving", "dak-thuisloosheid"}), "micro", "other")
    data = ([both] + facts(GRONINGEN, 6, "v", ("verslaving",))
            + facts(GRONINGEN, 4, "d", ("dak-thuisloosheid",)))
    attribution = attribute_quote(both, PlaceIndex(data), 5)
    # verslaving (7) is the more common: it stays, the rarer domain gives way
    assert attribution.domains == ("verslaving",)
    assert (attribution.place_level, attribution.place) == ("municipality", "Groningen")


def test_a_combination_shared_by_k_is_shown_at_the_finest_place_that_holds_k():
    data = (facts(GRONINGEN, 2, "g", ("verslaving", "dak-thuisloosheid"))
            + facts(HOGELAND, 3, "h", ("verslaving", "dak-thuisloosheid"))
            + facts(GRONINGEN, 5, "x", ("verslaving",)))
    attribution = attribute_quote(data[0], PlaceIndex(data), 5)
    assert attribution.domains == ("dak-thuisloosheid", "verslaving")
    assert (attribution.place_level, attribution.place) == ("region", "Overig Groningen")


def test_the_themes_own_narrators_decide_not_those_of_other_themes():
    mine = facts(GRONINGEN, 1, "q", ("dak-thuisloosheid",)) + facts(GRONINGEN, 4, "v") \
        + facts(ZWOLLE, 5, "z", ("dak-thuisloosheid",))
    others = facts(GRONINGEN, 6, "o", ("dak-thuisloosheid",), theme="ander")
    index = PlaceIndex(mine + others)
    # over all themes, Groningen has enough homeless narrators
    assert attribute_quote(mine[0], index, 5).place == "Groningen"
    # within the theme only one: the domain is kept, the place is not
    attribution = attribute_quote(mine[0], index, 5, theme=PlaceIndex(mine))
    assert attribution.domains == ("dak-thuisloosheid",)
    assert attribution.place_level == "all"


def test_a_domain_too_rare_within_the_theme_is_left_out():
    mine = facts(GRONINGEN, 1, "q", ("verslaving", "eenzaamheid")) + facts(GRONINGEN, 5, "v")
    others = facts(GRONINGEN, 6, "o", ("eenzaamheid",), theme="ander")
    attribution = attribute_quote(mine[0], PlaceIndex(mine + others), 5, theme=PlaceIndex(mine))
    assert attribution.domains == ("verslaving",)
    assert attribution.place == "Groningen"


# --------------------------------------------------------------------------- quotes, pages


def test_the_theme_page_captions_the_quote_with_one_domain_and_its_place(client, publish):
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.statement("t", "beide", "Groningen", domains=("verslaving", "dak-thuisloosheid"),
                      text="Ik sliep buiten en dronk te veel, en niemand van het wijkteam kwam ooit langs.")
    publish.many("t", k, "Groningen", prefix="v", domains=("verslaving",), purposes=(Purpose.ANALYSIS,))
    publish.many("t", k - 1, "Groningen", prefix="d", domains=("dak-thuisloosheid",),
                 purposes=(Purpose.ANALYSIS,))
    page = client.get(reverse("publication:theme", args=["t"])).content.decode()
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert captions == ["Een verteller in gemeente Groningen · Verslaving"]


# --------------------------------------------------------------------------- pool counts


def test_a_part_that_leaves_fewer_than_k_is_hidden():
    counts = {ALL: 6, ("province", "Groningen"): 5, ("province", "Overijssel"): 1,
              ("region", "Overig Groningen"): 5, ("region", "Noord-Overijssel"): 1}
    parents = {ALL: None, ("province", "Groningen"): ALL, ("province", "Overijssel"): ALL,
               ("region", "Overig Groningen"): ("province", "Groningen"),
               ("region", "Noord-Overijssel"): ("province", "Overijssel")}
    shown = nested_counts(counts, parents, 5)
    assert shown[ALL] == 6
    assert shown[("province", "Groningen")] is None and shown[("region", "Overig Groningen")] is None
    assert shown[("province", "Overijssel")] is None


def test_nested_counts_leave_nothing_small_over_anywhere():
    counts = {ALL: 22, ("province", "A"): 11, ("province", "B"): 10, ("province", "C"): 1,
              ("region", "A1"): 6, ("region", "A2"): 5, ("region", "B1"): 9, ("region", "B2"): 1,
              ("region", "C1"): 1}
    parents = {ALL: None, ("province", "A"): ALL, ("province", "B"): ALL, ("province", "C"): ALL,
               ("region", "A1"): ("province", "A"), ("region", "A2"): ("province", "A"),
               ("region", "B1"): ("province", "B"), ("region", "B2"): ("province", "B"),
               ("region", "C1"): ("province", "C")}
    for k in (2, 3, 5, 8):
        shown = nested_counts(counts, parents, k)
        visible = {node for node, n in shown.items() if n is not None}
        for node in visible:
            inside = [n for n in visible if _within(n, node, parents)]
            parts = [n for n in inside if not any(_within(n, other, parents) for other in inside)]
            rest = counts[node] - sum(counts[p] for p in parts)
            assert not 0 < rest < k, (k, node, sorted(visible))
            assert counts[node] >= k


def _within(node, outer, parents):
    parent = parents.get(node)
    while parent is not None:
        if parent == outer:
            return True
        parent = parents.get(parent)
    return False


def test_equal_counts_stay_shown():
    counts = {ALL: 7, ("province", "Groningen"): 7, ("region", "Overig Groningen"): 7}
    parents = {ALL: None, ("province", "Groningen"): ALL,
               ("region", "Overig Groningen"): ("province", "Groningen")}
    assert nested_counts(counts, parents, 5) == counts


def test_a_hidden_pool_count_reads_the_same_whether_small_or_close_to_the_total(client, publish,
                                                                                make_user):
    from tests.pool.builders import expert

    k = k_threshold()
    publish.backed("t", k, name="Wachtlijsten")
    for i in range(k):
        expert(make_user, f"g{i}", home="Groningen")
    expert(make_user, "zwolle", home="Zwolle")

    def lines(place):
        page = client.get(reverse("publication:report", args=[place])).content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
        return re.findall(r"Met hun woonplaats in [^:]+: [^.]+\.", text)

    hidden = "dat getal noemen we niet, zodat niemand te herkennen is."
    groningen, zwolle = lines("Groningen"), lines("Zwolle")
    assert groningen and all(line.endswith(hidden) for line in groningen), groningen  # 5 of 6
    assert zwolle and all(line.endswith(hidden) for line in zwolle), zwolle  # 1
    assert not any("minder dan" in line for line in groningen + zwolle)


# --------------------------------------------------------------------------- saturation


def _curve(narrators: int) -> dict:
    from meervoud.engine.evidence import CORPUS, SaturationAnalysis

    table = {f"n{i}": {f"t{i % 3}"} for i in range(narrators)}
    return {CORPUS: SaturationAnalysis(orders=5).curve(CORPUS, table).to_dict()}


def _run(narrators: int, started):
    from meervoud.knowledge.models import AnalysisRun

    return AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, started_at=started,
                                      finished_at=started + timezone.timedelta(minutes=1),
                                      narrators=narrators, summary={"saturation": _curve(narrators)})


def test_the_curve_waits_for_the_next_analysis_after_a_withdrawal(client, publish):
    from meervoud.knowledge.models import Statement
    from meervoud.publication.selectors import corpus_saturation
    from meervoud.stories.services import withdraw_consent

    k = k_threshold()
    publish.backed("t", k + 2, name="Wachtlijsten")
    statements = list(Statement.objects.select_related("story"))
    _run(k + 2, timezone.now() - timezone.timedelta(hours=1))
    assert corpus_saturation().curve is not None
    page = client.get(reverse("publication:themes")).content.decode()
    assert "verzadigingscurve komt terug" not in page

    withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    saturation = corpus_saturation()
    assert saturation.curve is None and saturation.waiting
    page = client.get(reverse("publication:themes")).content.decode()
    assert "De verzadigingscurve komt terug na de volgende analyse." in page
    assert "tegen het aantal vertellers" not in page

    _run(k + 1, timezone.now() + timezone.timedelta(seconds=1))  # the next analysis, without her
    assert corpus_saturation().curve is not None


def test_no_line_without_a_curve(client, db):
    page = client.get(reverse("publication:themes")).content.decode()
    assert "verzadigingscurve" not in page


def test_a_curve_of_fewer_than_k_narrators_is_not_shown(db):
    from meervoud.publication.selectors import corpus_saturation

    _run(k_threshold() - 1, timezone.now())
    assert corpus_saturation().curve is None and not corpus_saturation().waiting


def test_a_sub_theme_without_a_name_is_not_listed_on_the_public_page(publish):
    """A sub-theme whose words no k narrators share has no label (session 20): a list of
    "Thema zonder naam · 6 vertellers" tells a reader nothing, so only named ones are listed."""
    from meervoud.knowledge.models import Statement, Theme
    from meervoud.publication.selectors import published_themes

    theme = publish.backed("wachtlijsten", 12)
    named = Theme.objects.create(key="wachtlijsten-ggz", label="Ggz, wachttijd", parent=theme)
    unnamed = Theme.objects.create(key="wachtlijsten-2", label="", parent=theme)
    statements = list(Statement.objects.filter(theme=theme).order_by("pk"))
    for n, statement in enumerate(statements):
        statement.subtheme = named if n < 6 else unnamed
        statement.save()
    [published] = [t for t in published_themes().themes if t.key == "wachtlijsten"]
    assert published.subthemes == [("Ggz, wachttijd", 6)]
