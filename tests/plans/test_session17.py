"""Session 17 (plans): deleting a whole plan, renaming and deleting an own checklist, an own
point sent twice, and own checklists with their points in the Word and PDF exports."""

import io

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.audit.models import AuditEvent
from meervoud.plans import exports, services
from meervoud.plans.models import (
    Action,
    Block,
    Checklist,
    ChecklistItem,
    Plan,
    PlanMember,
    Programme,
    ProgrammeKind,
    ProjectRole,
    Session,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- deleting a plan --------------------------------------------------------------------------

@pytest.fixture
def member(make_user, plan):
    """A team member who is not the project lead."""
    user = make_user(Role.NARRATOR, "ed-noord")
    PlanMember.objects.create(plan=plan, user=user, role=ProjectRole.PEER_EXPERT)
    return user


def test_the_lead_is_asked_before_a_plan_is_deleted(client, plan, plan_user):
    client.force_login(plan_user)
    delete_url = reverse("plans:delete", args=[plan.pk])
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert f'href="{delete_url}"' in page
    question = client.get(delete_url)
    page = question.content.decode()
    assert question.status_code == 200
    assert "Weet je zeker dat je het plan van aanpak voor ‘Wijk Noord’ wilt verwijderen?" in page
    assert "Ja, verwijderen" in page
    assert f'href="{reverse("plans:detail", args=[plan.pk])}"' in page  # the way back
    assert Plan.objects.filter(pk=plan.pk).exists()  # asking deletes nothing


def test_a_plan_goes_with_everything_in_it_only_after_yes(client, plan, plan_user, member):
    services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)
    own, _created = services.create_own_checklist(plan, title="Afspraken", user=plan_user)
    services.add_item(own, text="Koffie drinken", user=plan_user)
    client.force_login(plan_user)
    response = client.post(reverse("plans:delete", args=[plan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:list")
    assert "Het plan is verwijderd." in _messages(response)
    assert not Plan.objects.filter(pk=plan.pk).exists()
    for model, lookup in ((PlanMember, "plan"), (Action, "plan"), (Checklist, "plan"),
                          (ChecklistItem, "checklist__plan"), (Programme, "plan"),
                          (Session, "programme__plan"), (Block, "session__programme__plan")):
        assert not model.objects.filter(**{f"{lookup}_id": plan.pk}).exists(), model
    event = AuditEvent.objects.get(object_type="plans.plan", object_id=str(plan.pk))
    assert event.user_id == plan_user.pk and event.action == "delete"


def test_deleting_a_plan_twice_is_no_error_page(client, plan, plan_user):
    client.force_login(plan_user)
    delete_url = reverse("plans:delete", args=[plan.pk])
    client.post(delete_url)
    for again in (client.post(delete_url, follow=True), client.get(delete_url, follow=True)):
        assert again.status_code == 200
        assert again.redirect_chain[-1][0] == reverse("plans:list")
        assert "Het plan is al verwijderd." in again.content.decode()
    assert AuditEvent.objects.filter(object_type="plans.plan", object_id=str(plan.pk)).count() == 1


def test_a_plan_that_never_was_stays_hidden(client, plan, plan_user):
    client.force_login(plan_user)
    # only a plan that was deleted is reported as such: a made-up number gets the usual 404
    assert client.get(reverse("plans:delete", args=[plan.pk + 1000])).status_code == 404


def test_only_the_lead_or_an_administrator_deletes_a_plan(client, make_user, plan, member):
    client.force_login(member)
    delete_url = reverse("plans:delete", args=[plan.pk])
    assert delete_url not in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url).status_code == 403
    client.force_login(make_user(Role.COORDINATOR, "elders"))
    assert client.get(delete_url).status_code == 404
    assert client.post(delete_url).status_code == 404
    assert Plan.objects.filter(pk=plan.pk).exists()
    client.force_login(make_user(Role.ADMINISTRATOR, "beheer1"))
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()


def test_a_member_made_lead_may_delete(client, plan, member):
    PlanMember.objects.filter(plan=plan, user=member).update(role=ProjectRole.LEAD)
    client.force_login(member)
    assert client.get(reverse("plans:delete", args=[plan.pk])).status_code == 200


# -- renaming and deleting an own checklist ---------------------------------------------------

@pytest.fixture
def own(plan, plan_user):
    checklist, _created = services.create_own_checklist(plan, title="Afspraken met het wijkteam",
                                                        user=plan_user)
    services.add_item(checklist, text="Elke maand samen koffie drinken", user=plan_user)
    return checklist


def _entry(client, plan, checklist):
    response = client.get(reverse("plans:checklists", args=[plan.pk]))
    return next(e for e in response.context["checklists"] if e["checklist"].pk == checklist.pk)


def _form_data(form):
    """A form as the browser sends it back: every field, and the hidden copies of the values
    it opened with."""
    data = {}
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        data[form.add_prefix(name)] = "" if value is None else str(value)
        if bound.field.show_hidden_initial:
            data[form.add_initial_prefix(name)] = data[form.add_prefix(name)]
    return data


def _rename_data(client, plan, checklist, title):
    form = _entry(client, plan, checklist)["rename_form"]
    data = _form_data(form)
    data[form.add_prefix("title")] = title
    return data


def test_only_an_own_checklist_offers_rename_and_delete(client, plan, plan_user, own):
    client.force_login(plan_user)
    page = client.get(reverse("plans:checklists", args=[plan.pk])).content.decode()
    assert reverse("plans:checklist_rename", args=[plan.pk, own.pk]) in page
    assert f'href="{reverse("plans:checklist_delete", args=[plan.pk, own.pk])}"' in page
    tips = plan.checklists.get(key="tips-gemeenten")
    assert reverse("plans:checklist_rename", args=[plan.pk, tips.pk]) not in page
    assert reverse("plans:checklist_delete", args=[plan.pk, tips.pk]) not in page


def test_the_team_renames_an_own_checklist(client, plan, plan_user, own):
    client.force_login(plan_user)
    url = reverse("plans:checklist_rename", args=[plan.pk, own.pk])
    response = client.post(url, _rename_data(client, plan, own, "  Afspraken met Wijkteam Noord "))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:checklists", args=[plan.pk]) + f"#lijst-{own.pk}"
    own.refresh_from_db()
    assert own.title == "Afspraken met Wijkteam Noord" and own.version == 2
    # only the case of its own name: that is no clash with itself
    response = client.post(url, _rename_data(client, plan, own, "afspraken met wijkteam noord"))
    own.refresh_from_db()
    assert response.status_code == 302 and own.title == "afspraken met wijkteam noord"


def test_a_name_another_own_checklist_has_is_refused(client, plan, plan_user, own):
    services.create_own_checklist(plan, title="Wie doet wat", user=plan_user)
    client.force_login(plan_user)
    response = client.post(reverse("plans:checklist_rename", args=[plan.pk, own.pk]),
                           _rename_data(client, plan, own, "WIE DOET WAT"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Er is al een eigen checklist met deze naam." in page
    assert "WIE DOET WAT" in page  # what was typed stays in the form
    own.refresh_from_db()
    assert own.title == "Afspraken met het wijkteam"


def test_the_page_shown_after_a_refused_name_still_makes_new_checklists(client, plan, plan_user,
                                                                       own):
    # that page is shown at the rename address: a form posting to "#…" would go there too
    client.force_login(plan_user)
    response = client.post(reverse("plans:checklist_rename", args=[plan.pk, own.pk]),
                           _rename_data(client, plan, own, ""))
    assert response.status_code == 400
    checklists_url = reverse("plans:checklists", args=[plan.pk])
    assert f'action="{checklists_url}#eigen-checklist"' in response.content.decode()


def test_an_empty_name_is_refused(client, plan, plan_user, own):
    client.force_login(plan_user)
    response = client.post(reverse("plans:checklist_rename", args=[plan.pk, own.pk]),
                           _rename_data(client, plan, own, "   "))
    assert response.status_code == 400 and "Dit veld is vereist." in response.content.decode()
    own.refresh_from_db()
    assert own.title == "Afspraken met het wijkteam"


def test_renaming_after_a_colleague_renamed_is_a_conflict(client, plan, plan_user, own):
    client.force_login(plan_user)
    data = _rename_data(client, plan, own, "Mijn naam")
    services.rename_own_checklist(own, title="Naam van een collega", version=own.version,
                                  user=plan_user)
    response = client.post(reverse("plans:checklist_rename", args=[plan.pk, own.pk]), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Let op:" in page and "Mijn naam" in page and "Naam van een collega" in page
    own.refresh_from_db()
    assert own.title == "Naam van een collega"


def test_handbook_checklists_cannot_be_renamed_or_deleted(client, plan, plan_user):
    tips = plan.checklists.get(key="tips-gemeenten")
    client.force_login(plan_user)
    response = client.post(reverse("plans:checklist_rename", args=[plan.pk, tips.pk]),
                           {"r-version": tips.version, "r-title": "Anders"})
    assert response.status_code == 404
    delete_url = reverse("plans:checklist_delete", args=[plan.pk, tips.pk])
    assert client.get(delete_url).status_code == 404
    assert client.post(delete_url).status_code == 404
    tips.refresh_from_db()
    assert tips.title != "Anders" and tips.items.exists()
    with pytest.raises(services.PlanError):
        services.delete_own_checklist(tips)
    with pytest.raises(services.PlanError):
        services.rename_own_checklist(tips, title="Anders", version=tips.version, user=plan_user)


def test_an_own_checklist_is_deleted_with_its_points_only_after_yes(client, plan, plan_user, own):
    client.force_login(plan_user)
    delete_url = reverse("plans:checklist_delete", args=[plan.pk, own.pk])
    page = client.get(delete_url).content.decode()
    assert "Weet je zeker dat je ‘Afspraken met het wijkteam’ wilt verwijderen?" in page
    assert "Ja, verwijderen" in page
    assert f'href="{reverse("plans:checklists", args=[plan.pk])}#lijst-{own.pk}"' in page
    assert Checklist.objects.filter(pk=own.pk).exists()
    response = client.post(delete_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:checklists", args=[plan.pk])
    assert "De checklist is verwijderd." in _messages(response)
    assert not Checklist.objects.filter(pk=own.pk).exists()
    assert not ChecklistItem.objects.filter(checklist_id=own.pk).exists()
    for again in (client.post(delete_url, follow=True), client.get(delete_url, follow=True)):
        assert again.status_code == 200
        assert again.redirect_chain[-1][0] == reverse("plans:checklists", args=[plan.pk])
        assert "De checklist is al verwijderd." in again.content.decode()


def test_renaming_or_adding_to_a_checklist_a_colleague_deleted_says_so(client, plan, plan_user,
                                                                       own):
    client.force_login(plan_user)
    data = _rename_data(client, plan, own, "Nieuwe naam")
    own_pk = own.pk
    services.delete_own_checklist(own)
    for url, post in ((reverse("plans:checklist_rename", args=[plan.pk, own_pk]), data),
                      (reverse("plans:item_add", args=[plan.pk, own_pk]),
                       {f"n{own_pk}-text": "Nog een punt"})):
        response = client.post(url, post, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("plans:checklists", args=[plan.pk])
        assert "De checklist is al verwijderd." in response.content.decode()


def test_only_the_team_renames_or_deletes_an_own_checklist(client, make_user, plan, own):
    client.force_login(make_user(Role.COORDINATOR, "elders"))
    assert client.post(reverse("plans:checklist_rename", args=[plan.pk, own.pk]),
                       {"r-version": own.version, "r-title": "Van mij"}).status_code == 404
    delete_url = reverse("plans:checklist_delete", args=[plan.pk, own.pk])
    assert client.get(delete_url).status_code == 404
    assert client.post(delete_url).status_code == 404
    own.refresh_from_db()
    assert own.title == "Afspraken met het wijkteam"


# -- an own point sent twice ------------------------------------------------------------------

def _add_data(client, plan, checklist, text):
    data = _form_data(_entry(client, plan, checklist)["add_form"])
    data[f"n{checklist.pk}-text"] = text
    return data


def test_every_rendered_add_form_carries_its_own_token(client, plan, plan_user, own):
    client.force_login(plan_user)
    page = client.get(reverse("plans:checklists", args=[plan.pk])).content.decode()
    assert f'name="n{own.pk}-token"' in page
    first = _add_data(client, plan, own, "x")[f"n{own.pk}-token"]
    second = _add_data(client, plan, own, "x")[f"n{own.pk}-token"]
    assert first and second and first != second


def test_the_same_add_form_sent_twice_adds_the_point_once(client, plan, plan_user, own):
    client.force_login(plan_user)
    url = reverse("plans:item_add", args=[plan.pk, own.pk])
    data = _add_data(client, plan, own, "Wethouder uitnodigen")
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data, follow=True)
    assert second.redirect_chain == [(first["Location"], 302)]  # where the first one landed
    assert "Dit punt was al toegevoegd" in second.content.decode()
    assert own.items.filter(text="Wethouder uitnodigen").count() == 1


def test_the_same_point_from_two_opened_forms_is_added_twice(client, plan, plan_user, own):
    client.force_login(plan_user)
    url = reverse("plans:item_add", args=[plan.pk, own.pk])
    client.post(url, _add_data(client, plan, own, "Wethouder uitnodigen"))
    client.post(url, _add_data(client, plan, own, "Wethouder uitnodigen"))
    assert own.items.filter(text="Wethouder uitnodigen").count() == 2


def test_an_add_form_without_a_good_token_still_adds_once(client, plan, plan_user, own):
    client.force_login(plan_user)
    url = reverse("plans:item_add", args=[plan.pk, own.pk])
    for token in (None, "niet-een-token", "x" * 5000):
        data = {f"n{own.pk}-text": f"Punt {len(token or '')}"}
        if token is not None:
            data[f"n{own.pk}-token"] = token
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
        assert own.items.filter(text=data[f"n{own.pk}-text"]).count() == 1


def test_a_token_of_another_list_does_not_swallow_the_point(client, plan, plan_user, own):
    client.force_login(plan_user)
    tips = plan.checklists.get(key="tips-gemeenten")
    data = _add_data(client, plan, own, "Wethouder uitnodigen")
    client.post(reverse("plans:item_add", args=[plan.pk, own.pk]), data)
    token = data[f"n{own.pk}-token"]
    client.post(reverse("plans:item_add", args=[plan.pk, tips.pk]),
                {f"n{tips.pk}-text": "Wethouder uitnodigen", f"n{tips.pk}-token": token})
    assert tips.items.filter(text="Wethouder uitnodigen").count() == 1


# -- own checklists in the exports ------------------------------------------------------------

@pytest.fixture
def own_with_points(plan, plan_user, own):
    done = own.items.get()
    services.update_item(done, done=True, note="Eerste keer op 3 maart", version=done.version,
                         user=plan_user)
    services.add_item(own, text="Rooster voor de inloop maken", user=plan_user)
    return own


def test_the_word_export_lists_an_own_checklists_points(plan, own_with_points):
    from docx import Document

    document = Document(io.BytesIO(exports.plan_docx(plan)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Afspraken met het wijkteam" in headings
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "☑ Elke maand samen koffie drinken — Eerste keer op 3 maart" in bullets
    assert "☐ Rooster voor de inloop maken" in bullets
    body = "\n".join(p.text for p in document.paragraphs)
    assert "1 van 2 punten gedaan" in body
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Afspraken met het wijkteam", "1 / 2"] in cells  # still in the table of all lists


def test_the_pdf_export_lists_an_own_checklists_points(plan, own_with_points):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(exports.plan_pdf(plan)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "☑ Elke maand samen koffie drinken — Eerste keer op 3 maart" in text
    assert "☐ Rooster voor de inloop maken" in text
    assert "1 van 2 punten gedaan" in text

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    assert "Afspraken met het wijkteam" in list(titles(reader.outline))  # a real heading
