import datetime

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.plans import services
from meervoud.plans.models import Action, ActionStatus, ChecklistItem, GoalTable, Plan, ProgrammeKind

pytestmark = pytest.mark.django_db


def plan_data(municipality, **extra):
    data = {"title": "Empowerment en inzet ervaringsdeskundigheid in de wijk",
            "municipality": municipality.pk, "location": "Oosterpark",
            "self_help_organisations": "Herstelhuis", "district_teams": "Wijkteam Oost",
            "project_lead": "Sam", "period_start": "2030-01-01", "period_end": "2030-12-31"}
    data.update(extra)
    return data


@pytest.mark.parametrize("role,status", [
    (Role.POLICY_OFFICER, 200), (Role.COORDINATOR, 200), (Role.NARRATOR, 200),
    (Role.ADMINISTRATOR, 200), (Role.RESEARCHER, 403)])
def test_who_may_start_a_plan(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("plans:create")).status_code == status


def test_anonymous_goes_to_login(client, plan):
    for url in (reverse("plans:list"), reverse("plans:detail", args=[plan.pk]),
                reverse("plans:pdf", args=[plan.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_create_plan_through_the_form(client, make_user, municipality):
    user = make_user(Role.POLICY_OFFICER)
    client.force_login(user)
    page = client.get(reverse("plans:create")).content.decode()
    assert "Om wat voor wijkteam gaat het?" in page
    response = client.post(reverse("plans:create"), plan_data(
        municipality, background_focus="Eenzaamheid", period_end="2029-01-01"))
    assert response.status_code == 200 and "De einddatum ligt vóór de begindatum." in response.content.decode()
    response = client.post(reverse("plans:create"), plan_data(municipality, background_focus="Eenzaamheid"))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.background_focus == "Eenzaamheid" and plan.created_by == user
    detail = client.get(response["Location"]).content.decode()
    assert "Ondersteuning eigen regie en participatie" in detail
    assert "Eenzaamheid" in detail
    assert reverse("plans:docx", args=[plan.pk]) in detail


def test_non_members_do_not_see_a_plan(client, make_user, plan):
    outsider = make_user(Role.COORDINATOR, "elders")
    client.force_login(outsider)
    for name in ("plans:detail", "plans:roadmap", "plans:checklists", "plans:members",
                 "plans:docx", "plans:pdf", "plans:edit"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 404, name
    assert "Wijk Noord" not in client.get(reverse("plans:list")).content.decode()
    assert client.post(reverse("plans:edit", args=[plan.pk]), {}).status_code == 404
    admin = make_user(Role.ADMINISTRATOR, "beheer")
    client.force_login(admin)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200


def test_edit_conflict_keeps_input_and_shows_the_other_version(client, make_user, plan, plan_user,
                                                                  municipality):
    colleague = make_user(Role.NARRATOR, "collega")
    services.add_member(plan, user=colleague, role="ervaringsdeskundige")
    client.force_login(plan_user)
    form_version = plan.version
    services.update_plan(plan, data={"background_focus": "Hun versie van de focus"},
                         version=form_version, user=colleague)
    data = plan_data(municipality, location="Wijk Noord", background_focus="Mijn versie",
                     version=form_version)
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "collega heeft dit intussen opgeslagen" in page
    assert "Mijn versie" in page and "Hun versie van de focus" in page
    plan.refresh_from_db()
    assert plan.background_focus == "Hun versie van de focus"
    # Saving again (the form now carries the current version) keeps the user's text.
    data["version"] = plan.version
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.background_focus == "Mijn versie"


def test_goal_table_formset_and_progress(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    page = client.get(url).content.decode()
    assert "Wat zijn de doelen voor de ondersteuning van eigen regie en participatie?" in page
    data = {"rij-TOTAL_FORMS": "2", "rij-INITIAL_FORMS": "0", "rij-MIN_NUM_FORMS": "0",
            "rij-MAX_NUM_FORMS": "1000",
            "rij-0-goal": "Bewoners doen mee", "rij-0-what": "Herstelgroep", "rij-0-who": "ED's",
            "rij-0-when": "maart", "rij-0-status": "gepland", "rij-1-status": "gepland"}
    response = client.post(url, data)
    assert response.status_code == 302
    action = Action.objects.get(plan=plan, table=GoalTable.OWN_DIRECTION)
    assert (action.goal, action.who) == ("Bewoners doen mee", "ED's")
    progress_url = reverse("plans:progress", args=[plan.pk, action.pk])
    prefix = f"a{action.pk}"
    response = client.post(progress_url, {f"{prefix}-version": action.version,
                                          f"{prefix}-status": "bezig",
                                          f"{prefix}-progress": "gestart"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.BUSY
    response = client.post(progress_url, {f"{prefix}-version": 1, f"{prefix}-status": "klaar",
                                          f"{prefix}-progress": "mijn tekst"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "mijn tekst" in page and "Let op:" in page


def test_table_conflict_keeps_rows(client, plan, plan_user):
    client.force_login(plan_user)
    action = Action.objects.filter(plan=plan, table=GoalTable.TRAINING).first()
    services.update_progress(action, status="bezig", progress="", version=action.version,
                             user=plan_user)
    url = reverse("plans:table", args=[plan.pk, "training"])
    data = {"rij-TOTAL_FORMS": "1", "rij-INITIAL_FORMS": "1", "rij-MIN_NUM_FORMS": "0",
            "rij-MAX_NUM_FORMS": "1000", "rij-0-id": action.pk, "rij-0-version": 1,
            "rij-0-goal": "Mijn aandachtspunt", "rij-0-what": action.what, "rij-0-status": "gepland"}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Mijn aandachtspunt" in response.content.decode()
    assert client.get(reverse("plans:table", args=[plan.pk, "onbekend"])).status_code == 404


def test_checklist_tick_and_note(client, plan, plan_user):
    client.force_login(plan_user)
    item = ChecklistItem.objects.filter(checklist__plan=plan, checklist__key="fase-1",
                                        is_step=True).first()
    page = client.get(reverse("plans:roadmap", args=[plan.pk])).content.decode()
    assert "Creëer een gevoel van urgentie" in page and "Elkaar vinden" in page
    url = reverse("plans:item", args=[plan.pk, item.pk])
    response = client.post(url, {f"i{item.pk}-version": item.version, f"i{item.pk}-done": "on",
                                 f"i{item.pk}-note": "Besproken op 3 maart"})
    assert response.status_code == 302 and f"#punt-{item.pk}" in response["Location"]
    item.refresh_from_db()
    assert item.done and item.note == "Besproken op 3 maart"
    response = client.post(url, {f"i{item.pk}-version": 1, f"i{item.pk}-note": "oude versie"})
    assert response.status_code == 409 and "oude versie" in response.content.decode()
    checklists = client.get(reverse("plans:checklists", args=[plan.pk])).content.decode()
    assert "Tien tips voor een goede start" in checklists and "Don&#x27;ts" in checklists
    tips = plan.checklists.get(key="tips-gemeenten")
    client.post(reverse("plans:item_add", args=[plan.pk, tips.pk]),
                {f"n{tips.pk}-text": "Wethouder uitnodigen"})
    assert tips.items.filter(text="Wethouder uitnodigen", is_custom=True).exists()
    phase = plan.checklists.get(key="fase-1")
    response = client.post(reverse("plans:phase", args=[plan.pk, phase.pk]), {
        f"f{phase.pk}-version": phase.version, f"f{phase.pk}-starts_on": "2030-01-01",
        f"f{phase.pk}-ends_on": "2030-03-31", f"f{phase.pk}-note": ""})
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.ends_on == datetime.date(2030, 3, 31)


def test_members_page(client, make_user, plan, plan_user):
    # Session 20: adding someone is an invitation; she is a member once she says yes.
    ed = make_user(Role.NARRATOR, "ed-noord")
    client.force_login(plan_user)
    response = client.post(reverse("plans:members", args=[plan.pk]),
                           {"action": "add", "username": "ed-noord", "role": "ervaringsdeskundige"})
    assert response.status_code == 302
    response = client.post(reverse("plans:members", args=[plan.pk]),
                           {"action": "add", "username": "bestaat-niet", "role": "lid"})
    assert response.status_code == 302
    client.force_login(ed)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    invitation = plan.invitations.get(username="ed-noord")
    client.post(reverse("plans:list"), {"action": "accept", "invitation": invitation.pk})
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    assert client.post(reverse("plans:members", args=[plan.pk]),
                       {"action": "add", "username": "x", "role": "lid"}).status_code == 403


def test_programme_pages(client, plan, plan_user):
    client.force_login(plan_user)
    response = client.post(reverse("plans:programme_create", args=[plan.pk]),
                           {"kind": ProgrammeKind.WORKSHOP})
    programme = plan.programmes.get()
    assert response["Location"] == reverse("plans:programme", args=[plan.pk, programme.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Thema D: Kwartiermaken" in page
    session = programme.sessions.get()
    url = reverse("plans:session", args=[plan.pk, programme.pk, session.pk])
    assert "Brainstorm op flap" in client.get(url).content.decode()
    blocks = list(session.blocks.all())
    data = {"version": session.version, "title": "Workshop", "date": "2030-02-03",
            "start_time": "13:30", "venue": "Buurthuis",
            "blok-TOTAL_FORMS": str(len(blocks) + 1), "blok-INITIAL_FORMS": str(len(blocks)),
            "blok-MIN_NUM_FORMS": "0", "blok-MAX_NUM_FORMS": "1000"}
    for n, block in enumerate(blocks):
        data.update({f"blok-{n}-title": block.title, f"blok-{n}-minutes": block.minutes,
                     f"blok-{n}-description": block.description, f"blok-{n}-ORDER": n + 1,
                     f"blok-{n}-key": block.key})
    data["blok-7-DELETE"] = "on"  # drop "Vragen"
    data.update({"blok-8-title": "Pauze", "blok-8-minutes": "15", "blok-8-ORDER": "3"})  # after block 3
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    titles = [b.title for b in session.blocks.all()]
    assert titles[3] == "Pauze" and "Vragen" not in titles and len(titles) == 8
    printed = client.get(reverse("plans:programme_print", args=[plan.pk, programme.pk])).content.decode()
    assert "13:30–13:45" in printed and "Buurthuis" in printed
    pdf = client.get(reverse("plans:programme_pdf", args=[plan.pk, programme.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # a download leaves the app: logged, as the plan's own Word and PDF exports are
    from meervoud.audit.models import AuditEvent
    assert AuditEvent.objects.filter(action="export", detail="programma pdf").exists()


def test_templates_page_is_readable(client):
    page = client.get(reverse("plans:templates")).content.decode()
    assert "Dagdeel 3" in page and "Workshop Empowerment in de wijk" in page


def test_nav_links(client, make_user):
    assert "Lesmodule" in client.get("/").content.decode()
    assert ">Aanpak<" not in client.get("/").content.decode()
    client.force_login(make_user(Role.POLICY_OFFICER))
    assert ">Aanpak<" in client.get("/").content.decode()
