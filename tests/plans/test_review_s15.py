"""Review of the local planning tools (plans): each test shows one bug a user would hit."""

import datetime
import io

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.plans import services
from meervoud.plans.models import (
    Action,
    ActionStatus,
    GoalTable,
    PlanMember,
    ProgrammeKind,
)

pytestmark = pytest.mark.django_db


def _plan_form_data(plan, **extra):
    data = {"title": plan.title, "municipality": plan.municipality_id, "location": plan.location,
            "self_help_organisations": plan.self_help_organisations,
            "district_teams": plan.district_teams, "project_lead": plan.project_lead,
            "period_start": "", "period_end": "", "version": plan.version,
            "background_focus": plan.background_focus}
    data.update(extra)
    return data


def _session_data(session, blocks, **extra):
    data = {"version": session.version, "title": session.title, "date": "", "start_time": "",
            "venue": "", "blok-TOTAL_FORMS": str(len(blocks)),
            "blok-INITIAL_FORMS": str(len(blocks)), "blok-MIN_NUM_FORMS": "0",
            "blok-MAX_NUM_FORMS": "1000"}
    for n, block in enumerate(blocks):
        data.update({f"blok-{n}-key": block.get("key", ""), f"blok-{n}-title": block["title"],
                     f"blok-{n}-minutes": block["minutes"],
                     f"blok-{n}-description": block.get("description", ""),
                     f"blok-{n}-ORDER": n + 1})
    data.update(extra)
    return data


def _blocks_of(session):
    return [{"key": b.key, "title": b.title, "minutes": b.minutes, "description": b.description}
            for b in session.blocks.all()]


# 1 ---------------------------------------------------------------------------------------

def test_plan_of_a_merged_municipality_can_still_be_edited(client, plan, plan_user):
    """After a municipal merger (herindeling) the old municipality is marked not active; the
    team must still be able to save their plan."""
    plan.municipality.active = False
    plan.municipality.save(update_fields=["active"])
    client.force_login(plan_user)
    response = client.post(reverse("plans:edit", args=[plan.pk]),
                           _plan_form_data(plan, background_focus="Nieuwe focus"))
    assert response.status_code == 302, response.context["form"].errors
    plan.refresh_from_db()
    assert plan.background_focus == "Nieuwe focus"


# 2 ---------------------------------------------------------------------------------------

def test_block_the_coordinator_added_can_be_removed_again(client, plan, plan_user):
    client.force_login(plan_user)
    programme = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    session = programme.sessions.get()
    blocks = _blocks_of(session) + [{"title": "Lunch", "minutes": 30}]
    services.save_session(session, data={"title": session.title}, blocks=blocks,
                          version=session.version, user=plan_user)
    url = reverse("plans:session", args=[plan.pk, programme.pk, session.pk])
    page = client.get(url).content.decode()
    lunch_index = len(blocks) - 1
    assert 'value="Lunch"' in page
    # every saved block, the ones from the handbook and the own ones, has a delete box
    assert f'name="blok-{lunch_index}-DELETE"' in page


# 3 ---------------------------------------------------------------------------------------

def test_a_team_member_can_leave_the_plan(client, make_user, plan):
    ed = make_user(Role.NARRATOR, "ed-noord")
    member = services.add_member(plan, user=ed, role="ervaringsdeskundige")
    client.force_login(ed)
    response = client.post(reverse("plans:members", args=[plan.pk]),
                           {"action": "remove", "member": member.pk})
    assert response.status_code == 302
    assert not PlanMember.objects.filter(plan=plan, user=ed).exists()


# 4 ---------------------------------------------------------------------------------------

def test_saving_a_dagdeel_a_colleague_just_deleted_keeps_what_the_coordinator_typed(
        client, make_user, plan, plan_user):
    colleague = make_user(Role.COORDINATOR, "collega")
    services.add_member(plan, user=colleague, role="coordinator")
    programme = services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)
    session = programme.sessions.first()
    client.force_login(plan_user)
    url = reverse("plans:session", args=[plan.pk, programme.pk, session.pk])
    assert client.get(url).status_code == 200
    blocks = _blocks_of(session)
    blocks[0]["description"] = "Mijn uitgewerkte welkomstwoord voor de groep"
    data = _session_data(session, blocks, venue="Buurthuis De Linde", date="2030-02-03")
    session.delete()  # the colleague removes the dagdeel in the meantime
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code != 404
    assert "Mijn uitgewerkte welkomstwoord voor de groep" in page
    assert "verwijderd" in page


# 5 ---------------------------------------------------------------------------------------

def test_two_dagdelen_planned_at_overlapping_times_get_a_warning(client, plan, plan_user):
    programme = services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)
    first, second = list(programme.sessions.all())[:2]
    services.save_session(first, data={"title": first.title, "date": datetime.date(2030, 2, 3),
                                       "start_time": datetime.time(13, 0)},
                          blocks=_blocks_of(first), version=first.version, user=plan_user)
    client.force_login(plan_user)
    url = reverse("plans:session", args=[plan.pk, programme.pk, second.pk])
    # Dagdeel 1 runs 13:00-17:00 (240 minutes); Dagdeel 2 is put on the same afternoon
    response = client.post(url, _session_data(second, _blocks_of(second), date="2030-02-03",
                                              start_time="14:00"), follow=True)
    assert "overlap" in response.content.decode().lower()


# 6 ---------------------------------------------------------------------------------------

def test_exports_keep_notes_and_own_points_of_the_roadmap(plan, plan_user):
    from docx import Document
    from pypdf import PdfReader

    from meervoud.plans import exports

    phase = plan.checklists.get(key="fase-1")
    step = phase.items.filter(is_step=True).first()
    services.update_item(step, done=True, note="Urgentie besproken met de wethouder op 3 maart",
                         version=step.version, user=plan_user)
    services.add_item(phase, text="Zorgen dat twee ervaringsdeskundigen meedoen", user=plan_user)
    document = Document(io.BytesIO(exports.plan_docx(plan)))
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Urgentie besproken met de wethouder op 3 maart" in body
    assert "Zorgen dat twee ervaringsdeskundigen meedoen" in body
    pdf = PdfReader(io.BytesIO(exports.plan_pdf(plan)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Urgentie besproken met de wethouder op 3 maart" in text
    assert "Zorgen dat twee ervaringsdeskundigen meedoen" in text


# 7 ---------------------------------------------------------------------------------------

def test_double_click_on_save_progress_is_not_a_conflict_with_yourself(client, plan, plan_user):
    action = Action.objects.filter(plan=plan, table=GoalTable.TRAINING).first()
    client.force_login(plan_user)
    url = reverse("plans:progress", args=[plan.pk, action.pk])
    prefix = f"a{action.pk}"
    data = {f"{prefix}-version": action.version, f"{prefix}-status": "bezig",
            f"{prefix}-progress": "Trainers gevonden"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)  # the same form, sent twice
    assert second.status_code == 302, second.content.decode()[:200]
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.BUSY, "Trainers gevonden")


# 8 ---------------------------------------------------------------------------------------

def test_double_submit_of_a_goal_table_adds_the_new_row_once(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    data = {"rij-TOTAL_FORMS": "2", "rij-INITIAL_FORMS": "0", "rij-MIN_NUM_FORMS": "0",
            "rij-MAX_NUM_FORMS": "1000",
            "rij-0-goal": "Bewoners doen mee", "rij-0-what": "Herstelgroep", "rij-0-who": "ED's",
            "rij-0-when": "maart", "rij-0-status": "gepland", "rij-1-status": "gepland"}
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # the browser sends the same form again (double click, reload)
    assert Action.objects.filter(plan=plan, table=GoalTable.OWN_DIRECTION).count() == 1


# 9 ---------------------------------------------------------------------------------------

def test_progress_by_a_team_member_shows_as_the_latest_change_of_the_plan(
        client, make_user, plan, plan_user):
    ed = make_user(Role.NARRATOR, "ed-noord")
    services.add_member(plan, user=ed, role="ervaringsdeskundige")
    before = plan.updated_at
    action = Action.objects.filter(plan=plan, table=GoalTable.TRAINING).first()
    client.force_login(ed)
    prefix = f"a{action.pk}"
    client.post(reverse("plans:progress", args=[plan.pk, action.pk]),
                {f"{prefix}-version": action.version, f"{prefix}-status": "klaar",
                 f"{prefix}-progress": "Training gegeven"})
    plan.refresh_from_db()
    assert plan.updated_at > before
    assert "Laatst gewijzigd door ed-noord" in client.get(
        reverse("plans:detail", args=[plan.pk])).content.decode()



# 10 --------------------------------------------------------------------------------------

def _opened(client, plan):
    """The edit form as the browser sends it back: every field with the value it opened with."""
    form = client.get(reverse("plans:edit", args=[plan.pk])).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        shown = "" if value is None else str(value)
        data[form.add_prefix(name)] = shown
        if field.show_hidden_initial:
            data[form.add_initial_prefix(name)] = shown
    return data


def test_tandem_editing_different_questions_does_not_wipe_the_colleagues_answer(
        client, make_user, plan, plan_user):
    """The policy officer and the peer expert both open 'bewerken'; the peer expert answers
    one question, the policy officer another: both answers are kept."""
    ed = make_user(Role.NARRATOR, "ed-noord")
    services.add_member(plan, user=ed, role="ervaringsdeskundige")
    client.force_login(plan_user)
    opened = _opened(client, plan)
    services.update_plan(plan, data={"background_strengths": "Het inloophuis draait goed"},
                         version=plan.version, user=ed)
    response = client.post(reverse("plans:edit", args=[plan.pk]),
                           {**opened, "background_focus": "Eenzaamheid onder ouderen"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.background_focus == "Eenzaamheid onder ouderen"
    assert plan.background_strengths == "Het inloophuis draait goed"


def test_both_changing_the_same_answer_asks_and_a_second_save_keeps_the_other_answers(
        client, make_user, plan, plan_user):
    ed = make_user(Role.NARRATOR, "ed-noord")
    services.add_member(plan, user=ed, role="ervaringsdeskundige")
    client.force_login(plan_user)
    opened = _opened(client, plan)
    services.update_plan(plan, data={"background_strengths": "Het inloophuis draait goed",
                                     "background_focus": "Schulden"},
                         version=plan.version, user=ed)
    response = client.post(reverse("plans:edit", args=[plan.pk]),
                           {**opened, "background_focus": "Eenzaamheid onder ouderen"})
    assert response.status_code == 409
    assert "Schulden" in response.content.decode()  # what the colleague wrote is shown
    form = response.context["form"]
    resubmit = {}
    for name, field in form.fields.items():
        resubmit[form.add_prefix(name)] = form.data.get(form.add_prefix(name), "")
        if field.show_hidden_initial:
            resubmit[form.add_initial_prefix(name)] = form.data.get(form.add_initial_prefix(name), "")
    assert client.post(reverse("plans:edit", args=[plan.pk]), resubmit).status_code == 302
    plan.refresh_from_db()
    assert plan.background_focus == "Eenzaamheid onder ouderen"  # overwritten knowingly
    assert plan.background_strengths == "Het inloophuis draait goed"


# 11 --------------------------------------------------------------------------------------

def test_team_form_without_a_member_gives_no_server_error(client, plan, plan_user):
    client.force_login(plan_user)
    client.raise_request_exception = False
    url = reverse("plans:members", args=[plan.pk])
    for member in ("", "abc"):
        response = client.post(url, {"action": "remove", "member": member})
        assert response.status_code in (302, 400, 404), (member, response.status_code)
    assert plan.memberships.count() == 1
