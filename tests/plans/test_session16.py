"""Session 16 (plans): dagdelen at the same time, a goal table sent twice, deleting a programme
or a dagdeel only after ticking a box, and the team's own checklists."""

import datetime

import pytest
from django.urls import reverse

from meervoud.plans import services
from meervoud.plans.models import (
    Action,
    Checklist,
    ChecklistKind,
    GoalTable,
    Programme,
    ProgrammeKind,
    Session,
)

pytestmark = pytest.mark.django_db


def _plan_session(session, user, *, date, start):
    session.refresh_from_db()
    blocks = [{"key": b.key, "title": b.title, "minutes": b.minutes, "description": b.description}
              for b in session.blocks.all()]
    services.save_session(session, data={"title": session.title, "date": date, "start_time": start},
                          blocks=blocks, version=session.version, user=user)


def _minutes(session):
    return sum(b.minutes for b in session.blocks.all())


# -- dagdelen at overlapping times ------------------------------------------------------------

@pytest.fixture
def training(plan, plan_user):
    programme = services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)
    first, second, third = programme.sessions.all()
    assert _minutes(first) == 240  # 13:00-17:00 below rests on this
    return programme, first, second, third


def test_both_overlapping_dagdelen_are_marked_on_the_programme_page(client, plan, plan_user,
                                                                     training):
    programme, first, second, _third = training
    _plan_session(first, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(13, 0))
    _plan_session(second, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(16, 30))
    client.force_login(plan_user)
    page = client.get(reverse("plans:programme", args=[plan.pk, programme.pk])).content.decode()
    first_part = page[page.index(f'id="dagdeel-{first.pk}"'):page.index(f'id="dagdeel-{second.pk}"')]
    second_part = page[page.index(f'id="dagdeel-{second.pk}"'):]
    assert "overlapt met Dagdeel 2" in first_part
    assert "overlapt met Dagdeel 1" in second_part
    assert "13:00–17:00" in second_part  # when the other one takes place


def test_saving_an_overlapping_dagdeel_saves_it_and_says_so(client, plan, plan_user, training):
    programme, first, second, _third = training
    _plan_session(first, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(13, 0))
    client.force_login(plan_user)
    url = reverse("plans:session", args=[plan.pk, programme.pk, second.pk])
    data = {"version": second.version, "title": second.title, "date": "2030-02-03",
            "start_time": "14:00", "venue": "", "blok-TOTAL_FORMS": "1",
            "blok-INITIAL_FORMS": "1", "blok-MIN_NUM_FORMS": "0", "blok-MAX_NUM_FORMS": "1000",
            "blok-0-title": "Welkom", "blok-0-minutes": "30", "blok-0-ORDER": "1"}
    response = client.post(url, data, follow=True)
    second.refresh_from_db()
    assert (second.date, second.start_time) == (datetime.date(2030, 2, 3), datetime.time(14, 0))
    page = response.content.decode()
    assert "Let op: het overlapt met een ander dagdeel" in page
    assert "overlapt met Dagdeel 1" in page


def test_dagdelen_that_follow_each_other_or_lack_a_time_are_not_marked(client, plan, plan_user,
                                                                        training):
    programme, first, second, third = training
    _plan_session(first, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(13, 0))
    _plan_session(second, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(17, 0))
    _plan_session(third, plan_user, date=datetime.date(2030, 2, 3), start=None)
    client.force_login(plan_user)
    page = client.get(reverse("plans:programme", args=[plan.pk, programme.pk])).content.decode()
    assert "overlapt" not in page
    # ... while one that does overlap on the same page is marked (so the check above can fail)
    _plan_session(third, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(16, 59))
    page = client.get(reverse("plans:programme", args=[plan.pk, programme.pk])).content.decode()
    assert "overlapt met Dagdeel 3" in page


def test_a_dagdeel_running_past_midnight_overlaps_the_next_morning(plan, plan_user, training):
    from meervoud.plans import selectors

    _programme, first, second, _third = training
    _plan_session(first, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(22, 0))
    _plan_session(second, plan_user, date=datetime.date(2030, 2, 4), start=datetime.time(1, 0))
    overlaps = selectors.session_overlaps(plan)
    assert [o["session"] for o in overlaps[second.pk]] == [first]
    assert [o["session"] for o in overlaps[first.pk]] == [second]


def test_a_workshop_at_the_time_of_a_training_dagdeel_of_the_same_plan_is_marked(
        client, plan, plan_user, training):
    programme, first, _second, _third = training
    workshop = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    _plan_session(first, plan_user, date=datetime.date(2030, 2, 3), start=datetime.time(13, 0))
    _plan_session(workshop.sessions.get(), plan_user, date=datetime.date(2030, 2, 3),
                  start=datetime.time(9, 0))  # 185 minutes: until 12:05, no overlap yet
    client.force_login(plan_user)
    url = reverse("plans:programme", args=[plan.pk, workshop.pk])
    assert "overlapt" not in client.get(url).content.decode()
    _plan_session(workshop.sessions.get(), plan_user, date=datetime.date(2030, 2, 3),
                  start=datetime.time(11, 0))
    page = client.get(url).content.decode()
    assert f"overlapt met Dagdeel 1 van ‘{programme.title}’" in page


# -- a goal table sent twice ------------------------------------------------------------------

def _table_form(client, plan, table="regie"):
    """The table form as the browser got it: management data and every row's hidden fields."""
    response = client.get(reverse("plans:table", args=[plan.pk, table]))
    formset = response.context["formset"]
    data = {}
    for form in [formset.management_form, *formset.forms]:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def _fill(data, n, goal):
    data.update({f"rij-{n}-goal": goal, f"rij-{n}-what": "Herstelgroep", f"rij-{n}-who": "ED's",
                 f"rij-{n}-when": "maart", f"rij-{n}-status": "gepland"})
    return data


def _rows(plan):
    return list(Action.objects.filter(plan=plan, table=GoalTable.OWN_DIRECTION)
                .values_list("goal", flat=True))


def test_every_new_row_carries_its_own_token(client, plan, plan_user):
    client.force_login(plan_user)
    data = _table_form(client, plan)
    tokens = [data["rij-0-token"], data["rij-1-token"]]
    assert all(tokens) and tokens[0] != tokens[1]
    assert _table_form(client, plan)["rij-0-token"] not in tokens  # a new page, new tokens


def test_a_replayed_table_form_adds_its_rows_once_and_lands_on_the_plan(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    data = _fill(_fill(_table_form(client, plan), 0, "Bewoners doen mee"), 1, "Bewoners doen mee")
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data, follow=True)
    assert second.redirect_chain == [(first["Location"], 302)]
    assert "Deze nieuwe rijen waren al opgeslagen" in second.content.decode()
    # the two rows said the same, but were two rows of one form: both stay, once each
    assert _rows(plan) == ["Bewoners doen mee", "Bewoners doen mee"]


def test_the_same_text_in_a_newly_opened_table_is_a_new_row(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    data = _fill(_table_form(client, plan), 0, "Bewoners doen mee")
    client.post(url, data)
    client.post(url, data)
    assert _rows(plan) == ["Bewoners doen mee"]
    fresh = _table_form(client, plan)  # the existing row, then two new empty ones
    client.post(url, _fill(fresh, 1, "Bewoners doen mee"))
    assert _rows(plan) == ["Bewoners doen mee", "Bewoners doen mee"]


def test_a_replayed_delete_is_not_a_conflict(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    client.post(url, _fill(_table_form(client, plan), 0, "Weg ermee"))
    data = _table_form(client, plan)
    data["rij-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302, second.content.decode()[:300]
    assert _rows(plan) == []


def test_an_odd_token_is_no_error_and_the_row_is_still_added_once(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    data = _fill(_table_form(client, plan), 0, "Bewoners doen mee")
    data["rij-0-token"] = "niet-een-token"
    data["rij-1-token"] = "x" * 5000
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert _rows(plan) == ["Bewoners doen mee"]


def test_save_actions_skips_a_row_whose_token_was_used(plan, plan_user):
    import uuid

    token = uuid.uuid4()
    row = services.RowChange(None, None, {"goal": "Doel", "what": "Wat", "status": "gepland"},
                             token=token)
    first = services.save_actions(plan, GoalTable.OWN_DIRECTION, [row], user=plan_user)
    again = services.save_actions(plan, GoalTable.OWN_DIRECTION, [row], user=plan_user)
    assert first == services.TableSaved() and again == services.TableSaved(repeated=1)
    assert _rows(plan) == ["Doel"]


# -- deleting only after saying yes on a question page -----------------------------------------

def test_the_programme_page_leads_to_a_question_before_deleting(client, plan, plan_user):
    programme = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    client.force_login(plan_user)
    delete_url = reverse("plans:programme_delete", args=[plan.pk, programme.pk])
    page = client.get(reverse("plans:programme", args=[plan.pk, programme.pk])).content.decode()
    assert f'href="{delete_url}"' in page
    question = client.get(delete_url)
    page = question.content.decode()
    assert question.status_code == 200
    assert f"Weet je zeker dat je ‘{programme.title}’ wilt verwijderen?" in page
    assert "Ja, verwijderen" in page
    assert f'href="{reverse("plans:programme", args=[plan.pk, programme.pk])}"' in page  # way back
    assert Programme.objects.filter(pk=programme.pk).exists()  # asking deletes nothing


def test_a_programme_is_deleted_only_after_yes(client, plan, plan_user):
    programme = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    client.force_login(plan_user)
    delete_url = reverse("plans:programme_delete", args=[plan.pk, programme.pk])
    # the delete button of a page opened before this version now asks first as well
    old = client.post(reverse("plans:programme", args=[plan.pk, programme.pk]), {"action": "delete"})
    assert old.status_code == 302 and old["Location"] == delete_url
    assert Programme.objects.filter(pk=programme.pk).exists()
    response = client.post(delete_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert not Programme.objects.filter(pk=programme.pk).exists()


def test_deleting_a_programme_twice_is_no_error_page(client, plan, plan_user):
    programme = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    client.force_login(plan_user)
    delete_url = reverse("plans:programme_delete", args=[plan.pk, programme.pk])
    client.post(delete_url)
    for again in (client.post(delete_url, follow=True), client.get(delete_url, follow=True)):
        assert again.status_code == 200
        assert again.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
        assert "Het programma is al verwijderd." in again.content.decode()


def test_the_dagdeel_page_leads_to_a_question_before_deleting(client, plan, plan_user, training):
    programme, first, _second, _third = training
    client.force_login(plan_user)
    delete_url = reverse("plans:session_delete", args=[plan.pk, programme.pk, first.pk])
    page = client.get(reverse("plans:session", args=[plan.pk, programme.pk, first.pk])
                      ).content.decode()
    assert f'href="{delete_url}"' in page
    page = client.get(delete_url).content.decode()
    assert "Weet je zeker dat je ‘Dagdeel 1’ wilt verwijderen?" in page
    assert "Ja, verwijderen" in page
    assert f'href="{reverse("plans:session", args=[plan.pk, programme.pk, first.pk])}"' in page
    assert Session.objects.filter(pk=first.pk).exists()


def test_a_dagdeel_is_deleted_only_after_yes(client, plan, plan_user, training):
    programme, first, _second, _third = training
    client.force_login(plan_user)
    url = reverse("plans:session", args=[plan.pk, programme.pk, first.pk])
    delete_url = reverse("plans:session_delete", args=[plan.pk, programme.pk, first.pk])
    old = client.post(url, {"action": "delete"})
    assert old.status_code == 302 and old["Location"] == delete_url
    assert Session.objects.filter(pk=first.pk).exists()
    response = client.post(delete_url)
    assert response["Location"] == reverse("plans:programme", args=[plan.pk, programme.pk])
    assert not Session.objects.filter(pk=first.pk).exists()
    for again in (client.post(delete_url, follow=True), client.get(delete_url, follow=True),
                  client.post(url, {"action": "delete"}, follow=True)):
        assert again.status_code == 200
        assert "Het dagdeel is al verwijderd." in again.content.decode()


def test_only_the_team_deletes(client, make_user, plan, plan_user, training):
    programme, first, _second, _third = training
    client.force_login(make_user("coordinator", "elders"))
    for url in (reverse("plans:programme_delete", args=[plan.pk, programme.pk]),
                reverse("plans:session_delete", args=[plan.pk, programme.pk, first.pk])):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Session.objects.filter(pk=first.pk).exists()


# -- the team's own checklists ----------------------------------------------------------------

def test_the_checklists_page_offers_an_own_checklist(client, plan, plan_user):
    client.force_login(plan_user)
    page = client.get(reverse("plans:checklists", args=[plan.pk])).content.decode()
    assert "Eigen checklist maken" in page
    assert 'name="title"' in page


def test_the_team_makes_an_own_checklist_and_adds_points_to_it(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:checklists", args=[plan.pk])
    response = client.post(url, {"title": "  Afspraken met het wijkteam "})
    checklist = Checklist.objects.get(plan=plan, kind=ChecklistKind.OWN)
    assert checklist.title == "Afspraken met het wijkteam"
    assert response["Location"] == f"{url}#lijst-{checklist.pk}"
    assert checklist.order > max(plan.checklists.exclude(pk=checklist.pk)
                                 .values_list("order", flat=True))
    client.post(reverse("plans:item_add", args=[plan.pk, checklist.pk]),
                {f"n{checklist.pk}-text": "Elke maand samen koffie drinken"})
    item = checklist.items.get()
    assert item.is_custom and item.group == ""
    page = client.get(url).content.decode()
    section = page[page.index(f'id="lijst-{checklist.pk}"'):]
    assert "Afspraken met het wijkteam" in section and "Elke maand samen koffie drinken" in section
    assert "Bron:" not in section[:section.index("</p>")]  # an own list has no handbook source


def test_an_own_checklist_sent_twice_is_made_once(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:checklists", args=[plan.pk])
    client.post(url, {"title": "Afspraken met het wijkteam"})
    response = client.post(url, {"title": "afspraken met het wijkteam"}, follow=True)
    checklist = Checklist.objects.get(plan=plan, kind=ChecklistKind.OWN)
    assert response.redirect_chain[-1][0] == f"{url}#lijst-{checklist.pk}"
    assert "Er is al een eigen checklist met deze naam." in response.content.decode()


@pytest.mark.parametrize("title,error", [
    ("   ", "Dit veld is vereist."),
    ("Lange naam " * 30, "niet meer dan 200 tekens"),
])
def test_an_own_checklist_without_a_good_name_keeps_what_was_typed(client, plan, plan_user,
                                                                    title, error):
    client.force_login(plan_user)
    response = client.post(reverse("plans:checklists", args=[plan.pk]), {"title": title})
    page = response.content.decode()
    assert response.status_code == 400 and error in page
    assert title.strip()[:50] in page
    assert not Checklist.objects.filter(plan=plan, kind=ChecklistKind.OWN).exists()


def test_only_the_team_makes_an_own_checklist(client, make_user, plan):
    outsider = make_user("coordinator", "elders")
    client.force_login(outsider)
    response = client.post(reverse("plans:checklists", args=[plan.pk]), {"title": "Van mij"})
    assert response.status_code == 404
    assert not Checklist.objects.filter(plan=plan, kind=ChecklistKind.OWN).exists()
