"""Session 19, the narrator's pages for a screen reader and a slow reader: the consent boxes
carry their text and their error, her page's buttons say which consent they are for, the
thanks page's language button keeps the link for a day, and one imported story is one story.
(The browser checks are in tests/browser/test_review_s19_accessibility.py.)"""

import re
from types import SimpleNamespace

import lxml.html
import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meervoud.audit.models import Action, AuditEvent
from meervoud.stories.models import Purpose, Story
from tests.stories.test_import import ROW_A, ROW_B, csv_bytes
from tests.stories.test_intake_views import step1, step2
from tests.links import opens, personal_link, shown_link, shown_links

pytestmark = pytest.mark.django_db

INTAKE = "stories:intake"


def _doc(response):
    return lxml.html.fromstring(response.content.decode())


# -- step 2: the consent boxes ---------------------------------------------------------


def test_each_consent_box_is_described_by_its_consent_text(client, municipality, domains):
    doc = _doc(client.post(reverse(INTAKE), step1(municipality, domains)))
    for name in ("consent_analysis", "consent_quote", "consent_share", "consent_research"):
        box = doc.xpath(f"//input[@name='{name}']")[0]
        described = doc.get_element_by_id(box.get("aria-describedby"))
        assert described.tag == "p" and len(described.text_content()) > 40, name
        assert box.get("aria-invalid") is None, "not sent yet: nothing is wrong"


@pytest.mark.parametrize("choice, said", [
    ({"consent_analysis": ""}, "Kies minstens één doel"),
    ({"consent_analysis": "", "consent_quote": "on"}, "Anoniem citeren kan alleen als"),
])
def test_a_consent_error_is_on_the_group_and_the_boxes(client, municipality, domains, choice, said):
    response = client.post(reverse(INTAKE), step2(step1(municipality, domains), **choice))
    doc = _doc(response)
    assert Story.objects.count() == 0
    group = doc.xpath("//fieldset[legend[contains(., 'Waarvoor mogen we je verhaal gebruiken')]]")[0]
    error = doc.get_element_by_id(group.get("aria-describedby"))
    assert said in error.text_content()
    boxes = group.xpath(".//input[@type='checkbox']")
    assert len(boxes) == 4 and all(box.get("aria-invalid") == "true" for box in boxes)
    # each box still says what it is about
    assert all(box.get("aria-describedby", "").endswith("_text") for box in boxes)
    # announced at the top, with a link to the choice
    summary = doc.xpath("//div[@role='alert']")[0]
    assert said in summary.text_content()
    assert summary.xpath(".//a/@href") == ["#id_consent_analysis"]


# -- her own page ------------------------------------------------------------------------


@pytest.fixture
def sanne(client, make_user, municipality, domains):
    user = make_user("verteller", "sanne")
    client.force_login(user)
    client.post(reverse(INTAKE), step2(step1(municipality, domains)))
    return Story.objects.get(narrator__user=user)


def test_each_consent_button_says_which_consent_it_is_for(client, sanne):
    doc = _doc(client.get(reverse("stories:mine")))
    rows = doc.xpath("//table[contains(@class, 'stacked')]/tbody/tr")
    assert len(rows) == len(Purpose.choices)
    names = []
    for row in rows:
        header = row.xpath("./th[@scope='row']")
        assert header, "the purpose is the row's header"
        button = row.xpath(".//button")[0]
        visible, name = button.text_content().strip(), button.get("aria-label")
        assert name.startswith(visible + ":"), "the name starts with what the button shows"
        names.append(name)
    assert len(set(names)) == len(names), names
    assert "Intrekken: gebruiken voor analyse" in names
    assert "Toestemming geven: gebruiken voor onderzoek" in names


def test_her_two_doors_have_their_own_titles(client, sanne):
    title = re.compile(r"<title>(.*?)</title>", re.S)
    mine = title.search(client.get(reverse("stories:mine")).content.decode()).group(1)
    link = title.search(client.get(reverse("stories:my_story", args=[personal_link(sanne.narrator)]))
                        .content.decode()).group(1)
    assert mine.startswith("Mijn verhalen") and link.startswith("Mijn verhaal en mijn toestemming")


# -- the thanks page's language button ----------------------------------------------------


def _signed_link(client, municipality, domains) -> str:
    sent = client.post(reverse(INTAKE), step2(step1(municipality, domains)))
    thanks = client.get(sent["Location"]).content.decode()
    return re.search(r'name="link" value="([^"]+)"', thanks).group(1)


def _later(monkeypatch, hours: float) -> None:
    now = signing.time.time
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now() + hours * 3600))


def test_the_link_comes_along_after_hours_on_the_thanks_page(client, municipality, domains, monkeypatch):
    signed = _signed_link(client, municipality, domains)
    _later(monkeypatch, 23)
    english = client.post(reverse("stories:thanks"), {"link": signed, "interface_language": "en"}, follow=True)
    assert opens(shown_link(english)) == Story.objects.get().narrator


def test_after_a_day_she_is_told_the_link_does_not_come_back(client, municipality, domains, monkeypatch):
    signed = _signed_link(client, municipality, domains)
    _later(monkeypatch, 25)
    response = client.post(reverse("stories:thanks"), {"link": signed, "interface_language": "nl"}, follow=True)
    html = response.content.decode()
    assert not shown_links(response)
    assert "Je persoonlijke link is niet nog een keer getoond" in html


# -- one imported story is one story ---------------------------------------------------


@pytest.mark.parametrize("rows, said, logged", [
    ((ROW_A,), "1 verhaal geïmporteerd.", "1 verhaal (csv)"),
    ((ROW_A, ROW_B), "2 verhalen geïmporteerd.", "2 verhalen (csv)"),
])
def test_the_import_counts_one_story_as_one(client, make_user, rows, said, logged):
    client.force_login(make_user("coordinator"))
    upload = SimpleUploadedFile("verhalen.csv", csv_bytes(*rows), "text/csv")
    done = client.post(reverse("stories:import"), {"file": upload}, follow=True)
    assert [str(m) for m in done.context["messages"]] == [said]
    assert AuditEvent.objects.get(action=Action.IMPORT).detail == logged
