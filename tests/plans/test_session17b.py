"""Session 17b (plans): saving something a colleague deleted meanwhile, one-time form tokens
tied to their plan and table, and a resent form that must not bring back what was deleted."""

import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from meervoud.plans import services
from meervoud.plans.models import (
    Action,
    Block,
    Checklist,
    ChecklistItem,
    ChecklistKind,
    GoalTable,
    Plan,
    ProgrammeKind,
    Session,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


class _PageForms(HTMLParser):
    """The forms of a page as the browser sends them back: hidden fields, ticked boxes, the
    chosen option, what is in each textarea. Submit buttons are left out."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict]] = []
        self._fields = self._textarea = self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = {}
            self.forms.append((attrs.get("action", ""), self._fields))
        elif self._fields is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button") or (kind in ("checkbox", "radio")
                                                 and "checked" not in attrs):
                return
            self._fields[attrs["name"]] = attrs.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._fields[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self._fields:
                self._fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "textarea" and self._textarea:
            self._fields[self._textarea] = self._fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def _form(client, page_url: str, action_url: str, having: str = "") -> dict:
    """The form posting to `action_url` (with a field `having`) as the page at `page_url`
    shows it now."""
    response = client.get(page_url)
    assert response.status_code == 200
    for action, fields in _PageForms(response.content.decode()).forms:
        # a form without an action posts to the page itself
        if (action.split("#")[0] or page_url) == action_url and (not having or having in fields):
            return dict(fields)
    raise AssertionError(f"no form for {action_url} on {page_url}")


def _deleted_while_saving(monkeypatch, name: str, delete):
    """A colleague deletes the row after the view found it, just before the save writes."""
    original = getattr(services, name)

    def saving(*args, **kwargs):
        delete()
        return original(*args, **kwargs)

    monkeypatch.setattr(services, name, saving)


@pytest.fixture
def own(plan, plan_user):
    checklist, _created = services.create_own_checklist(plan, title="Afspraken met het wijkteam",
                                                        user=plan_user)
    services.add_item(checklist, text="Elke maand samen koffie drinken", user=plan_user)
    return checklist


@pytest.fixture
def other_plan(plan_user, municipality):
    return services.create_plan(user=plan_user, data={"municipality": municipality,
                                                      "location": "Wijk Zuid"})


# -- 1. saving what a colleague deleted meanwhile ------------------------------------------

def _progress_form(client, plan, action):
    data = _form(client, reverse("plans:detail", args=[plan.pk]),
                 reverse("plans:progress", args=[plan.pk, action.pk]))
    data[f"a{action.pk}-status"] = "bezig"
    data[f"a{action.pk}-progress"] = "Trainers gevonden"
    return data


def test_progress_of_an_action_deleted_meanwhile_says_so(client, plan, plan_user):
    action = Action.objects.filter(plan=plan, table=GoalTable.TRAINING).first()
    client.force_login(plan_user)
    data = _progress_form(client, plan, action)
    url = reverse("plans:progress", args=[plan.pk, action.pk])
    Action.objects.filter(pk=action.pk).delete()  # a colleague removed the row from the table
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    assert "De actie is al verwijderd." in _messages(response)
    assert not Action.objects.filter(pk=action.pk).exists()


def test_progress_of_an_action_deleted_while_saving_is_no_server_error(client, plan, plan_user,
                                                                      monkeypatch):
    action = Action.objects.filter(plan=plan, table=GoalTable.TRAINING).first()
    client.force_login(plan_user)
    data = _progress_form(client, plan, action)
    _deleted_while_saving(monkeypatch, "update_progress",
                          lambda: Action.objects.filter(pk=action.pk).delete())
    response = client.post(reverse("plans:progress", args=[plan.pk, action.pk]), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == (reverse("plans:detail", args=[plan.pk])
                                              + f"#tabel-{GoalTable.TRAINING}")
    assert "De actie is al verwijderd." in _messages(response)
    assert not Action.objects.filter(pk=action.pk).exists()


def test_a_plan_deleted_while_saving_is_said_on_the_plan_list(client, plan, plan_user,
                                                            monkeypatch):
    action = Action.objects.filter(plan=plan, table=GoalTable.TRAINING).first()
    client.force_login(plan_user)
    data = _progress_form(client, plan, action)
    _deleted_while_saving(monkeypatch, "update_progress", lambda: services.delete_plan(plan))
    response = client.post(reverse("plans:progress", args=[plan.pk, action.pk]), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("plans:list")
    assert "Het plan is al verwijderd." in _messages(response)


def _item_form(client, plan, item, page="checklists"):
    data = _form(client, reverse(f"plans:{page}", args=[plan.pk]),
                 reverse("plans:item", args=[plan.pk, item.pk]))
    data[f"i{item.pk}-done"] = "on"
    data[f"i{item.pk}-note"] = "Gebeld met de wijkcoach"
    return data


def test_ticking_a_point_deleted_meanwhile_says_so_on_its_list(client, plan, plan_user, own):
    item = own.items.get()
    client.force_login(plan_user)
    data = _item_form(client, plan, item)
    url, item_pk = reverse("plans:item", args=[plan.pk, item.pk]), item.pk
    services.delete_custom_item(item)  # a colleague, or this user in another tab
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == (reverse("plans:checklists", args=[plan.pk])
                                              + f"#lijst-{own.pk}")
    assert "Het punt is al verwijderd." in _messages(response)
    assert not ChecklistItem.objects.filter(pk=item_pk).exists()
    assert not own.items.exists()


def test_a_note_on_a_roadmap_point_deleted_meanwhile_lands_on_the_roadmap(client, plan,
                                                                         plan_user):
    phase = plan.checklists.filter(kind=ChecklistKind.PHASE).first()
    item = services.add_item(phase, text="Wethouder uitnodigen", user=plan_user)
    client.force_login(plan_user)
    data = _item_form(client, plan, item, page="roadmap")
    url = reverse("plans:item", args=[plan.pk, item.pk])
    services.delete_custom_item(item)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == (reverse("plans:roadmap", args=[plan.pk])
                                              + f"#lijst-{phase.pk}")
    assert "Het punt is al verwijderd." in _messages(response)


def test_ticking_a_point_deleted_while_saving_is_no_server_error(client, plan, plan_user, own,
                                                                monkeypatch):
    item = own.items.get()
    client.force_login(plan_user)
    data = _item_form(client, plan, item)
    _deleted_while_saving(monkeypatch, "update_item",
                          lambda: ChecklistItem.objects.filter(pk=item.pk).delete())
    response = client.post(reverse("plans:item", args=[plan.pk, item.pk]), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == (reverse("plans:checklists", args=[plan.pk])
                                              + f"#lijst-{own.pk}")
    assert "Het punt is al verwijderd." in _messages(response)
    assert not own.items.exists()


def test_deleting_a_point_twice_is_no_error_page(client, plan, plan_user, own):
    item = own.items.get()
    client.force_login(plan_user)
    url = reverse("plans:item", args=[plan.pk, item.pk])
    data = {**_form(client, reverse("plans:checklists", args=[plan.pk]), url), "delete": "1"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.status_code == 200
    assert again.redirect_chain[-1][0] == (reverse("plans:checklists", args=[plan.pk])
                                           + f"#lijst-{own.pk}")
    assert "Het punt is al verwijderd." in _messages(again)


def _phase_form(client, plan, phase):
    data = _form(client, reverse("plans:roadmap", args=[plan.pk]),
                 reverse("plans:phase", args=[plan.pk, phase.pk]))
    data[f"f{phase.pk}-note"] = "Eerst de wethouder spreken"
    return data


def test_planning_a_phase_deleted_meanwhile_says_so(client, plan, plan_user):
    phase = plan.checklists.filter(kind=ChecklistKind.PHASE).first()
    client.force_login(plan_user)
    data = _phase_form(client, plan, phase)
    Checklist.objects.filter(pk=phase.pk).delete()  # an administrator removed it
    response = client.post(reverse("plans:phase", args=[plan.pk, phase.pk]), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("plans:roadmap", args=[plan.pk])
    assert "De fase is al verwijderd." in _messages(response)
    assert not Checklist.objects.filter(pk=phase.pk).exists()


def test_planning_a_phase_deleted_while_saving_is_no_server_error(client, plan, plan_user,
                                                                 monkeypatch):
    phase = plan.checklists.filter(kind=ChecklistKind.PHASE).first()
    client.force_login(plan_user)
    data = _phase_form(client, plan, phase)
    _deleted_while_saving(monkeypatch, "update_phase",
                          lambda: Checklist.objects.filter(pk=phase.pk).delete())
    response = client.post(reverse("plans:phase", args=[plan.pk, phase.pk]), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("plans:roadmap", args=[plan.pk])
    assert "De fase is al verwijderd." in _messages(response)


@pytest.fixture
def training(plan, plan_user):
    return services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)


def _programme_form(client, plan, programme):
    url = reverse("plans:programme", args=[plan.pk, programme.pk])
    data = _form(client, url, url, having="version")
    data["notes"] = "Trainers: Ed en Fatima"
    return data


def test_saving_a_programme_deleted_meanwhile_says_so(client, plan, plan_user, training):
    client.force_login(plan_user)
    data = _programme_form(client, plan, training)
    url, programme_pk = reverse("plans:programme", args=[plan.pk, training.pk]), training.pk
    services.delete_programme(training)
    for post in (data, {**data, "action": "add_session"}):
        response = client.post(url, post, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
        assert "Het programma is al verwijderd." in _messages(response)
    assert not Session.objects.filter(programme_id=programme_pk).exists()


def test_saving_a_programme_deleted_while_saving_is_no_server_error(client, plan, plan_user,
                                                                   training, monkeypatch):
    client.force_login(plan_user)
    data = _programme_form(client, plan, training)
    _deleted_while_saving(monkeypatch, "update_programme", training.delete)
    response = client.post(reverse("plans:programme", args=[plan.pk, training.pk]), data,
                           follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    assert "Het programma is al verwijderd." in _messages(response)


def test_saving_a_dagdeel_deleted_while_saving_keeps_what_was_typed(client, plan, plan_user,
                                                                   training, monkeypatch):
    session = training.sessions.first()
    session_pk = session.pk
    client.force_login(plan_user)
    url = reverse("plans:session", args=[plan.pk, training.pk, session.pk])
    data = _form(client, url, url, having="version")
    data["blok-0-description"] = "Mijn uitgewerkte welkomstwoord"
    _deleted_while_saving(monkeypatch, "save_session",
                          lambda: Session.objects.filter(pk=session_pk).delete())
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 409  # as when it was gone before the save (test_review_s15)
    assert "Mijn uitgewerkte welkomstwoord" in page and "verwijderd" in page
    assert not Block.objects.filter(session_id=session_pk).exists()  # nothing half written


def test_saving_a_plan_deleted_while_saving_is_no_server_error(client, plan, plan_user,
                                                              monkeypatch):
    client.force_login(plan_user)
    url = reverse("plans:edit", args=[plan.pk])
    data = _form(client, url, url)
    data["location"] = "Wijk Noord-Oost"
    _deleted_while_saving(monkeypatch, "update_plan", lambda: services.delete_plan(plan))
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("plans:list")
    assert "Het plan is al verwijderd." in _messages(response)
    assert not Plan.objects.filter(pk=plan.pk).exists()


# -- 4. a point on a checklist that is gone ------------------------------------------------

def test_ticking_a_point_of_a_checklist_deleted_meanwhile_says_so(client, plan, plan_user, own):
    item = own.items.get()
    client.force_login(plan_user)
    data = _item_form(client, plan, item)
    url = reverse("plans:item", args=[plan.pk, item.pk])
    services.delete_own_checklist(own)
    for post in (data, {**data, "delete": "1"}):
        response = client.post(url, post, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("plans:checklists", args=[plan.pk])
        assert "De checklist is al verwijderd." in _messages(response)
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()


def test_a_point_of_another_plan_is_left_alone(client, plan, plan_user, other_plan):
    elsewhere = other_plan.checklists.filter(kind=ChecklistKind.PHASE).first().items.first()
    client.force_login(plan_user)
    for post in ({f"i{elsewhere.pk}-version": elsewhere.version, f"i{elsewhere.pk}-done": "on"},
                 {"delete": "1"}):
        # not in this plan: as for renaming a checklist, that is "gone", never a change there
        response = client.post(reverse("plans:item", args=[plan.pk, elsewhere.pk]), post)
        assert response.status_code == 302
    elsewhere.refresh_from_db()
    assert not elsewhere.done and elsewhere.version == 1


# -- 2. a goal table's tokens belong to their plan and table -------------------------------

def _row(token, goal):
    return services.RowChange(None, None, {"goal": goal, "what": "Herstelgroep",
                                           "status": "gepland"}, token=token)


def _goals(plan, table=GoalTable.OWN_DIRECTION):
    return list(Action.objects.filter(plan=plan, table=table).values_list("goal", flat=True))


def test_a_token_used_in_another_plan_does_not_swallow_a_row(plan, plan_user, other_plan):
    token = uuid.uuid4()
    services.save_actions(other_plan, GoalTable.OWN_DIRECTION, [_row(token, "Elders")],
                          user=plan_user)
    assert services.save_actions(plan, GoalTable.OWN_DIRECTION, [_row(token, "Hier")],
                                 user=plan_user) == services.TableSaved()
    assert _goals(plan) == ["Hier"] and _goals(other_plan) == ["Elders"]
    # that form sent again to this plan's table is a resend there
    assert services.save_actions(plan, GoalTable.OWN_DIRECTION, [_row(token, "Hier")],
                                 user=plan_user) == services.TableSaved(repeated=1)
    assert _goals(plan) == ["Hier"]


def test_a_token_used_in_another_table_does_not_swallow_a_row(plan, plan_user):
    token = uuid.uuid4()
    services.save_actions(plan, GoalTable.COLLABORATION, [_row(token, "Samen")], user=plan_user)
    assert services.save_actions(plan, GoalTable.OWN_DIRECTION, [_row(token, "Regie")],
                                 user=plan_user) == services.TableSaved()
    assert _goals(plan) == ["Regie"] and _goals(plan, GoalTable.COLLABORATION) == ["Samen"]


# -- 3. a resent form does not bring back what was deleted ---------------------------------

def _table_form(client, plan, table="regie"):
    url = reverse("plans:table", args=[plan.pk, table])
    return _form(client, url, url)


def _fill(data, n, goal):
    data.update({f"rij-{n}-goal": goal, f"rij-{n}-what": "Herstelgroep", f"rij-{n}-who": "ED's",
                 f"rij-{n}-when": "maart", f"rij-{n}-status": "gepland"})
    return data


def test_a_resent_table_form_does_not_bring_back_a_deleted_row(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    data = _fill(_table_form(client, plan), 0, "Weg ermee")
    assert client.post(url, data).status_code == 302
    deleting = _table_form(client, plan)
    deleting["rij-0-DELETE"] = "on"
    assert client.post(url, deleting).status_code == 302
    assert _goals(plan) == []
    again = client.post(url, data, follow=True)  # the back button, then save again
    assert again.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk]) + "#tabel-regie"
    assert _goals(plan) == []
    shown = _messages(again)
    assert any(m.startswith("Deze nieuwe rij was al opgeslagen en is daarna verwijderd.")
               for m in shown), shown
    assert not any("Hij staat er één keer in." in m for m in shown)


def test_a_resent_table_form_adds_the_rows_it_did_not_add_before(client, plan, plan_user):
    client.force_login(plan_user)
    url = reverse("plans:table", args=[plan.pk, "regie"])
    data = _fill(_table_form(client, plan), 0, "Blijft")
    client.post(url, data)
    data = _fill(data, 1, "Nieuw")  # the same page, a second row typed after the first save
    client.post(url, data)
    assert _goals(plan) == ["Blijft", "Nieuw"]


def _add_form(client, plan, checklist, text):
    data = _form(client, reverse("plans:checklists", args=[plan.pk]),
                 reverse("plans:item_add", args=[plan.pk, checklist.pk]))
    data[f"n{checklist.pk}-text"] = text
    return data


def test_a_resent_add_form_does_not_bring_back_a_deleted_point(client, plan, plan_user, own):
    client.force_login(plan_user)
    url = reverse("plans:item_add", args=[plan.pk, own.pk])
    data = _add_form(client, plan, own, "Wethouder uitnodigen")
    assert client.post(url, data).status_code == 302
    item = own.items.get(text="Wethouder uitnodigen")
    client.post(reverse("plans:item", args=[plan.pk, item.pk]), {"delete": "1"})
    assert not own.items.filter(text="Wethouder uitnodigen").exists()
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == (reverse("plans:checklists", args=[plan.pk])
                                           + f"#lijst-{own.pk}")
    assert ("Dit punt was al toegevoegd en is daarna verwijderd. Het is niet opnieuw "
            "toegevoegd." in _messages(again))
    assert not own.items.filter(text="Wethouder uitnodigen").exists()
    # a newly opened form is a new point, also with that text
    client.post(url, _add_form(client, plan, own, "Wethouder uitnodigen"))
    assert own.items.filter(text="Wethouder uitnodigen").count() == 1


def test_a_resent_add_form_without_a_token_does_not_bring_back_a_deleted_point(client, plan,
                                                                             plan_user, own):
    client.force_login(plan_user)
    url = reverse("plans:item_add", args=[plan.pk, own.pk])
    data = {f"n{own.pk}-text": "Wethouder uitnodigen"}  # a page from before tokens
    client.post(url, data)
    services.delete_custom_item(own.items.get(text="Wethouder uitnodigen"))
    client.post(url, data)
    assert not own.items.filter(text="Wethouder uitnodigen").exists()


def test_a_token_another_plan_used_does_not_swallow_a_point(plan, plan_user, own, other_plan):
    token = uuid.uuid4()
    elsewhere = other_plan.checklists.filter(kind=ChecklistKind.PHASE).first()
    services.add_item_once(elsewhere, text="Elders", user=plan_user, token=token)
    item, added = services.add_item_once(own, text="Hier", user=plan_user, token=token)
    assert added and item.checklist_id == own.pk
    again, added = services.add_item_once(own, text="Hier", user=plan_user, token=token)
    assert not added and again == item
    assert own.items.filter(text="Hier").count() == 1


@pytest.mark.django_db(transaction=True)
def test_tokens_stored_before_the_migration_stay_spent():
    """Forms sent before 0004 are still recognised after it: the tokens on rows and points
    became spent tokens. (Self-contained: a transactional test may run after others emptied
    the database, municipalities included.)"""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("plans", "0003_checklistitem_form_token")], [("plans", "0004_spent_tokens")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        province = old.get_model("places", "Province").objects.create(name="Testprovincie")
        region = old.get_model("places", "Region").objects.create(name="Testregio",
                                                                  province=province)
        municipality = old.get_model("places", "Municipality").objects.create(
            cbs_code="GM9999", name="Testgemeente", region=region)
        plan = old.get_model("plans", "Plan").objects.create(
            title="Plan", municipality=municipality, location="Wijk Noord")
        row_token, point_token = uuid.uuid4(), uuid.uuid4()
        action = old.get_model("plans", "Action").objects.create(
            plan=plan, table="regie", goal="Doel", form_token=row_token)
        checklist = old.get_model("plans", "Checklist").objects.create(
            plan=plan, key="eigen-x", kind="eigen", title="Eigen")
        point = old.get_model("plans", "ChecklistItem").objects.create(
            checklist=checklist, text="Punt", is_custom=True, form_token=point_token)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        # and on to the latest tables, which the code below uses
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    plan, checklist = Plan.objects.get(pk=plan.pk), Checklist.objects.get(pk=checklist.pk)
    saved = services.save_actions(plan, "regie", [_row(row_token, "Doel")], user=None)
    assert saved == services.TableSaved(repeated=1)
    again, added = services.add_item_once(checklist, text="Punt", user=None, token=point_token)
    assert not added and again.pk == point.pk
    assert [a.pk for a in Action.objects.filter(plan=plan)] == [action.pk]


def test_an_own_checklists_spent_tokens_go_with_it(plan, plan_user, own):
    from meervoud.plans.models import SpentToken

    services.add_item_once(own, text="Punt", user=plan_user, token=uuid.uuid4())
    assert SpentToken.objects.filter(plan=plan, scope=f"checklist-{own.pk}").count() == 1
    services.delete_own_checklist(own)
    assert not SpentToken.objects.filter(plan=plan, scope__startswith="checklist-").exists()
    services.delete_plan(plan)
    assert not SpentToken.objects.filter(plan_id=plan.pk).exists()
