"""Session 26 review, the municipal project leader: she writes the plan of approach with a peer
expert coordinator over several weeks, invites colleagues and exports it for the college of
B&W. Each test is something she runs into when colleagues work on the same plan."""

import datetime
import io

import lxml.html
import pytest
from django.urls import reverse

from meervoud.plans import exports, services
from meervoud.plans.models import Action, GoalTable, Plan, ProjectRole

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def page_forms(html: str) -> list[tuple[str, dict]]:
    """Each form of a page as a browser sends it back (submit buttons left out)."""
    result = []
    for form in lxml.html.fromstring(html).forms:
        data = {}
        for element in form.xpath(".//input|.//textarea|.//select"):
            name = element.get("name")
            if not name:
                continue
            if element.tag == "textarea":
                data[name] = (element.text or "").removeprefix("\n")  # as a browser reads it
            elif element.tag == "select":
                chosen = element.xpath(".//option[@selected]") or element.xpath(".//option")
                data[name] = chosen[0].get("value", "") if chosen else ""
            else:
                kind = element.get("type", "text")
                if kind in ("submit", "button") or (kind in ("checkbox", "radio")
                                                     and element.get("checked") is None):
                    continue
                data[name] = element.get("value") or ("on" if kind == "checkbox" else "")
        result.append((form.get("action") or "", data))
    return result


def form_on(client, url: str, having: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return next(data for _action, data in page_forms(response.content.decode()) if having in data)


@pytest.fixture
def coordinator(plan, make_user):
    """The peer expert coordinator who writes the plan with her, on the team."""
    user = make_user("coordinator", "coordinator1")
    services.add_member(plan, user=user, role=ProjectRole.COORDINATOR)
    return user


# -- 1. the goal table and a colleague's progress --------------------------------------------

def test_a_colleagues_progress_on_another_row_does_not_throw_away_the_new_row_she_typed(
        client, plan, plan_user, coordinator):
    url = reverse("plans:table", args=[plan.pk, GoalTable.TRAINING])
    client.force_login(plan_user)
    data = form_on(client, url, "rij-TOTAL_FORMS")
    # while she types, the coordinator notes progress on the training row, on the plan page
    training = plan.actions.get(table=GoalTable.TRAINING, order=1)
    services.update_progress(training, status="bezig", progress="Trainers gevonden",
                             version=training.version, user=coordinator)
    data["rij-2-goal"] = "De wijkagent weet wat ervaringsdeskundigen doen"
    data["rij-2-what"] = "Voorlichting aan de wijkagenten"
    response = client.post(url, data)
    assert response.status_code == 302, _messages(response)
    assert plan.actions.filter(what="Voorlichting aan de wijkagenten").exists()
    training.refresh_from_db()
    assert (training.status, training.progress) == ("bezig", "Trainers gevonden")
    # where both change the same cell, nothing is overwritten unseen
    data = form_on(client, url, "rij-TOTAL_FORMS")
    training.refresh_from_db()
    services.save_actions(plan, GoalTable.TRAINING, [services.RowChange(
        training.pk, training.version, {"who": "Trainer van KernKracht"})], user=coordinator)
    data["rij-0-who"] = "Trainer van het Trimbos-instituut"
    assert client.post(url, data).status_code == 409
    training.refresh_from_db()
    assert training.who == "Trainer van KernKracht"


def test_a_row_a_colleague_deleted_and_she_left_alone_does_not_stop_her_new_row(
        client, plan, plan_user, coordinator):
    services.save_actions(plan, GoalTable.OWN_DIRECTION, [services.RowChange(None, None, {
        "goal": "Een inloop in de wijk", "what": "Inloop op dinsdag", "status": "gepland"})],
        user=coordinator)
    url = reverse("plans:table", args=[plan.pk, GoalTable.OWN_DIRECTION])
    client.force_login(plan_user)
    data = form_on(client, url, "rij-TOTAL_FORMS")
    Action.objects.filter(plan=plan, what="Inloop op dinsdag").delete()  # the coordinator's choice
    data["rij-1-goal"] = "Twintig bewoners in een herstelwerkgroep"
    data["rij-1-what"] = "Wekelijkse herstelwerkgroep"
    response = client.post(url, data)
    assert response.status_code == 302, _messages(response)
    assert plan.actions.filter(what="Wekelijkse herstelwerkgroep").exists()
    assert not plan.actions.filter(what="Inloop op dinsdag").exists()  # not brought back


def test_a_new_row_with_only_a_date_and_a_number_is_not_dropped_without_a_word(
        client, plan, plan_user):
    url = reverse("plans:table", args=[plan.pk, GoalTable.TRAINING])
    client.force_login(plan_user)
    data = form_on(client, url, "rij-TOTAL_FORMS")
    data["rij-2-due"] = "2026-05-01"
    data["rij-2-participants"] = "12"
    data["rij-2-progress"] = "Zaal is gereserveerd"
    response = client.post(url, data)
    assert response.status_code == 400  # she is asked for the rest, her input stays
    page = response.content.decode()
    assert "Zaal is gereserveerd" in page
    assert "Schrijf ook op wat het doel is of wat jullie gaan doen." in page
    assert plan.actions.filter(table=GoalTable.TRAINING).count() == 2


# -- 2. the document for the college of B&W --------------------------------------------------

@pytest.fixture
def noted_tips(plan, plan_user):
    tips = plan.checklists.get(key="tips-gemeenten")
    tip = tips.items.order_by("order").first()
    services.update_item(tip, done=True, note="Tandem: beleidsmedewerker Els en ervaringsdeskundige "
                         "Karin", version=tip.version, user=plan_user)
    services.add_item(tips, text="De wethouder opent de startbijeenkomst", user=plan_user)
    dos = plan.checklists.get(key="dos-donts")
    services.add_item(dos, text="Geen ervaringsdeskundigen inzetten als goedkope kracht",
                      user=plan_user)
    return tips


def test_the_word_file_keeps_the_teams_notes_and_points_on_the_handbooks_checklists(
        plan, noted_tips):
    from docx import Document

    document = Document(io.BytesIO(exports.plan_docx(plan)))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any("Tandem: beleidsmedewerker Els en ervaringsdeskundige Karin" in b for b in bullets)
    assert "☐ De wethouder opent de startbijeenkomst" in bullets
    assert "☐ Geen ervaringsdeskundigen inzetten als goedkope kracht" in bullets
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert noted_tips.title in headings


def test_the_pdf_keeps_the_teams_notes_and_points_on_the_handbooks_checklists(plan, noted_tips):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(exports.plan_pdf(plan)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Tandem: beleidsmedewerker Els en ervaringsdeskundige Karin" in text
    assert "☐ De wethouder opent de startbijeenkomst" in text
    assert "☐ Geen ervaringsdeskundigen inzetten als goedkope kracht" in text


# -- 3. starting the plan --------------------------------------------------------------------

def test_plan_aanmaken_clicked_twice_makes_one_plan(client, officer):
    client.force_login(officer)
    data = form_on(client, reverse("plans:create"), "location")
    data["location"] = "Wijk Selwerd"
    data["period_start"] = datetime.date(2026, 9, 1).isoformat()
    first = client.post(reverse("plans:create"), data)
    second = client.post(reverse("plans:create"), data)
    assert Plan.objects.filter(location="Wijk Selwerd").count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
