"""Review, session 24: what Meervoud publishes for municipalities, read as a municipal policy
officer (beleidsmedewerker) of Groningen who must make policy from collective experiential
knowledge: the Kennisbank with its filters, the theme pages, the infographic, the municipal
report (PDF/DOCX), the CSV/XLSX exports, the open API, the catalogue of good practices and her
municipality's questions to the learning network (kennisvragen).

Each test here failed on the code of commit 617b0a2: its docstring says what she met and what
should happen instead.

Checked and found sound (no test here): for one scope the Kennisbank list, the infographic (web,
SVG, PDF), the report (HTML, PDF, DOCX), the CSV/XLSX exports and /api/v1/themas give the same
narrators, stories, shares, helped/hindered counts, places and life domains, because all read
``published_themes``; a suppressed count reads "minder dan 5" in every document and export and is
null in the API; a small municipality widens to its region (Westerkwartier -> regio Overig
Groningen) and every format says so; a municipality without stories says there are too few
stories yet and what k is; a story without "delen met je gemeente" never counts for her place;
quotes are attributed no finer than the breakdowns; the report's PDF opens (pypdf), has Dutch
headings, "Gemaakt op" with a Dutch date, the k rule in its method chapter and absolute links;
the XLSX has a "Verantwoording" sheet and every CSV row says what place and k it is about; API
errors are problem+json in Dutch.
"""

import html
import re

import pytest
from django.urls import reverse

from meervoud.needs.models import InformationNeed
from meervoud.stories.models import LifeDomain
from tests.conftest import run_background_tasks
from tests.publication import document_data as data

pytestmark = pytest.mark.django_db


def text_of(page: str) -> str:
    """The words of an HTML page (inside <main>) as a reader sees them, on one line."""
    found = re.search(r"<main.*?</main>", page, re.S)
    page = found.group(0) if found else page
    page = re.sub(r"<(select|svg)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page: str, heading_id: str) -> str:
    """The text of the <section> that holds the heading with this id."""
    start = page.index(f'id="{heading_id}"')
    return text_of(page[start:page.index("</section>", start)])


# ======================================================================= numbers that disagree (Medium)


def test_a_theme_opened_from_her_municipality_shows_other_numbers_without_saying_where(
        client, publish):
    """She filters the Kennisbank on gemeente Groningen. The card "Een vaste contactpersoon"
    reads "7 vertellers · 6 noemen wat hielp". She clicks the title to read more and to cite it:
    the theme page says "Verschillende vertellers 12", "Noemen wat hielp 11", "Deel van alle
    vertellers 86%". The link dropped her filter (``PublishedTheme.url`` has no place) and the
    page counts the whole country, but nowhere in "Waar deze kennis op rust" does it say so: she
    reads 12 as Groningen's number, or sees two numbers for one theme and trusts neither. The same
    happens from the report ("Meer over dit thema: …" under "(n = 7)") and from the infographic's
    table.
    SHOULD: the theme page says which place its figures are about ("in heel Nederland"), or the
    link keeps her place (``?gemeente=Groningen``) and the page then shows Groningen's figures
    (7) with a link to the national ones."""
    data.build(publish)
    listing = client.get(reverse("publication:themes"), {"gemeente": "Groningen"}).content.decode()
    assert "7 vertellers" in text_of(listing), "precondition: the card counts Groningen's 7"
    link = re.search(r'<a href="([^"]*/thema/vaste-contactpersoon/[^"]*)"', listing).group(1)

    page = client.get(html.unescape(link)).content.decode()
    shown = re.search(r'id="n-narrators">(\d+)<', page).group(1)
    evidence = section(page, "evidence-heading")
    assert shown == "7" or "heel Nederland" in evidence, (
        f"the card said 7 vertellers in gemeente Groningen; the theme page it links to says "
        f"{shown} without naming the place those figures are about: {evidence[:200]}")


def test_the_kennisbank_says_its_themes_rest_on_narrators_that_no_shown_theme_holds(
        client, publish):
    """Groningen: 7 narrators back the published theme "Een vaste contactpersoon"; 6 other
    narrators told stories whose statements sit only in a theme the peer experts have not yet
    checked. Filtered on Groningen, the Kennisbank lists the one theme (7 vertellers) and says
    above it "Alle thema's hier samen rusten op 13 verschillende vertellers". That is the number
    of narrators with any analysed statement in Groningen (``PublishedView.narrators``, the base
    of the shares), not what the themes shown rest on: she writes in her policy note that the
    knowledge rests on 13 people while it rests on 7. The report's intro says the same ("Dit
    rapport bundelt wat 13 verschillende vertellers … vertelden").
    SHOULD: the sentence counts the distinct narrators behind the themes it introduces (7 here;
    always at least k, so no disclosure problem), or says what the 13 are ("13 vertellers
    vertelden hier een verhaal; de thema's hieronder rusten op 7 van hen")."""
    publish.theme("vaste-contactpersoon", name=data.CONTACT)
    publish.many("vaste-contactpersoon", 7, "Groningen", prefix="G")
    publish.theme("nog-niet-bekeken", name=data.UNCHECKED, validated=False)
    publish.many("nog-niet-bekeken", 6, "Groningen", prefix="H")

    page = text_of(client.get(reverse("publication:themes"), {"gemeente": "Groningen"}).content.decode())
    assert "7 vertellers" in page and data.UNCHECKED not in page, \
        "precondition: one theme of 7 narrators is shown"
    total = re.search(r"samen rusten op (\d+) verschillende vertellers", page)
    assert total is None or total.group(1) == "7", (
        f"'Alle thema's hier samen rusten op {total.group(1)} verschillende vertellers' above a "
        f"list whose only theme rests on 7")


def test_a_report_without_themes_does_not_say_why_where_the_kennisbank_does(client, publish):
    """Groningen has 7 narrators, enough for the report to be about Groningen itself. But its
    two validated themes rest on 4 and 3 of them there (with the neighbours in Westerkwartier
    each reaches 5 in regio Overig Groningen). The Kennisbank filtered on Groningen says "2
    thema's rusten hier op te weinig vertellers om te tonen". Her report says only "Er zijn hier
    nog geen thema's die we mogen laten zien": ``Report.hidden_themes_line`` is left out when no
    theme is shown, so the report reads as if nobody in Groningen said anything, and nothing
    tells her that the region has this knowledge.
    SHOULD: the report's summary says that 2 themes rest on fewer than 5 narrators here (as the
    Kennisbank does), and points to the region where they can be read (regio Overig Groningen:
    its infographic or Kennisbank page)."""
    publish.theme("a", name="Een vaste contactpersoon")
    publish.many("a", 4, "Groningen", prefix="GA")
    publish.statement("a", "WA-0", "Westerkwartier")
    publish.theme("b", name="Schulden stapelen zich op")
    publish.many("b", 3, "Groningen", prefix="GB")
    publish.many("b", 2, "Westerkwartier", prefix="WB")
    kennisbank = text_of(client.get(reverse("publication:themes"),
                                    {"gemeente": "Groningen"}).content.decode())
    assert "2 thema's rusten hier op te weinig vertellers" in kennisbank, \
        "precondition: the Kennisbank tells her two themes are too small in Groningen"
    assert "regio Overig Groningen" not in kennisbank, "precondition: Groningen is not widened"

    page = client.get(reverse("publication:report", args=["Groningen"])).content.decode()
    start = page.index('id="samenvatting"')
    summary = text_of(page[start:page.index("</section>", start)])
    assert "2 thema" in summary and ("minder dan 5" in summary or "te weinig" in summary), (
        f"the report's summary does not say that 2 themes rest on too few narrators here: "
        f"{summary!r}")


# ======================================================================= usable files (Medium/Low)


def test_the_kennisbank_offers_no_download_of_the_figures_it_shows(client, publish):
    """She has filtered the Kennisbank on gemeente Groningen and wants the figures in a
    spreadsheet for her policy note. Meervoud makes exactly that file (/api/v1/export/
    themas.xlsx?gemeente=Groningen, with a "Verantwoording" sheet), but no page links to it:
    not the Kennisbank, not the infographic and report page, not the catalogue of good practices
    (goede-praktijken.csv), not her list of questions (kennisbehoeften.csv). Only someone who
    reads the OpenAPI document finds the exports.
    SHOULD: the Kennisbank offers "Download als spreadsheet (CSV / Excel)" for what it shows,
    with the same filters in the link (and the catalogue and the needs list likewise)."""
    data.build(publish)
    page = client.get(reverse("publication:themes"), {"gemeente": "Groningen"}).content.decode()
    exports = (reverse("api:export-themas-csv"), reverse("api:export-themas-xlsx"))
    links = [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]
    assert any(any(export in link for export in exports) and "gemeente=Groningen" in link
               for link in links), \
        "the Kennisbank filtered on Groningen links to no export of its figures"


def test_an_exported_file_name_does_not_say_which_place_it_is_about(client, publish):
    """She downloads the themes for gemeente Groningen and, to compare, for regio Overig
    Groningen. Both files are called "meervoud-themas-<date>.csv" (the browser makes the second
    "meervoud-themas-<date> (1).csv"): in her downloads folder she cannot tell them apart
    without opening them. The infographic and the report do put the place in their file names
    ("rapport-groningen.pdf", "infographic-A4-groningen.pdf").
    SHOULD: the export's file name names the place (and life domain) asked for, as the
    documents' names do: "meervoud-themas-groningen-<date>.csv"."""
    data.build(publish)
    for name in ("export-themas-csv", "export-themas-xlsx"):
        response = client.get(reverse(f"api:{name}"), {"gemeente": "Groningen"})
        assert response.status_code == 200, "precondition: the export is made"
        disposition = response["Content-Disposition"]
        assert "groningen" in disposition.lower(), \
            f"{name}: the file name does not say it is about Groningen: {disposition}"


def test_a_mistyped_report_address_gives_the_narrators_404_without_suggestions(client, publish):
    """She types the address of her report by hand, with a typo: /kennisbank/rapport/Groningn/.
    The view computes the helpful message ("Gemeente 'Groningn' bestaat niet. Bedoelt u:
    Groningen?", ``documents.UnknownName``) and passes it to Http404, but the site's 404 page
    never shows it: she reads "Kwam je via je persoonlijke link? … Is je verhaal verwijderd,
    dan werkt de link niet meer", which is written for narrators. The same for the PDF and Word
    links of the report and the infographic's PDF/SVG with an unknown place. (The choice form
    and the infographic page do show the suggestion.)
    SHOULD: an unknown municipality in a report address shows the suggestion, e.g. the choice
    page with "Gemeente 'Groningn' bestaat niet. Bedoelt u: Groningen?"."""
    data.build(publish)
    response = client.get(reverse("publication:report", args=["Groningn"]), follow=True)
    assert "Bedoelt u: Groningen" in text_of(response.content.decode()), \
        f"no suggestion for a mistyped municipality: {text_of(response.content.decode())[:300]}"


@pytest.mark.parametrize("url", ["api:themes", "api:practices", "api:export-themas-csv"])
def test_the_api_refuses_a_municipality_name_that_the_report_accepts(client, publish, url):
    """The municipality of The Hague is "'s-Gravenhage" in the CBS register. The report, the
    infographic and the needs API accept "Den Haag" (``find_municipality``: aliases, any case,
    accents). The themes API, the practices API and the exports take only the register's exact
    spelling: ?gemeente=Den Haag (or ?gemeente=groningen) is a 400 "Selecteer een geldige
    keuze" or "'Den Haag' bestaat niet", without saying what the right name is. Her colleague
    who builds the municipal dashboard on the API concludes Meervoud has nothing on The Hague.
    SHOULD: every API filter on a municipality finds it as the report does (or the 400 names
    the register's spelling: "Bedoelt u: 's-Gravenhage?")."""
    data.build(publish)
    assert client.get(reverse("publication:report", args=["Den Haag"])).status_code == 200, \
        "precondition: the report finds Den Haag"
    response = client.get(reverse(url), {"gemeente": "Den Haag"})
    assert response.status_code == 200 or "'s-Gravenhage" in response.content.decode(), (
        f"{url}?gemeente=Den Haag: {response.status_code} "
        f"{response.content.decode()[:300]}")


# ======================================================================= good practices (Medium)


def test_the_catalogue_of_good_practices_cannot_be_filtered_on_her_municipality(
        client, make_practice):
    """She looks for good practices near Groningen. The catalogue's filters are levensdomein,
    provincie, regio and niveau: no gemeente, while the Kennisbank, the infographic, the report
    and the API (goede-praktijken?gemeente=) all start from the municipality. The regions are
    CBS COROP regions: she must know that Groningen lies in "Overig Groningen" to find the
    practices of her own city and its region. ``published_practices(municipality=…)`` already
    orders them (her municipality, then its region, then its province); only the page lacks it.
    SHOULD: the catalogue has a municipality filter (?gemeente=Groningen) that shows the
    practices in Groningen first, then the rest of its region and province, as the API does."""
    make_practice("Buddy's bij de schuldhulp Groningen", municipalities=["Groningen"])
    make_practice("Herstelcafé in Maastricht", municipalities=["Maastricht"])
    page = client.get(reverse("practices:catalogue"), {"gemeente": "Groningen"}).content.decode()
    listed = text_of(page)
    assert "Buddy's bij de schuldhulp Groningen" in listed, "precondition: her practice is listed"
    assert 'name="gemeente"' in page and "Herstelcafé in Maastricht" not in listed, \
        "the catalogue has no municipality filter: a practice in Maastricht is listed for Groningen"


# ======================================================================= her questions (Medium)


def test_she_is_not_told_when_the_learning_network_answers_her_question(
        client, officer, make_user, django_capture_on_commit_callbacks):
    """She asks the learning network "Wat helpt inwoners met schulden om op tijd hulp te
    vragen?" and reads "het lerend netwerk neemt contact met u op". Weeks later a coordinator
    marks it answered ("De infographic over schulden in Groningen staat klaar"). Nobody tells
    her: ``needs.services.set_status`` sends nothing, while a proposer of a good practice gets a
    mail when a coordinator decides (``practices.services._tell_proposer``). She only learns of
    the answer if she happens to open Kennisvragen again; her deadline may have passed by then.
    SHOULD: when her question is answered (or its status changes), the officer who asked gets a
    message that links to the question (``core.mail.notify``, without the answer's text)."""
    from django.core import mail

    officer.email = "beleid@gemeente-groningen.example"
    officer.save()
    client.force_login(officer)
    client.post(reverse("needs:ask"), {
        "questions": "Wat helpt inwoners met schulden om op tijd hulp te vragen?",
        "purpose": "Nieuw schuldhulpbeleid",
        "life_domains": [LifeDomain.objects.get(slug="armoede-schulden").pk],
        "target_groups": "", "formats": ["infographic"], "urgency": "hoog", "deadline": "",
        "contact_name": "A. Ambtenaar", "contact_email": officer.email, "contact_phone": ""})
    need = InformationNeed.objects.get()
    assert need.asked_by == officer, "precondition: her question is stored"

    client.force_login(make_user("coordinator"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:detail", args=[need.pk]), {
            "status": "beantwoord",
            "answer_note": "De infographic over schulden in Groningen staat klaar."})
    run_background_tasks()
    need.refresh_from_db()
    assert need.status == "beantwoord", "precondition: the coordinator answered it"
    assert any(officer.email in message.to for message in mail.outbox), \
        "the officer who asked is not told that her question was answered"
