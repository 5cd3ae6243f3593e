"""The workshop kit (handbook Bijlage 3 filled with local knowledge): agenda and clock times, local
themes only above k, widened scope stated, needs only for those who may see them, the PDF read
back with pypdf."""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from pypdf import PdfReader

from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.places.selectors import find_municipality
from meervoud.plans.selectors import workshop_template
from meervoud.publication import documents, workshop
from meervoud.stories.models import LifeDomain, Purpose
from tests.publication.document_data import flat

pytestmark = pytest.mark.django_db

NEIGHBOURHOOD = "Meedoen in de buurt"
PEERS = "Steun van lotgenoten"
SHAME = "Schaamte en stigma"
TOO_FEW = "Te weinig vertellers"
QUOTE = "Het buurthuis om de hoek"
NEED_QUESTION = "Hoe betrekken we wijkbewoners bij mensen die net uit de opvang komen?"
ANSWERED_QUESTION = "Welke cursus volgen ervaringsdeskundigen hier?"
WIDENED = ("Voor gemeente Westerkwartier zijn te weinig verhalen; deze cijfers gaan over regio "
           "Overig Groningen.")
# Bijlage 3 from 13:30: 15, 20, 20, 30, 20, 20, 45 and 15 minutes.
CLOCKS = ["13:30–13:45", "13:45–14:05", "14:05–14:25", "14:25–14:55", "14:55–15:15",
          "15:15–15:35", "15:35–16:20", "16:20–16:35"]


@pytest.fixture
def knowledge(publish):
    """Groningen: three themes that each fit one theme block, and one below k. Westerkwartier
    (same region) has only two narrators of its own."""
    publish.theme("buurt", name=NEIGHBOURHOOD, keywords=["buurthuis", "wijk"],
                  insight="Een plek in de wijk waar je zonder afspraak binnenloopt helpt tegen "
                          "eenzaamheid.")
    for i in range(6):
        publish.statement("buurt", f"B{i}", "Groningen", kind="helped",
                          text=f"{QUOTE} {i}: daar kon ik gewoon binnenlopen voor koffie en een "
                               f"praatje, en zo leerde ik de buren kennen.")
    publish.theme("lotgenoten", name=PEERS, keywords=["lotgenoten", "groep"],
                  insight="In een groep met mensen die hetzelfde meemaakten, krijg je de regie "
                          "over je leven terug.")
    for i in range(5):
        publish.statement("lotgenoten", f"P{i}", "Groningen", kind="helped",
                          text=f"Lotgenoten {i}: in de groep hoefde ik niets uit te leggen, "
                               f"iedereen wist hoe het voelt.")
    publish.theme("schaamte", name=SHAME, insight="Door schaamte vragen mensen pas laat om hulp.")
    for i in range(5):
        publish.statement("schaamte", f"S{i}", "Groningen", kind="hindered",
                          text=f"Schaamte {i}: ik durfde lang niet te vertellen hoe slecht het "
                               f"ging, ook niet aan mijn familie.")
    publish.theme("klein", name=TOO_FEW, keywords=["wijk"])
    for i in range(3):
        publish.statement("klein", f"K{i}", "Groningen")
    for i in range(2):
        publish.statement("buurt", f"W{i}", "Westerkwartier", kind="helped",
                          purposes=(Purpose.ANALYSIS,))


@pytest.fixture
def practices(make_practice):
    from meervoud.practices.models import GoodPractice

    near = make_practice("Kwartiermaken in Beijum", municipalities=["Groningen"])
    GoodPractice.objects.filter(pk=near.pk).update(
        summary="Ervaringsdeskundigen maken samen met wijkbewoners ruimte in de buurt.")
    make_practice("Herstelcafé Drenthe", provinces=["Drenthe"])
    return near


@pytest.fixture
def make_practice(db):
    from meervoud.practices.models import GoodPractice, PracticeStatus

    def make(title, *, municipalities=(), provinces=()):
        from django.utils.text import slugify

        from meervoud.places.models import Province

        practice = GoodPractice.objects.create(slug=slugify(title), title=title,
                                               summary=f"Over {title}.",
                                               status=PracticeStatus.PUBLISHED)
        practice.municipalities.set([find_municipality(name) for name in municipalities])
        practice.provinces.set(Province.objects.filter(name__in=provinces))
        return practice

    return make


@pytest.fixture
def needs(db):
    def need(questions, status=NeedStatus.OPEN):
        created = InformationNeed.objects.create(
            municipality=find_municipality("Groningen"), questions=questions, formats=["workshop"],
            status=status, contact_name="Contactpersoon X", contact_email="x@example.org")
        created.life_domains.set(LifeDomain.objects.filter(slug="dak-thuisloosheid"))
        return created

    return {"open": need(f"- {NEED_QUESTION}"), "answered": need(ANSWERED_QUESTION, NeedStatus.ANSWERED)}


@pytest.fixture
def officer(make_user):
    """A policy officer of the municipality of Groningen."""
    from meervoud.accounts.models import Organisation, OrganisationKind

    def make(town, username):
        user = make_user("beleid", username)
        user.organisation = Organisation.objects.create(
            name=f"Gemeente {town} (test)", kind=OrganisationKind.MUNICIPALITY,
            municipality=find_municipality(town))
        user.save()
        return user

    return make


def kit_for(town="Groningen", user=None, **options) -> workshop.Kit:
    return workshop.build(documents.resolve(gemeente=town), user or AnonymousUser(), **options)


def block(kit: workshop.Kit, key: str) -> workshop.Block:
    return next(b for b in kit.blocks if b.key == key)


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, flat(" ".join(page.extract_text() for page in reader.pages))


# ---------------------------------------------------------------- the agenda


def test_agenda_has_every_block_of_bijlage_3_in_order_with_clock_times(knowledge):
    kit = kit_for()
    assert [b.key for b in kit.blocks] == [b["key"] for b in workshop_template()]
    assert [b.title for b in kit.blocks][0] == "Welkom en voorstellen van de trainers"
    assert [b.clock for b in kit.blocks] == CLOCKS
    assert kit.minutes == 185 and kit.time_text == "13:30–16:35"
    later = kit_for(start=datetime.time(9, 15))
    assert later.blocks[0].clock == "09:15–09:30" and later.blocks[-1].clock == "12:05–12:20"
    assert [b.minutes for b in later.blocks] == [b["minutes"] for b in workshop_template()]


def test_start_time_and_form_come_from_the_query(client, knowledge):
    html = client.get(reverse("publication:workshop"),
                      {"gemeente": "groningen", "start": "9.00", "vorm": "online"}).content.decode()
    assert "09:00–09:15" in html and "12:05" in html
    assert "Digitaal whiteboard" in html
    bad = client.get(reverse("publication:workshop"), {"gemeente": "Groningen", "start": "kwart over"})
    assert "De begintijd &#x27;kwart over&#x27; begrijpen we niet" in bad.content.decode()
    assert bad.context["kit"].start == datetime.time(13, 30)


def test_online_and_live_adapt_the_materials(knowledge):
    live, online = kit_for(form="live"), kit_for(form="online")
    assert "Flap-over" in block(live, "kwartiermaken").materials
    assert "op flap" in block(live, "kwartiermaken").exercise
    assert not any("lap-over" in m and "whiteboard" not in m for m in block(online, "kwartiermaken").materials)
    assert "Digitaal whiteboard (in plaats van een flap-over)" in block(online, "kwartiermaken").materials
    assert "digitale whiteboard" in block(online, "kwartiermaken").exercise
    assert any("break-out" in m for m in block(online, "samenwerking").materials)
    assert any("videoverbinding" in m for m in online.general_materials)
    assert not any("videoverbinding" in m for m in live.general_materials)
    assert kit_for(form="iets anders").form == "live"


# ---------------------------------------------------------------- local content


def test_local_themes_at_or_above_k_fill_the_theme_blocks_below_k_never(knowledge):
    kit = kit_for()
    placed = {b.key: [item.theme.title for item in b.themes] for b in kit.blocks}
    assert placed["kwartiermaken"] == [NEIGHBOURHOOD]
    assert placed["empowerment"] == [PEERS]
    assert placed["herstel"] == [SHAME]
    assert all(not placed[key] for key in ("welkom", "project", "vragen"))
    assert {row.title: row.narrators for row in kit.overview} == {NEIGHBOURHOOD: 6, PEERS: 5, SHAME: 5}
    neighbourhood = block(kit, "kwartiermaken").themes[0]
    assert neighbourhood.theme.narrators == 6
    assert neighbourhood.quote.startswith(QUOTE)
    assert neighbourhood.quote_source == "Verteller uit gemeente Groningen, over verslaving"
    assert kit.notice == ""
    assert all(TOO_FEW not in titles for titles in placed.values())


def test_the_page_shows_themes_with_n_and_one_quote_and_not_the_small_theme(client, knowledge):
    html = client.get(reverse("publication:workshop"), {"gemeente": "Groningen"}).content.decode()
    assert NEIGHBOURHOOD in html and "(n = 6 vertellers)" in html
    assert html.count(QUOTE) == 1
    assert TOO_FEW not in html
    assert "Eén ander thema wordt hier door minder dan 5 vertellers genoemd" in html
    # The agenda comes in the handbook's order on the page too.
    positions = [html.index(f'id="blok-{b["key"]}"') for b in workshop_template()]
    assert positions == sorted(positions)


def test_a_small_municipality_is_widened_and_says_so(knowledge):
    kit = kit_for("Westerkwartier")
    assert kit.view.widened
    assert kit.notice == WIDENED
    assert kit.about == "regio Overig Groningen"
    assert [item.theme.title for item in block(kit, "kwartiermaken").themes] == [NEIGHBOURHOOD]
    assert block(kit, "kwartiermaken").themes[0].theme.narrators == 8


def test_nearest_practices_go_to_the_block_they_fit(knowledge, practices):
    kit = kit_for()
    entries = block(kit, "kwartiermaken").practices
    assert [p.title for p in entries] == ["Kwartiermaken in Beijum"]
    assert entries[0].nearness == "in gemeente Groningen"
    shown = [p.title for b in kit.blocks for p in b.practices]
    # Drenthe is another province: not near Groningen.
    assert "Herstelcafé Drenthe" not in shown and shown.count("Kwartiermaken in Beijum") == 1


def test_matching_is_word_overlap_and_deterministic():
    subjects = {block["key"]: workshop.block_subject(block) for block in workshop_template()
                if block["key"] in workshop.LOCAL_BLOCKS}

    def theme(key, title, insight="", narrators=5):
        from meervoud.publication.selectors import PublishedTheme

        return PublishedTheme(pk=0, key=key, title=title, insight=insight, keywords=[],
                              narrators=narrators, stories=narrators, share=.5, share_ci=(0, 1),
                              places=[], life_domains={}, kinds={})

    themes = [theme("a", "Een vaste contactpersoon bij het wijkteam"),
              theme("b", "Lotgenotengroepen geven regie"),
              theme("c", "Zomaar iets", insight="Niets dat past")]
    placed = workshop.assign_themes(themes, subjects)
    assert [t.key for t, _score in placed["samenwerking"]] == ["a"]
    assert [t.key for t, _score in placed["empowerment"]] == ["b"]
    # No overlap with any block: discussed under Thema A (what helped and hindered).
    assert [(t.key, score) for t, score in placed["herstel"]] == [("c", 0)]
    assert placed == workshop.assign_themes(themes, subjects)


def test_words_most_candidates_share_do_not_decide_the_block():
    subjects = {block["key"]: workshop.block_subject(block) for block in workshop_template()
                if block["key"] in workshop.LOCAL_BLOCKS}

    def theme(key, title):
        from meervoud.publication.selectors import PublishedTheme

        return PublishedTheme(pk=0, key=key, title=title, insight="", keywords=[], narrators=5,
                              stories=5, share=.5, share_ci=(0, 1), places=[], life_domains={},
                              kinds={})

    themes = [theme(str(i), f"Ervaringsdeskundigen en {word}")
              for i, word in enumerate(["geld", "kinderen", "wonen", "buurthuis"])]
    placed = workshop.assign_themes(themes, subjects)
    assert placed["ervaringsdeskundigheid"] == []
    assert [t.key for t, _score in placed["kwartiermaken"]] == ["3"]
    # With only three candidates nothing counts as common: the shared word matches Thema B.
    assert [t.key for t, _s in workshop.assign_themes(themes[:3], subjects)["ervaringsdeskundigheid"]] == ["0", "1", "2"]


# ---------------------------------------------------------------- information needs


def test_needs_are_discussion_questions_for_a_coordinator_only(knowledge, needs, make_user):
    kit = kit_for(user=make_user("coordinator"))
    assert kit.needs_allowed and kit.needs_count == 1
    questions = [q for b in kit.blocks for n in b.needs for q in n.questions]
    assert questions == [NEED_QUESTION]
    assert block(kit, "kwartiermaken").needs[0].questions == [NEED_QUESTION]

    anonymous = kit_for()
    assert not anonymous.needs_allowed and anonymous.needs_count == 0
    assert all(not b.needs for b in anonymous.blocks)
    assert "zien ze hier als zij zijn ingelogd" in anonymous.needs_note


def test_needs_follow_the_rules_of_the_needs_app(knowledge, needs, officer, make_user):
    assert kit_for(user=officer("Groningen", "beleid-groningen")).needs_count == 1
    other = kit_for(user=officer("Assen", "beleid-assen"))
    assert other.needs_count == 0 and not other.needs_allowed
    assert kit_for(user=make_user("onderzoeker")).needs_count == 1
    assert kit_for(user=make_user("verteller")).needs_count == 0


def test_the_page_shows_needs_privately_to_staff_and_not_to_others(client, knowledge, needs, make_user):
    url = reverse("publication:workshop")
    public = client.get(url, {"gemeente": "Groningen"})
    html = public.content.decode()
    assert NEED_QUESTION not in html and ANSWERED_QUESTION not in html
    assert "Kennisvragen van de gemeente zijn niet openbaar" in html
    assert "private" not in public.get("Cache-Control", "")

    client.force_login(make_user("coordinator"))
    staff = client.get(url, {"gemeente": "Groningen"})
    html = staff.content.decode()
    assert NEED_QUESTION in html and ANSWERED_QUESTION not in html
    assert "Contactpersoon X" not in html and "x@example.org" not in html
    assert "Gespreksvragen: wat de gemeente wil weten" in html
    assert "private" in staff["Cache-Control"]


# ---------------------------------------------------------------- choice page and errors


def test_choice_page_lists_municipalities_and_suggests_close_names(client, knowledge):
    url = reverse("publication:workshop")
    choice = client.get(url).content.decode()
    assert "Workshop voor een gemeente" in choice and "<option>Groningen</option>" in choice
    assert 'value="13:30"' in choice
    wrong = client.get(url, {"gemeente": "Groningn"}).content.decode()
    assert "Gemeente &#x27;Groningn&#x27; bestaat niet." in wrong and "Bedoelt u: Groningen" in wrong
    assert client.get(reverse("publication:workshop_pdf"), {"gemeente": "Groningn"}).status_code == 404
    assert client.get(reverse("publication:workshop_pdf")).status_code == 404


def test_preparation_asks_for_two_peer_experts_through_the_pool(client, knowledge):
    html = client.get(reverse("publication:workshop"), {"gemeente": "Groningen"}).content.decode()
    assert "Voorbereiding" in html and "Minstens twee ervaringsdeskundigen" in html
    assert f'href="http://testserver{reverse("pool:assignment_new")}"' in html


# ---------------------------------------------------------------- the hand-out (PDF)


def test_pdf_handout_has_the_agenda_and_the_local_content(client, knowledge, practices, needs):
    response = client.get(reverse("publication:workshop_pdf"),
                          {"gemeente": "Groningen", "start": "10:00", "vorm": "online"})
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="workshop-groningen-online.pdf"' in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    page = reader.pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
    assert len(reader.pages) >= 2
    assert f"Pagina 2 van {len(reader.pages)}" in flat(reader.pages[1].extract_text())
    assert "Workshop Empowerment in de wijk: gemeente Groningen" in text
    for item in workshop_template():
        assert item["title"] in text
    assert "10:00–10:15" in text and "12:50–13:05" in text
    assert "Vorm: Online" in text and "Digitaal whiteboard" in text
    assert f"{NEIGHBOURHOOD} (n = 6 vertellers)" in text and QUOTE in text
    assert PEERS in text and SHAME in text and TOO_FEW not in text
    assert "Kwartiermaken in Beijum" in text
    assert "Minstens twee ervaringsdeskundigen" in text
    # Anonymous download: no needs in the file.
    assert NEED_QUESTION not in text and "niet openbaar" in text


def test_pdf_for_a_coordinator_carries_the_needs_and_says_it_is_not_public(knowledge, needs, make_user):
    _reader, text = pdf_text(workshop.render_pdf(kit_for(user=make_user("coordinator"))))
    assert NEED_QUESTION in text
    assert "Niet openbaar: deze hand-out bevat kennisvragen van de gemeente." in text


def test_pdf_of_a_widened_municipality_states_the_scope(knowledge):
    _reader, text = pdf_text(workshop.render_pdf(kit_for("Westerkwartier")))
    assert WIDENED in text
    assert "Thema's uit de verhalen in regio Overig Groningen" in text


def test_the_page_is_accessible_and_csp_ready(client, knowledge):
    from html.parser import HTMLParser

    class Page(HTMLParser):
        def __init__(self):
            super().__init__()
            self.headings, self.problems, self.header_cells = [], [], []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "style" in attrs or tag in ("style", "script"):
                self.problems.append(tag)
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.headings.append(int(tag[1]))
            if tag == "th":
                self.header_cells.append(attrs.get("scope"))

    page = Page()
    page.feed(client.get(reverse("publication:workshop"), {"gemeente": "Groningen"}).content.decode())
    assert page.problems == []
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:]))
    assert page.header_cells and all(scope in ("col", "row") for scope in page.header_cells)


def test_the_infographic_page_leads_to_the_workshop_kit(client, publish):
    publish.many("wachtlijsten", 5)
    html = client.get(reverse("publication:infographic"), {"gemeente": "Groningen"}).content.decode()
    assert f'{reverse("publication:workshop")}?gemeente=Groningen' in html
