"""Session 21: what was validated or published before names and phone numbers were refused (or
before the detector knew them) is checked again where every published format reads it. A theme
or practice that fails is withheld everywhere, as if not validated (published) yet, never shown
with the words cut out; curators see why, and `meervoud check_published` lists it."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge.models import Theme
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.publication import documents, infographic, report
from meervoud.publication.selectors import forget_cache, is_published, published_themes
from tests.api.test_exports import read_csv, read_xlsx
from tests.publication import document_data as data
from tests.publication.test_report import docx_text, open_docx, pdf_text

pytestmark = pytest.mark.django_db

KEY = "vaste-contactpersoon"
BAD_NAME = "Wat Marieke de Vries meemaakte"
BAD_INSIGHT = "Zoals Marieke de Vries vertelde (bel 06-12345678): zij regelde alles."
LEAKS = ("Marieke", "12345678")
CLEAN_NAME = "Een vast gezicht"
CLEAN_INSIGHT = "Eén vast gezicht bij de gemeente maakt dat mensen hulp durven vragen."


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _leaks(text: str) -> list[str]:
    return [word for word in LEAKS if word in text]


def _logged_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def old_theme(publish):
    """The report's knowledge, with one published theme's name and statement as a peer expert
    typed them before session 20: written to the database directly, past every form."""
    data.build(publish)
    assert is_published(Theme.objects.get(key=KEY))  # public as it was
    Theme.objects.filter(key=KEY).update(name=BAD_NAME, insight=BAD_INSIGHT)
    forget_cache()  # as a restart with a new release does (the stamp does not see .update)
    return Theme.objects.get(key=KEY)


# --------------------------------------------------------------------------- themes


def test_the_theme_reaches_no_page_search_or_api(client, old_theme):
    assert not is_published(old_theme)
    assert [t.key for t in published_themes().themes] == ["schulden"]  # the other one stays

    listing = client.get(reverse("publication:themes"))
    assert data.DEBTS in _text(listing) and not _leaks(_text(listing))
    assert reverse("publication:theme", args=[KEY]) not in listing.content.decode()
    assert client.get(reverse("publication:theme", args=[KEY])).status_code == 404
    for words in ("Marieke", "vaste contactpersoon", "gezicht"):
        found = client.get(reverse("publication:themes"), {"q": words})
        # the search box says what was asked: the theme's own words must not come back
        assert BAD_NAME not in _text(found) and "12345678" not in _text(found)
        assert KEY not in found.content.decode()

    api = APIClient()
    themes = api.get(reverse("api:themes")).json()
    assert [t["sleutel"] for t in themes["resultaten"]] == ["schulden"]
    assert api.get(reverse("api:theme", args=[KEY])).status_code == 404
    searched = api.get(reverse("api:themes"), {"zoek": "Marieke"}).json()
    assert searched["resultaten"] == []


def test_the_theme_reaches_no_infographic_report_or_export(client, old_theme):
    svg = client.get(reverse("publication:infographic_svg"), {"gemeente": "Groningen"})
    assert svg.status_code == 200 and not _leaks(svg.content.decode())
    web = client.get(reverse("publication:infographic"), {"gemeente": "Groningen"})
    assert not _leaks(_text(web))
    pdf = PdfReader(io.BytesIO(infographic.render_pdf(
        infographic.build(documents.resolve(gemeente="Groningen")))))
    assert not _leaks(" ".join(page.extract_text() for page in pdf.pages))

    docx = client.get(reverse("publication:report_docx", args=["Groningen"]))
    assert docx.status_code == 200 and not _leaks(docx_text(open_docx(docx.content)))
    _reader, text = pdf_text(report.render_pdf(report.build(documents.resolve(gemeente="Groningen"))))
    assert not _leaks(text) and data.CONTACT not in text
    assert not _leaks(_text(client.get(reverse("publication:report", args=["Groningen"]))))

    api = APIClient()
    rows = read_csv(api.get("/api/v1/export/themas.csv").content)
    assert rows and {row["thema_sleutel"] for row in rows} == {"schulden"}
    assert not any(_leaks(" ".join(map(str, row.values()))) for row in rows)
    sheets = read_xlsx(api.get("/api/v1/export/themas.xlsx").content)
    cells = " ".join(str(value) for rows in sheets.values() for row in rows for value in row.values())
    assert not _leaks(cells) and KEY not in cells


def test_a_linked_practice_no_longer_names_the_theme(client, old_theme, make_practice):
    practice = make_practice("Vast gezicht bij de schuldhulp", municipalities=["Groningen"])
    practice.themes.add(old_theme)
    page = _text(client.get(practice.get_absolute_url()))
    assert "Vast gezicht bij de schuldhulp" in page and not _leaks(page)
    rows = read_csv(APIClient().get("/api/v1/export/goede-praktijken.csv").content)
    assert not any(_leaks(row["themas"]) for row in rows)


def test_a_sub_theme_whose_name_points_to_a_person_is_left_out_of_its_theme(client, publish):
    theme = publish.backed("t", 5, name="Wachten op hulp")
    sub = Theme.objects.create(key="t-sub", label="wachten", parent=theme)
    for statement in theme.statements.all():
        statement.subtheme = sub
        statement.save()
    Theme.objects.filter(key="t-sub").update(name="Wachten op Marieke de Vries")
    forget_cache()
    page = _text(client.get(reverse("publication:theme", args=["t"])))
    assert "Wachten op hulp" in page and not _leaks(page)
    Theme.objects.filter(key="t-sub").update(name="Wachten op de huisarts")
    forget_cache()
    assert "Wachten op de huisarts" in _text(client.get(reverse("publication:theme", args=["t"])))


def test_the_curator_sees_why_and_how_to_fix_it(old_theme, make_user):
    curator = _logged_in(make_user(Role.NARRATOR, "ed-anna"))
    page = _text(curator.get(reverse("knowledge:theme", args=[KEY])))
    assert ("Dit thema is gevalideerd, maar staat niet in de Kennisbank. In de naam en de "
            "kennisuitspraak staat iets waaraan iemand te herkennen is (een naam, een "
            "telefoonnummer): ‘Marieke de Vries’, ‘06-12345678’. Iedereen kan lezen wat in de "
            "Kennisbank staat. Verander de naam en de kennisuitspraak hieronder bij ‘Bewerken’. "
            "Als iemand anders de nieuwe tekst valideert, staat het thema weer in de "
            "Kennisbank.") in page
    assert "het rust op minder dan" not in page  # not the message for too few narrators
    assert "De Kennisbank toont de gevalideerde" not in page

    listing = curator.get(reverse("knowledge:themes")).content.decode()
    assert f'id="withheld-{KEY}"' in listing
    assert ("Niet in de Kennisbank: in de naam en de kennisuitspraak staat iets waaraan iemand "
            "te herkennen is (een naam, een telefoonnummer): ‘Marieke de Vries’, ‘06-12345678’. "
            "Pas het aan op de pagina van het thema; daarna valideert iemand anders het."
            ) in html.unescape(listing)
    assert 'id="withheld-schulden"' not in listing


def test_a_proper_rename_validated_by_someone_else_brings_it_back(client, old_theme, make_user):
    anna, bert = make_user(Role.NARRATOR, "ed-anna"), make_user(Role.NARRATOR, "ed-bert")
    url = reverse("knowledge:theme", args=[KEY])
    # the forms still refuse the words, here too
    refused = _logged_in(anna).post(url, {"form": "insight", "insight": BAD_INSIGHT})
    assert "Er is nog niets opgeslagen." in _text(refused)

    theme = Theme.objects.get(key=KEY)
    _logged_in(anna).post(url, {"form": "rename", "name": CLEAN_NAME,
                                "name_was": curation.name_version(theme)})
    _logged_in(anna).post(url, {"form": "insight", "insight": CLEAN_INSIGHT,
                                "insight_was": curation.insight_version(curation.current_insight(theme))})
    theme.refresh_from_db()
    assert (theme.name_draft, theme.insight_draft) == (CLEAN_NAME, CLEAN_INSIGHT)
    assert client.get(reverse("publication:theme", args=[KEY])).status_code == 404  # not yet

    own = _logged_in(anna).post(url, {"form": "validate", "name_was": curation.name_version(theme),
                                      "insight_was": curation.insight_version(CLEAN_INSIGHT)})
    assert own.status_code == 403  # four eyes
    done = _logged_in(bert).post(url, {"form": "validate", "name_was": curation.name_version(theme),
                                       "insight_was": curation.insight_version(CLEAN_INSIGHT)})
    assert done.status_code == 302
    public = client.get(reverse("publication:theme", args=[KEY]))
    assert public.status_code == 200 and CLEAN_NAME in _text(public) and not _leaks(_text(public))
    assert "withheld-notice" not in _logged_in(anna).get(url).content.decode()


# --------------------------------------------------------------------------- practices


@pytest.fixture
def old_practice(make_practice):
    practice = make_practice("Meelopen naar de schuldhulp", municipalities=["Groningen"],
                             domains=["armoede-schulden"])
    GoodPractice.objects.filter(pk=practice.pk).update(
        summary="Marieke de Vries loopt mee. Bel haar op 06-12345678.")
    forget_cache()
    return GoodPractice.objects.get(pk=practice.pk)


def test_the_practice_reaches_no_catalogue_page_api_export_or_document(client, old_practice, make_user,
                                                                      publish):
    data.build(publish)
    assert old_practice.status == PracticeStatus.PUBLISHED and not old_practice.is_published
    slug = old_practice.slug
    catalogue = _text(client.get(reverse("practices:catalogue")))
    assert "Vitale Verbindingen" in catalogue and "Meelopen naar de schuldhulp" not in catalogue
    assert client.get(old_practice.get_absolute_url()).status_code == 302  # to the login
    assert _logged_in(make_user(Role.POLICY_OFFICER, "iemand")).get(
        old_practice.get_absolute_url()).status_code == 404

    api = APIClient()
    listed = api.get(reverse("api:practices"), {"gemeente": "Groningen"}).json()
    assert slug not in [p["slug"] for p in listed["resultaten"]]
    assert api.get(reverse("api:practice", args=[slug])).status_code == 404
    assert not _leaks(api.get("/api/v1/export/goede-praktijken.csv").content.decode("utf-8-sig"))
    sheets = read_xlsx(api.get("/api/v1/export/goede-praktijken.xlsx").content)
    assert slug not in {row["slug"] for rows in sheets.values() for row in rows}

    built = report.build(documents.resolve(gemeente="Groningen"))
    assert built.practices and "Meelopen naar de schuldhulp" not in [p.title for p in built.practices]
    assert not _leaks(docx_text(open_docx(client.get(
        reverse("publication:report_docx", args=["Groningen"])).content)))
    assert not _leaks(client.get(reverse("publication:infographic_svg"),
                                 {"gemeente": "Groningen"}).content.decode())


def test_a_reviewer_sees_why_and_an_edit_brings_it_back(client, old_practice, make_user):
    from tests.practices.test_views import proposal_data

    coordinator = _logged_in(make_user(Role.COORDINATOR, "coord"))
    page = _text(coordinator.get(old_practice.get_absolute_url()))
    assert ("Deze praktijk is gepubliceerd, maar staat niet in de catalogus. Bij 'Waar gaat het "
            "over?' staat een naam, telefoonnummer, e-mailadres of adres: \"Marieke de Vries\", "
            "\"06-12345678\". Iedereen zou dat kunnen lezen. Pas de tekst aan met 'Bewerken'. "
            "Daarna staat de praktijk meteen weer in de catalogus.") in page
    assert "Offline halen" in page  # the decision in force is still "published"

    edited = coordinator.post(reverse("practices:edit", args=[old_practice.slug]), proposal_data(
        title="Meelopen naar de schuldhulp", summary="Een ervaringsdeskundige loopt mee."))
    assert edited.status_code == 302
    old_practice.refresh_from_db()
    assert old_practice.status == PracticeStatus.PUBLISHED and old_practice.is_published
    assert "Meelopen naar de schuldhulp" in _text(client.get(reverse("practices:catalogue")))
    assert client.get(old_practice.get_absolute_url()).status_code == 200


def test_the_proposer_sees_why_and_her_edit_goes_back_to_a_coordinator(old_practice, make_user):
    from tests.practices.test_views import proposal_data

    proposer = make_user(Role.POLICY_OFFICER, "indiener")
    GoodPractice.objects.filter(pk=old_practice.pk).update(proposed_by=proposer)
    browser = _logged_in(proposer)
    page = _text(browser.get(old_practice.get_absolute_url()))
    assert "Deze praktijk is gepubliceerd, maar staat niet in de catalogus." in page
    assert "Pas de tekst aan met 'Bewerken'. Daarna kijkt een coördinator er opnieuw naar." in page
    browser.post(reverse("practices:edit", args=[old_practice.slug]), proposal_data(
        title="Meelopen naar de schuldhulp", summary="Een ervaringsdeskundige loopt mee."))
    old_practice.refresh_from_db()
    assert old_practice.status == PracticeStatus.PROPOSED and not old_practice.is_published


def test_a_published_contact_naming_a_person_withholds_it_too(old_practice):
    GoodPractice.objects.filter(pk=old_practice.pk).update(summary="Meelopen.",
                                                           contact="marieke.devries@gmail.com")
    forget_cache()
    assert not GoodPractice.objects.get(pk=old_practice.pk).is_published
    GoodPractice.objects.filter(pk=old_practice.pk).update(contact="info@herstelhuis.nl")
    forget_cache()
    assert GoodPractice.objects.get(pk=old_practice.pk).is_published


# --------------------------------------------------------------------------- the command


def test_the_command_lists_what_is_withheld_and_why_without_the_words(old_theme, old_practice):
    out = io.StringIO()
    call_command("check_published", stdout=out)  # returns: exit code 0
    said = out.getvalue()
    assert "1 thema staat niet in de Kennisbank:" in said
    assert (f"thema {KEY} (/kennis/thema/{KEY}/): in de naam en de kennisuitspraak staat iets "
            "waaraan iemand te herkennen is (een naam, een telefoonnummer).") in said
    assert "1 goede praktijk staat niet in de catalogus:" in said
    assert (f"praktijk nummer {old_practice.pk} (/beheer/practices/goodpractice/{old_practice.pk}/change/): "
            "bij 'Waar gaat het over?' staat een naam, telefoonnummer, e-mailadres of adres.") in said
    assert not _leaks(said)  # a log or an e-mail may keep this output
    assert Theme.objects.get(key=KEY).validated  # it changes nothing


def test_the_command_says_so_when_nothing_is_withheld(publish):
    data.build(publish)
    out = io.StringIO()
    call_command("check_published", stdout=out)
    assert out.getvalue().strip() == ("Alles wat gevalideerd of gepubliceerd is, staat openbaar: "
                                      "er staat niets in waaraan iemand te herkennen is.")


def test_the_command_runs_from_the_command_line_with_exit_code_0(old_theme, capsys):
    from meervoud.cli import main as meervoud

    code = meervoud(["check_published"])
    assert code in (0, None) and KEY in capsys.readouterr().out


def test_a_theme_validated_without_any_name_is_not_published(client, publish):
    """Before session 21 a theme without a name could be validated; it would stand in the
    Kennisbank as "Thema zonder naam". It waits until peer experts name it."""
    theme = publish.backed("naamloos", 6, label="", name="")
    forget_cache()
    assert client.get(reverse("publication:theme", args=["naamloos"])).status_code == 404
    assert "Thema zonder naam" not in client.get(reverse("publication:themes")).content.decode()
    Theme.objects.filter(pk=theme.pk).update(label="Wachtlijst")
    forget_cache()
    assert client.get(reverse("publication:theme", args=["naamloos"])).status_code == 200
