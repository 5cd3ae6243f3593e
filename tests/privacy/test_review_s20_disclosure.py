"""Disclosure-control review, session 20: what Meervoud publishes or exports, read the way a
CBS-style statistician or a privacy officer would attack it with only public (or policy
officer) access: combinations of what a quote is captioned with, texts that never pass the
de-identifier, words of two narrators, differences between two versions, and counts of peer
experts subtracted from each other.

Promise under test: nothing identifying reaches published pages, and every published figure or
description rests on at least k distinct people (``MEERVOUD_MIN_NARRATORS``, default 5).

Each test says what happens now, what should happen and why it matters; each failed on the code
it was written against. Not repeated here: the open, xfailed decision on differencing between
nested places or filters (tests/publication/test_edge_cases.py), and what earlier reviews
(tests/privacy/test_review_s17.py, test_review_s18_rights.py, tests/publication/*) cover.
"""

import random
import re

import pytest
from django.urls import reverse

from meervoud.publication.disclosure import k_threshold
from meervoud.stories.models import Purpose
from tests.engine.conftest import TOPICS as ENGINE_TOPICS

pytestmark = pytest.mark.django_db

NO_QUOTE = (Purpose.ANALYSIS,)


def _captions(page: str) -> list[str]:
    return re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)


def _api_theme(client, key: str) -> dict:
    response = client.get(f"/api/v1/themas/{key}")
    assert response.status_code == 200, response.content
    return response.json()


def _api_list(client, **filters) -> dict:
    response = client.get("/api/v1/themas", filters)
    assert response.status_code == 200, response.content
    return response.json()


# --------------------------------------------------------------------------- quotes


def test_a_quote_is_captioned_with_two_life_domains_that_only_one_narrator_shares(client, publish):
    """Theme 'Wachtlijsten' rests on 9 narrators in Groningen: 5 with addiction (verslaving),
    5 with homelessness (dak- en thuisloosheid). Exactly one of them has both. Her quote is
    captioned "Een verteller in gemeente Groningen · Dak- en thuisloosheid, Verslaving" (theme
    page and API `citaten[].herkomst`). `attribute_quote` checks each domain on its own (>= k in
    Groningen), never the combination it prints. The published figures themselves show the
    combination is tiny: the API filtered on domein=verslaving lists the theme without
    'dak-thuisloosheid' in its life domains, i.e. fewer than k of its addiction narrators are
    also homeless. So anyone who knows a homeless addict in Groningen told her story reads
    what she said.
    SHOULD: a quote names a combination of life domains (with its place) only when at least k
    of the theme's narrators share that whole combination there; otherwise fewer domains (or
    none) are shown. Fix in publication/disclosure.py `attribute_quote` (count the narrators
    holding every shown domain together, within the theme, at the chosen place level)."""
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.statement("t", "beide", "Groningen", domains=("verslaving", "dak-thuisloosheid"),
                      text="Ik sliep buiten en dronk te veel, en niemand van het wijkteam kwam ooit langs.")
    publish.many("t", k - 1, "Groningen", prefix="v", domains=("verslaving",), purposes=NO_QUOTE)
    publish.many("t", k - 1, "Groningen", prefix="d", domains=("dak-thuisloosheid",), purposes=NO_QUOTE)

    quotes = _api_theme(client, "t")["citaten"]
    assert quotes, "precondition: her quote is published"
    among_addicts = next(t for t in _api_list(client, domein="verslaving")["resultaten"]
                         if t["sleutel"] == "t")
    also_homeless = {d["slug"] for d in among_addicts["levensdomeinen"]}
    assert "dak-thuisloosheid" not in also_homeless, \
        "precondition: fewer than k of the theme's addiction narrators are also homeless"
    both = [q["herkomst"] for q in quotes
            if {"verslaving", "dak-thuisloosheid"} <= set(q["herkomst"]["levensdomeinen"])]
    assert both == [], f"a quote is placed in a group of fewer than {k}: {both}"
    page = client.get(reverse("publication:theme", args=["t"])).content.decode()
    assert not any("Dak- en thuisloosheid, Verslaving" in c for c in _captions(page)), _captions(page)


def test_a_quote_names_a_place_and_domain_where_the_theme_has_fewer_than_k_narrators(client, publish):
    """Theme 'Wachtlijsten': 5 narrators in Groningen (one homeless, four with addiction) and
    5 homeless narrators in Zwolle. Groningen has k homeless narrators over all themes, so the
    homeless Groningen narrator's quote is captioned "gemeente Groningen · Dak- en
    thuisloosheid". But within this theme she is the only one: the knowledge base filtered on
    gemeente=Groningen and domein=dak-thuisloosheid does not show the theme (fewer than k),
    while the theme page puts her words exactly there. The caption is checked against all
    themes (`PlaceIndex`) and against the theme's national breakdowns separately, never against
    the theme's own narrators in that place with that domain.
    SHOULD: a quote is placed in a (place, life domain) only where the theme itself has at least
    k narrators, i.e. where the filtered knowledge base would show the theme. Fix in
    publication/selectors.py `_quotes` / disclosure.py `attribute_quote`."""
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.statement("t", "Q", "Groningen", domains=("dak-thuisloosheid",),
                      text="Ik sliep maanden in de nachtopvang en niemand van het wijkteam belde mij terug.")
    publish.many("t", k - 1, "Groningen", prefix="gv", domains=("verslaving",), purposes=NO_QUOTE)
    publish.many("t", k, "Zwolle", prefix="zd", domains=("dak-thuisloosheid",), purposes=NO_QUOTE)
    publish.many("ander", k - 1, "Groningen", prefix="gd", domains=("dak-thuisloosheid",),
                 purposes=NO_QUOTE)  # Groningen reaches k homeless narrators over all themes

    scoped = _api_list(client, gemeente="Groningen", domein="dak-thuisloosheid")
    assert scoped["gebruikt"]["soort"] == "gemeente", "precondition: the filter is not widened"
    shown_there = {t["sleutel"] for t in scoped["resultaten"]}
    assert "t" not in shown_there, "precondition: the theme has fewer than k such narrators there"

    captions = _captions(client.get(reverse("publication:theme", args=["t"])).content.decode())
    assert captions, "precondition: her quote is published"
    placed = [c for c in captions if "Groningen" in c and "Dak- en thuisloosheid" in c]
    assert placed == [], f"quote placed where the theme has fewer than {k} narrators: {placed}"


# --------------------------------------------------------------------------- texts people type


def test_a_collective_statement_with_a_narrators_name_and_phone_number_is_published(client, publish,
                                                                                   make_user):
    """Peer experts write the theme's name and its collective statement ('kennisuitspraak') in
    their own words, and those texts go straight onto the public theme page, the infographic,
    the PDF and Word report, the CSV/XLSX and the API. Nothing checks them: a peer expert who
    writes "Zoals Fatima el Amrani uit Ter Apel vertelde (bel 06-12345678) ..." and names the
    theme "Het dossier van mevrouw De Graaf" publishes a narrator's name, village and mobile
    number to everyone, while every story went through the de-identifier before anyone saw it.
    The practice form already refuses a person's name in its contact field; the knowledge
    texts, which are about narrators, have no such check.
    SHOULD: saving (or at the latest validating) a theme name or collective statement that the
    de-identifier finds a person, phone number, address or e-mail in is refused with a Dutch
    message ("Er staat een naam of telefoonnummer in ..."), or the text is de-identified before
    it is published. Fix in knowledge/forms.py (InsightForm, RenameForm) or knowledge/curation.py."""
    k = k_threshold()
    publish.backed("t", k, name="Wachtlijsten", validated=False)
    client.force_login(make_user("coordinator"))
    url = reverse("knowledge:theme", args=["t"])
    client.post(url, {"form": "insight", "insight": "Zoals Fatima el Amrani uit Ter Apel vertelde "
                      "(bel 06-12345678): het wijkteam raakte haar dossier kwijt."})
    client.post(url, {"form": "rename", "name": "Het dossier van mevrouw De Graaf"})
    client.post(url, {"form": "validate"})
    client.logout()

    response = client.get(reverse("publication:theme", args=["t"]))
    assert response.status_code == 200, "precondition: the theme is published"
    page = response.content.decode()
    leaked = [word for word in ("Fatima", "el Amrani", "06-12345678", "De Graaf") if word in page]
    assert leaked == [], f"identifiers on the public theme page: {leaked}"


def test_a_keyword_only_two_narrators_used_publishes_their_nationality(client, settings, make_user):
    """Two narrators (of the 5 behind a theme) say they are Eritrean refugees. The engine's
    labeler lets a term become a keyword and part of the theme's name once two narrators use it
    (engine/label.py `min_narrators = 2`), so the published theme is called "..., eritrese, ..."
    and 'eritrese' is a keyword in the API, CSV and search. Ethnic origin is special-category
    data, and the theme page also says where the theme's narrators live: the public learns that
    two Eritrean refugees in Groningen waited for mental-health care. Two is below k.
    SHOULD: a word reaches a published name or keyword only when at least k of the theme's
    narrators use it (the same k as every other published fact); a theme without such words
    gets a neutral name until peer experts name it. Fix in knowledge/services.py (label with
    min_narrators = k_threshold()) or in publication/selectors.py (publish only keywords used
    by k narrators of the theme)."""
    from meervoud.knowledge import curation
    from meervoud.knowledge.models import AnalysisRun, Statement, Theme
    from meervoud.knowledge.services import run_analysis
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.services import StoryDraft, create_story, new_narrator

    settings.MEERVOUD_EMBEDDER = "tfidf"
    rng = random.Random(1)
    place = find_municipality("Groningen")
    texts = [" ".join(rng.sample(topic["sentences"], 3)) for topic in ENGINE_TOPICS.values()
             for _ in range(8)]
    theirs = [
        "Als Eritrese vluchteling stond ik op de wachtlijst bij de ggz. Eritrese mensen wachten een "
        "jaar op behandeling na de intake. Als Eritrese kreeg ik geen tolk bij de ggz.",
        "De wachtlijst bij de ggz was lang voor mij als Eritrese. Na de intake bij de ggz kwam er "
        "voor een Eritrese vrouw geen behandeling. Eritrese vluchtelingen wachten.",
    ]
    for text in texts + theirs:
        create_story(narrator=new_narrator(), draft=StoryDraft(text=text, municipality=place),
                     purposes={Purpose.ANALYSIS})
    run_analysis(AnalysisRun.objects.create())
    coordinator = make_user("coordinator")
    # a theme without any name cannot be validated (session 21)
    for theme in Theme.objects.filter(active=True, parent__isnull=True).exclude(name="", label=""):
        curation.set_validated(theme, True, user=coordinator)
    users = Statement.objects.filter(text__icontains="eritrese").values("story__narrator").distinct()
    assert users.count() == 2 < k_threshold(), "precondition: only two narrators use the word"

    listed = _api_list(client)["resultaten"]
    assert listed, "precondition: themes are published"
    named = [(t["titel"], t["trefwoorden"]) for t in listed
             if "eritrese" in (t["titel"] + " " + " ".join(t["trefwoorden"])).casefold()]
    assert named == [], f"a word of {users.count()} narrators is published: {named}"


def test_a_good_practice_publishes_a_named_peer_experts_addiction_and_mobile_number(client, make_user):
    """A policy officer proposes a good practice and a coordinator publishes it. Its contact
    field refuses a person's name or 06-number ("Iedereen kan dit lezen"), but the other free
    texts are not checked: "Wat doen de ervaringsdeskundigen?" = "Marieke de Vries, zelf twintig
    jaar verslaafd geweest, loopt mee. Bel haar op 06-12345678." goes onto the public catalogue,
    the practice page, the CSV/XLSX export and the API, next to the life domain 'verslaving'.
    A peer expert's name with her addiction history (special-category data) and mobile number
    are now public.
    SHOULD: the same check as the contact field (practices/forms.py `names_a_person`, or the
    de-identifier) on every free text of a practice, with a plain Dutch message on the field;
    a published practice shows none of these identifiers."""
    from meervoud.places.selectors import find_municipality
    from meervoud.practices.models import GoodPractice
    from meervoud.stories.models import LifeDomain

    client.force_login(make_user("beleid"))
    client.post(reverse("practices:propose"), {
        "title": "Meelopen bij de verslavingszorg",
        "summary": "Een ervaringsdeskundige loopt mee naar de eerste afspraak bij de verslavingszorg.",
        "life_domains": [LifeDomain.objects.get(slug="verslaving").pk],
        "municipalities": [find_municipality("Groningen").pk],
        "organisations": "Herstelhuis", "roles": ["bondgenoot"], "level": "micro",
        "expert_work": "Marieke de Vries, zelf twintig jaar verslaafd geweest, loopt mee. "
                       "Bel haar op 06-12345678.",
        "what_works": "Iemand die de weg kent.", "contact": "Herstelhuis", "website": "",
    })
    client.logout()
    practice = GoodPractice.objects.filter(title="Meelopen bij de verslavingszorg").first()
    if practice is not None:  # a proposal that was accepted is published by a coordinator
        client.force_login(make_user("coordinator"))
        client.post(reverse("practices:decide", args=[practice.slug]), {"action": "publish"})
        client.logout()

    exported = client.get("/api/v1/export/goede-praktijken.csv").content.decode("utf-8-sig")
    page = client.get(practice.get_absolute_url()).content.decode() if practice else ""
    leaked = [word for word in ("Marieke", "de Vries", "06-12345678") if word in exported + page]
    assert leaked == [], f"a peer expert's identifiers are published: {leaked}"


# --------------------------------------------------------------------------- differences


@pytest.mark.xfail(strict=True, reason="open, a project decision: differencing over time (and across "
                   "nested places, tests/publication/test_edge_cases.py) needs perturbed or batched "
                   "counts, which changes what 'n' means on every published page")
def test_comparing_two_versions_of_a_theme_page_tells_where_one_new_narrator_lives(client, publish):
    """Monday the theme page says: 10 narrators, gemeente Groningen 5, gemeente Zwolle 5. One
    narrator from Zwolle tells her story; the next analysis places it in the theme. Tuesday the
    page says 11, Groningen 5, Zwolle 6 (API and CSV the same). The difference of two public
    versions is a table with one person in it: she lives in Zwolle and is in this theme (and
    her quote is the one that appeared). Whoever knows she went to last week's storytelling
    session in Zwolle now knows what she said. Every single version passes the k rule; the
    series does not.
    SHOULD: a new version never changes a published count by 1 to k-1 narrators (e.g. new
    stories are published in batches of at least k new narrators, or counts are published
    rounded to a base that hides single additions). Fix in publication/selectors.py (a release
    rule next to the cache stamp)."""
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.many("t", k, "Groningen", purposes=NO_QUOTE)
    publish.many("t", k, "Zwolle", purposes=NO_QUOTE)
    before = _api_theme(client, "t")

    publish.statement("t", "nieuw-in-zwolle", "Zwolle", purposes=NO_QUOTE)
    after = _api_theme(client, "t")

    def zwolle(theme):
        return next((p["vertellers"] for p in theme["plaatsen"] if p["naam"] == "Zwolle"), None)

    changes = {"vertellers": after["vertellers"] - before["vertellers"]}
    if zwolle(before) is not None and zwolle(after) is not None:
        changes["gemeente Zwolle"] = zwolle(after) - zwolle(before)
    singled_out = {name: d for name, d in changes.items() if 0 < abs(d) < k}
    assert singled_out == {}, f"two versions differ by fewer than {k} narrators: {singled_out}"


def test_the_pool_total_minus_its_province_count_leaves_one_peer_expert(client, publish, make_user):
    """The public report for gemeente Groningen says: "De pool heeft 6 beschikbare
    ervaringsdeskundigen. Met hun woonplaats in provincie Groningen: 5." and in its table
    "Verslaving: 6". So exactly one available peer expert lives outside the province, and she
    has lived experience with addiction; the report for Zwolle ("minder dan 5" in Overijssel)
    tells where. She let only municipalities that post an assignment see her experience; now
    everyone can work it out. Each number passes the k rule on its own (documents.pool_summary
    applies `shown` per number), but they are nested and published side by side.
    SHOULD: no published pool count differs from an enclosing one (pool total, province, region)
    by 1 to k-1 experts: suppress or pool the inner count too (secondary suppression, as
    place_breakdown does for narrators). Fix in publication/documents.py `pool_summary`."""
    from tests.pool.builders import expert

    k = k_threshold()
    publish.backed("t", k, name="Wachtlijsten")
    for i in range(k):
        expert(make_user, f"g{i}", home="Groningen", visible="requesters")
    expert(make_user, "zwolle", home="Zwolle", visible="requesters")

    page = client.get(reverse("publication:report", args=["Groningen"])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    total = re.search(r"De pool heeft (\d+) beschikbare", text)
    province = re.search(r"woonplaats in provincie Groningen: (\d+)", text)
    assert total, "precondition: the report gives the pool's total"
    if province:
        difference = int(total.group(1)) - int(province.group(1))
        assert not 0 < difference < k, \
            f"pool total - province count = {difference} peer expert(s) outside the province"


def test_the_public_saturation_chart_still_counts_a_narrator_who_withdrew(client, settings, make_user):
    """A narrator withdraws her consent for analysis. At once every theme count drops by one
    and the knowledge base says "Alle thema's hier samen rusten op 31 verschillende vertellers"
    (the promise: a withdrawn story leaves every number at once, tests/publication/
    test_kennisbank.py). The saturation chart on
    the same public page still reads "tegen het aantal vertellers (van 1 tot 32)" with a row per
    narrator: it is the stored summary of the last analysis run, which still includes her
    (publication/views.py `_corpus_saturation`). Her data is still in a published figure, and
    the two numbers side by side tell every visitor that one narrator left since the last run.
    SHOULD: after a withdrawal the public page shows no figure computed with her: the curve is
    recomputed without her, or hidden until the next analysis."""
    from meervoud.knowledge import curation
    from meervoud.knowledge.models import AnalysisRun, Theme
    from meervoud.knowledge.services import run_analysis
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.services import StoryDraft, create_story, new_narrator, withdraw_consent

    settings.MEERVOUD_EMBEDDER = "tfidf"
    rng = random.Random(3)
    place = find_municipality("Groningen")
    stories = [create_story(narrator=new_narrator(), purposes={Purpose.ANALYSIS},
                            draft=StoryDraft(text=" ".join(rng.sample(topic["sentences"], 3)),
                                             municipality=place))
               for topic in ENGINE_TOPICS.values() for _ in range(8)]
    run_analysis(AnalysisRun.objects.create())
    coordinator = make_user("coordinator")
    # a theme without any name cannot be validated (session 21)
    for theme in Theme.objects.filter(active=True, parent__isnull=True).exclude(name="", label=""):
        curation.set_validated(theme, True, user=coordinator)

    def read():
        page = re.sub(r"\s+", " ", client.get(reverse("publication:themes")).content.decode())
        total = re.search(r"samen rusten op (\d+) verschillende vertellers", page)
        curve = re.search(r"tegen het aantal vertellers \(van 1 tot (\d+)\)", page)
        assert total, "precondition: the knowledge base gives its total"
        return total, curve

    total, curve = read()
    assert curve and curve.group(1) == total.group(1), "precondition: chart and page agree at first"
    withdraw_consent(stories[0], Purpose.ANALYSIS, via="link")
    total, curve = read()
    if curve:
        assert int(curve.group(1)) <= int(total.group(1)), \
            f"the chart counts {curve.group(1)} narrators, the page {total.group(1)}"
