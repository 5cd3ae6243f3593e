"""Review s27 of the workshop kit, from a trainer's view: she chooses the place and the life
domain, the figures and their date match the Kennisbank, the timetable holds the break, the
peer expert's part and the workshop's goals are in the kit, errors in the address say what is
wrong, Dutch data is marked as Dutch, every printed page says the stories are fictional and a
long theme name stays on the page."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from meervoud.publication import documents, workshop
from meervoud.publication.selectors import figures_as_of_many
from tests.publication.document_data import flat
from tests.publication import test_workshop as kit_tests
from tests.publication.test_workshop import NEIGHBOURHOOD

# the workshop tests' fixtures: Groningen's themes (all about "verslaving") and practices
knowledge, practices, make_practice = kit_tests.knowledge, kit_tests.practices, kit_tests.make_practice

pytestmark = pytest.mark.django_db

URL = "publication:workshop"
PDF = "publication:workshop_pdf"


def kit_for(town="Groningen", domain="", **options) -> workshop.Kit:
    return workshop.build(documents.resolve(gemeente=town, domein=domain), AnonymousUser(), **options)


def pdf_pages(content: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


# ---------------------------------------------------------------- place, life domain, figures


def test_the_life_domain_can_be_chosen_and_the_figures_match_the_kennisbank(client, knowledge):
    # every statement of the fixture is about "verslaving"; none about debts
    page = client.get(reverse(URL), {"gemeente": "Groningen", "domein": "verslaving"})
    kit = page.context["kit"]
    assert kit.choice.scope.domain == "verslaving"
    html = page.content.decode()
    assert 'id="ws-domein" name="domein"' in html
    assert '<option value="verslaving" selected>' in html
    kennisbank = client.get(reverse("publication:themes"), {"gemeente": "Groningen", "domein": "verslaving"})
    assert {row.title: row.narrators for row in kit.overview} == {
        theme.title: theme.narrators for theme in kennisbank.context["view"].themes}
    assert "domein=verslaving" in page.context["query"]

    empty = client.get(reverse(URL), {"gemeente": "Groningen", "domein": "armoede-schulden"}).context["kit"]
    assert empty.overview == [] and all(not b.themes for b in empty.blocks)


def test_the_pdf_keeps_the_life_domain(client, knowledge):
    response = client.get(reverse(PDF), {"gemeente": "Groningen", "domein": "armoede-schulden"})
    assert response.status_code == 200
    assert 'filename="workshop-groningen-armoede-schulden-live.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_pages(response.content))
    assert NEIGHBOURHOOD not in text and "Armoede en schulden" in text


def test_the_kit_says_the_date_of_its_figures_and_links_the_same_kennisbank(knowledge):
    kit = kit_for(domain="verslaving")
    moment = max(figures_as_of_many([row.theme.pk for b in kit.blocks for row in b.themes]).values())
    expected = date_format(timezone.localtime(moment).date(), "j F Y")
    assert kit.as_of_text == expected
    html = workshop.render_html(kit)
    assert f"Stand van de cijfers: {expected}" in html
    assert "gemeente=Groningen" in kit.contact.knowledge and "domein=verslaving" in kit.contact.knowledge


def test_a_place_or_domain_without_themes_does_not_promise_themes_and_quotes(knowledge):
    kit = kit_for(domain="armoede-schulden")
    assert "citaat" not in kit.intro
    assert "nog geen thema's" in kit.intro
    html = workshop.render_html(kit)
    # said once, in the overview: not again under each of the five local blocks
    assert html.count("Geen gepubliceerd thema dat bij dit blok past") == 0
    assert "de thema&#x27;s hieronder" not in html and "de thema's hieronder" not in html
    assert "Stand van de cijfers" not in html  # no figures, no date of figures


# ---------------------------------------------------------------- the timetable


def test_the_break_is_in_the_timetable_and_the_total_is_honest(client, knowledge):
    kit = kit_for(pause=15)
    keys = [b.key for b in kit.blocks]
    assert keys.index("pauze") == keys.index("ervaringsdeskundigheid") + 1
    pause = kit.blocks[keys.index("pauze")]
    assert pause.clock == "14:55–15:10" and not pause.local
    assert kit.blocks[-1].clock == "16:35–16:50"
    assert kit.time_text == "13:30–16:50" and kit.minutes == 200
    assert "3 uur en 20 minuten" in kit.break_note and "3 uur en 5 minuten" in kit.break_note

    without = kit_for()
    assert "pauze" not in [b.key for b in without.blocks]
    assert "geen pauze" in without.break_note

    choice = client.get(reverse(URL)).content.decode()
    assert '<option value="15" selected>' in choice
    html = client.get(reverse(URL), {"gemeente": "Groningen", "pauze": "15"}).content.decode()
    assert "14:55–15:10" in html and "pauze=15" in html


def test_a_workshop_of_whole_hours_is_not_said_with_zero_minutes(knowledge):
    kit = kit_for()
    kit.minutes = 180
    assert "0 minuten" not in kit.length_text


# ---------------------------------------------------------------- bad input


def test_bad_parameters_on_the_page_are_said_and_the_choices_kept(client, knowledge):
    bad_form = client.get(reverse(URL), {"gemeente": "Groningen", "vorm": "hybride"}).content.decode()
    assert "De vorm &#x27;hybride&#x27; kennen we niet" in bad_form
    bad_pause = client.get(reverse(URL), {"gemeente": "Groningen", "pauze": "veel"}).content.decode()
    assert "De pauze &#x27;veel&#x27; begrijpen we niet" in bad_pause

    unknown = client.get(reverse(URL), {"gemeente": "Groningen", "domein": "armoedee",
                                        "start": "10:00", "vorm": "online", "pauze": "20"})
    assert unknown.status_code == 404
    html = unknown.content.decode()
    assert "Levensdomein &#x27;armoedee&#x27; bestaat niet." in html
    assert 'value="10:00"' in html and 'value="online" checked' in html
    assert '<option value="20" selected>' in html
    assert '<option selected>Groningen</option>' in html


def test_bad_addresses_of_the_pdf_get_a_page_that_says_what_is_wrong(client, knowledge):
    unknown = client.get(reverse(PDF), {"gemeente": "Groningn"})
    assert unknown.status_code == 404 and unknown["Content-Type"].startswith("text/html")
    assert "Gemeente &#x27;Groningn&#x27; bestaat niet." in unknown.content.decode()
    missing = client.get(reverse(PDF))
    assert missing.status_code == 404 and "Kies een gemeente" in missing.content.decode()
    bad_start = client.get(reverse(PDF), {"gemeente": "Groningen", "start": "25:00"})
    assert bad_start.status_code == 400
    assert "De begintijd &#x27;25:00&#x27; begrijpen we niet" in bad_start.content.decode()


# ---------------------------------------------------------------- the handbook's workshop


def test_the_kit_states_the_goals_and_who_does_what_in_each_block(client, knowledge):
    kit = kit_for()
    assert len(kit.goals) >= 3 and any("kwartiermaken" in goal for goal in kit.goals)
    assert all(block.lead for block in kit.blocks)
    html = client.get(reverse(URL), {"gemeente": "Groningen"}).content.decode()
    assert "Doel van de workshop" in html and "Wie doet wat?" in html
    # the handbook: the workshop is given by two trainers, peer experts themselves
    assert "Twee trainers" in html and "Minstens twee ervaringsdeskundigen" in html
    assert "bepaalt zelf" in html  # what the peer expert tells of her own story is hers to decide


# ---------------------------------------------------------------- reading and printing


def test_dutch_data_on_an_english_page_is_marked_as_dutch(client, knowledge, practices):
    client.cookies["django_language"] = "en"
    html = client.get(reverse(URL), {"gemeente": "Groningen"}).content.decode()
    assert "Theme D" in html  # the page is English
    assert f'<strong lang="nl">{NEIGHBOURHOOD}</strong>' in html
    assert '<blockquote lang="nl">' in html
    assert '<a href="' in html and 'lang="nl">Kwartiermaken in Beijum</a>' in html


def test_every_printed_page_says_the_stories_are_fictional(knowledge):
    from meervoud.stories.models import Story

    Story.objects.update(is_fictional=True)
    pages = pdf_pages(workshop.render_pdf(kit_for()))
    assert len(pages) >= 2
    assert all("fictieve verhalen" in page for page in pages)


def test_a_long_theme_name_stays_on_the_a4_page(publish):
    from weasyprint import HTML

    long_word = "Ervaringsdeskundigheidsondersteuningsmogelijkhedenoverzichtslijstje" * 2
    publish.theme("lang", name=f"{long_word} in de wijk", keywords=["wijk"])
    publish.many("lang", 5, "Groningen")
    document = HTML(string=workshop.render_html(kit_for())).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", []):
            yield from boxes(child)

    for page in document.pages:
        width = page.width
        for box in boxes(page._page_box):
            if type(box).__name__ == "TextBox":
                assert box.position_x + box.width <= width + 0.5, box.text[:40]
