"""Privacy review, session 22: "Delen met je gemeente" (Purpose.SHARE) honoured in everything that
is published, researchers reading only statements of narrators who consent to research, and the
new page "Mijn werk".

Read the way an attacker with public access (or a researcher's account) would: every public and
exported format that can be asked for one place, the numbers and captions in it, and every page a
researcher can open that shows words of the stories.

The first two tests were findings (they failed before their fix in the same session): each says
what a real person did and saw, and what the fix is. The others guard the central promise across the formats the session's own tests
(tests/publication/test_share_consent.py, tests/knowledge/test_researcher_reads_consented.py) do
not reach; their docstrings say so.
"""

import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.engine.label import label_from_statement
from meervoud.knowledge.models import Theme
from meervoud.places.selectors import find_municipality
from meervoud.publication.disclosure import Scope, k_threshold
from meervoud.publication.selectors import published_themes
from meervoud.stories.models import Consent, Purpose
from tests.privacy.conftest import text_of

pytestmark = pytest.mark.django_db

ANALYSIS_ONLY = (Purpose.ANALYSIS,)
WITH_RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)
# her own words: findable in any format, and in no other story
HERS = "Ik wachtte negen maanden op een gesprek en de buurtcoach kwam pas toen mijn huur al achterliep."


def _theme(view, key="t"):
    return next(t for t in view.themes if t.key == key)


# ======================================================================= researchers (Medium)


def test_a_researcher_reads_the_start_of_a_statement_without_research_consent_as_a_themes_hint(
        client, publish, make_user):
    """A researcher (knowledge.view, no knowledge.curate) opens "Kennis". One theme has no name
    and no label: no word in it is used by k of its narrators. The analysis then stores as its
    provisional hint the first six words of the theme's most representative statement
    (engine/pipeline.py: ``label_from_statement(statements[reps[0]].text)``, kept in
    ``Theme.label_hint`` by knowledge/services.py). Here that statement is of a narrator who gave
    consent for analysis only, not for research. Session 22 hides her statement from the
    researcher on the theme page (``theme_statements(theme, reader=...)``) and says "Nog 1
    uitspraak ... die lees je niet". But the researcher reads its opening words anyway:
    - in the list of themes ("(voorlopig, niet openbaar: Mijn broer in de dialyse wist…)"),
    - on the theme's own page, in the notice "Woorden van minder vertellers, als hulp (niet
      openbaar): …", right above the line that says she may not read it,
    - on the coding page, as the name of that theme in every drop-down
      (``Theme.working_title``), and in the history's links to other themes.
    The model's own help text says the hint is "alleen voor wie thema's beoordeelt"; a
    researcher does not curate.
    SHOULD: show ``label_hint`` and ``working_title``'s hint only to people with knowledge.curate
    (knowledge/templates/knowledge/includes/label_hint.html, the no-label notice in
    knowledge/theme_detail.html, coding.html's options and the history links: use ``theme.title``
    or a neutral "Thema zonder naam 3" for researchers, e.g. through a template tag that takes the
    reader), or keep a hint made of a statement only while every narrator of the theme consents
    to research."""
    closed = publish.statement("t", "V-dicht", purposes=ANALYSIS_ONLY, text=(
        "Mijn broer in de dialyse wist niet dat hij recht had op vervoer, niemand vertelde het."))
    hint = label_from_statement(closed.text)  # what the engine stores for a theme without words
    Theme.objects.filter(key="t").update(name="", label="", keywords=[], label_hint=hint,
                                         representative_keys=[closed.key])
    # something the researcher may code, so the coding page shows its list of themes
    publish.statement("ander", "V-open", purposes=WITH_RESEARCH)
    words = hint.rstrip("…")
    assert words.startswith("Mijn broer in de dialyse"), "precondition: the hint is her words"

    client.force_login(make_user(Role.RESEARCHER))
    theme_page = client.get(reverse("knowledge:theme", args=["t"])).content.decode()
    assert closed.text not in theme_page and 'id="unreadable"' in theme_page, \
        "precondition: session 22 hides her statement itself from the researcher"
    seen = {name: words in client.get(url).content.decode() for name, url in (
        ("theme list", reverse("knowledge:themes")),
        ("theme page", reverse("knowledge:theme", args=["t"])),
        ("coding page", reverse("knowledge:coding")))}
    assert not any(seen.values()), f"her words ('{words}') are on the researcher's pages: {seen}"


# ======================================================================= region-only sharing (Low)


def test_narrators_who_share_with_their_region_only_are_published_as_living_in_other_municipalities(
        client, publish):
    """Five narrators in Groningen share with their municipality, five others in Groningen share
    with their region only (Consent.share_region). A policy officer of gemeente Groningen reads
    the theme in the Kennisbank: "gemeente Groningen: 5" and "overige gemeenten in regio
    Overig Groningen: 5" (the API, CSV and the report say the same: "overige gemeenten in
    regio ...", "kleinere gemeenten samen in regio ..."). She concludes that half of the
    narrators live in the surrounding municipalities and plans with the neighbours, while all ten
    live in her own town. The footnote added this session says those who did not want their
    municipality told are under "overige plaatsen", which is not where these five are. No one is
    identified (the cell holds k), but a published figure now says something untrue about where
    people live, which is what municipalities use it for.
    SHOULD: a region or province cell that holds narrators whose municipality may not be named
    reads neutrally ("in regio X, zonder gemeente" / "elders in regio X"), in
    publication/templates/publication/theme_detail.html, api/exports.py ``place_name``,
    publication/report.py ``place_row`` (the Cell can carry whether it pools small municipalities
    or narrators who shared with the region only), and the footnote names both cases."""
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    region = find_municipality("Groningen").region
    publish.many("t", k, "Groningen", prefix="gemeente")
    for statement in publish.many("t", k, "Groningen", prefix="regio"):
        Consent.objects.filter(story=statement.story, purpose=Purpose.SHARE).update(share_region=region)
    cells = {(cell.level, cell.name): cell.narrators for cell in _theme(published_themes()).places}
    assert cells == {("municipality", "Groningen"): k, ("region", region.name): k}, \
        "precondition: the region-only sharers form the region's cell"
    page = client.get(reverse("publication:theme", args=["t"])).content.decode()
    row = re.search(r"<th scope=\"row\">([^<]*regio[^<]*)</th>", page).group(1)
    assert "overige gemeenten" not in row, \
        f"narrators who all live in gemeente Groningen are published as '{row.strip()}'"


# ======================================================================= guards (pass)


@pytest.fixture
def groningen(publish):
    """k narrators in Groningen who share with their municipality, and one more in Groningen who
    does not: her story is the theme's most typical one and may be quoted."""
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.many("t", k, "Groningen", prefix="deelt")
    private = publish.statement("t", "deelt-niet", "Groningen", share=False, text=HERS)
    Theme.objects.filter(key="t").update(representative_keys=[private.key])
    national = _theme(published_themes(with_quotes=True))
    hers = [q for q in national.quotes if q.text == HERS]
    assert hers and hers[0].attribution.place_level == "all", \
        "precondition: her quote is published, for the whole country only"
    return private


def test_guard_no_place_scoped_format_counts_or_quotes_a_narrator_who_did_not_share(client, groningen):
    """GUARD (passes; keep it): the promise of this session in every format a reader can ask
    for one place, not only the selectors and the API list the session's tests check. A
    policy officer of Groningen asks for everything about her municipality, region and province:
    the Kennisbank filtered, the API list, the CSV and XLSX exports, the report (HTML and DOCX),
    the infographic (SVG) and the workshop kit. The narrator from Groningen who did not tick
    "Delen met je gemeente" is in none of their numbers (k, not k + 1) and her words are in none
    of them, while the national theme page does quote her ("Verteller uit Nederland")."""
    k = k_threshold()
    region = find_municipality("Groningen").region
    places = {"gemeente": "Groningen", "regio": region.name, "provincie": region.province.name}
    for kind, name in places.items():
        body = client.get("/api/v1/themas", {kind: name}).json()
        row = next(r for r in body["resultaten"] if r["sleutel"] == "t")
        assert (row["vertellers"], body["vertellersInScope"]) == (k, k), (kind, row, body)
        csv = text_of(client.get("/api/v1/export/themas.csv", {kind: name}))
        assert re.search(rf"^t;Wachtlijsten;thema;Wachtlijsten;{k};", csv, re.M), (kind, csv[:400])
        assert HERS not in text_of(client.get(reverse("publication:themes"), {kind: name}))
    documents = [reverse("publication:report", args=["Groningen"]),
                 reverse("publication:report_docx", args=["Groningen"]),
                 f"{reverse('publication:infographic_svg')}?gemeente=Groningen",
                 f"{reverse('publication:workshop')}?gemeente=Groningen",
                 "/api/v1/export/themas.xlsx?gemeente=Groningen"]
    for url in documents:
        response = client.get(url)
        assert response.status_code == 200, url
        assert HERS not in text_of(response), url
    kit = text_of(client.get(f"{reverse('publication:workshop')}?gemeente=Groningen"))
    assert 'class="ws-quote"' in kit, "precondition: the kit quotes a narrator of the theme"
    report = text_of(client.get(reverse("publication:report", args=["Groningen"])))
    assert "gemeente Groningen" in report and "heel Nederland" not in report, \
        "precondition: the report is about Groningen itself, not widened"
    national = text_of(client.get(reverse("publication:theme", args=["t"])))
    caption = re.search(re.escape(HERS) + r".*?<figcaption>(.*?)</figcaption>", national, re.S)
    assert caption and caption.group(1).strip().startswith("Een verteller in Nederland"), \
        "the national page quotes her, without a place"


def test_guard_taking_sharing_back_takes_her_words_out_of_her_municipal_report_at_once(client, publish):
    """GUARD (passes; keep it): a narrator in Groningen whose words are quoted in the report for
    gemeente Groningen takes back "Delen met je gemeente" on her own page. The very next request
    for that report (HTML and DOCX) no longer quotes her: the cached published facts follow the
    consent event, not the next analysis."""
    from tests.links import personal_link

    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.many("t", k, "Groningen", prefix="deelt")
    mine = publish.statement("t", "zij", "Groningen", text=HERS)
    Theme.objects.filter(key="t").update(representative_keys=[mine.key])
    report = reverse("publication:report", args=["Groningen"])
    assert HERS in text_of(client.get(report)), "precondition: her words are in the report"
    client.post(reverse("stories:my_story", args=[personal_link(mine.story.narrator)]),
                {"story": mine.story.pk, "purpose": Purpose.SHARE, "action": "withdraw"})
    for url in (report, reverse("publication:report_docx", args=["Groningen"])):
        assert HERS not in text_of(client.get(url)), url
    assert _theme(published_themes(Scope())).narrators == k + 1

