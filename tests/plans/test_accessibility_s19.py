"""Session 19, accessibility of the plan pages: a refused
form is announced at the top with every problem linked to its field, and controls repeated on a
page (one per action, point, phase or member) have names that say which one they are for,
starting with the text they show (WCAG 3.3.1, 2.4.6, 2.5.3). The browser test
tests/browser/test_review_s19_accessibility.py walks the pages; this checks the words."""

from collections import Counter

import lxml.html
import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.plans import services

pytestmark = pytest.mark.django_db


def _doc(response):
    return lxml.html.fromstring(response.content.decode())


def _summary(doc):
    """(the summary's text, {link target: link text}) of the announced error summary."""
    alerts = doc.xpath("//div[@role='alert' and contains(@class, 'error')]")
    assert len(alerts) == 1, "one announced error summary"
    return (alerts[0].text_content(),
            {a.get("href"): a.text_content() for a in alerts[0].xpath(".//a")})


def _names(doc, xpath):
    """The accessible name as the page gives it: aria-label, else the label, else the text."""
    names = []
    for e in doc.xpath(xpath):
        label = doc.xpath(f"//label[@for='{e.get('id')}']") if e.get("id") else []
        names.append(" ".join((e.get("aria-label") or (label[0].text_content() if label else "")
                               or e.text_content()).split()))
    return names


def test_a_refused_plan_is_announced_with_each_problem_linked_to_its_field(client, make_user, municipality):
    client.force_login(make_user(Role.POLICY_OFFICER))
    response = client.post(reverse("plans:create"), {
        "title": "Plan", "municipality": municipality.pk, "location": "",
        "period_start": "2030-06-01", "period_end": "2030-01-01"})
    said, links = _summary(_doc(response))
    assert said.strip().startswith("Niet alles is goed ingevuld:")
    assert links == {"#id_location": "Locatie/wijk", "#id_period_end": "Looptijd tot en met"}
    assert "De einddatum ligt vóór de begindatum." in said


def test_adding_nobody_to_the_team_is_announced_at_the_top(client, plan_user, plan):
    # Session 20: any typed name is an invitation (an unknown one is not refused: that would tell
    # which usernames exist), so the refusal announced here is an empty name.
    client.force_login(plan_user)
    response = client.post(reverse("plans:members", args=[plan.pk]),
                           {"action": "add", "username": "  ", "role": "lid"})
    assert response.status_code == 400
    doc = _doc(response)
    said, links = _summary(doc)
    assert links == {"#id_username": "Gebruikersnaam"}
    assert "Vul de gebruikersnaam in van wie je wilt uitnodigen." in said
    # at the top: before the team's table, not only next to the field at the bottom
    page = response.content.decode()
    assert page.index('role="alert"') < page.index("<table")


def test_progress_controls_name_their_action_and_table(client, plan_user, plan):
    # a new plan has the handbook's two rows in the training table
    client.force_login(plan_user)
    doc = _doc(client.get(reverse("plans:detail", args=[plan.pk])))
    selects = _names(doc, "//select[starts-with(@name, 'a')]")
    buttons = [n for n in _names(doc, "//main//button") if n.startswith("Voortgang opslaan")]
    assert selects and len(selects) == len(set(selects)) and len(buttons) == len(set(buttons))
    assert ("Voortgang van actie 1 in ‘Training sociaal werkers, ervaringsdeskundigen en team(s)’"
            in selects)
    assert ("Voortgang opslaan van actie 2 in ‘Training sociaal werkers, ervaringsdeskundigen en "
            "team(s)’" in buttons)


def test_every_point_phase_and_list_names_its_controls(client, plan_user, plan):
    client.force_login(plan_user)
    for name in ("plans:roadmap", "plans:checklists"):
        doc = _doc(client.get(reverse(name, args=[plan.pk])))
        names = _names(doc, "//main//button|//main//textarea|//main//select|//main//summary"
                            "|//main//input[not(@type='hidden')]")
        assert [n for n, count in Counter(names).items() if count > 1] == [], name
    doc = _doc(client.get(reverse("plans:roadmap", args=[plan.pk])))
    names = _names(doc, "//main//button|//main//textarea|//main//summary|//main//input")
    # each starts with what it shows
    assert "Aantekening bij stap 1" in names and "Opslaan: stap 1" in names
    assert "Aantekening toevoegen bij stap 1" in names
    phase = plan.checklists.filter(kind="fase").order_by("order").first().title
    assert f"Begint op: {phase}" in names and f"Planning van deze fase opslaan: {phase}" in names
    tip = plan.checklists.get(key="tips-gemeenten")
    doc = _doc(client.get(reverse("plans:checklists", args=[plan.pk])))
    names = _names(doc, "//main//button|//main//textarea|//main//input")
    assert "Aantekening bij ‘Formuleer een visie op de inzet van ervaringsdeskundigheid.’" in names
    assert f"Eigen punt toevoegen aan ‘{tip.title}’" in names and f"Toevoegen aan ‘{tip.title}’" in names


def test_an_own_checklist_names_its_rename_form(client, plan_user, plan):
    for title in ("Wijkavonden", "Subsidie"):
        services.create_own_checklist(plan, title=title, user=plan_user)
    client.force_login(plan_user)
    doc = _doc(client.get(reverse("plans:checklists", args=[plan.pk])))
    names = _names(doc, "//main//button|//main//input[not(@type='hidden')]|//main//summary")
    for title in ("Wijkavonden", "Subsidie"):
        assert f"Naam van de checklist: {title}" in names
        assert f"Naam opslaan: {title}" in names
        assert f"Naam van deze checklist wijzigen: {title}" in names


def test_new_rows_of_a_table_are_told_apart(client, plan_user, plan):
    client.force_login(plan_user)
    doc = _doc(client.get(reverse("plans:table", args=[plan.pk, "regie"])))
    legends = [" ".join(e.text_content().split()) for e in doc.xpath("//fieldset/legend")]
    assert legends == ["Nieuwe rij 1", "Nieuwe rij 2"]


def test_each_role_button_names_its_member(client, make_user, plan_user, plan):
    colleague = make_user(Role.COORDINATOR, "coord1")
    services.add_member(plan, user=colleague, role="lid")
    client.force_login(plan_user)
    doc = _doc(client.get(reverse("plans:members", args=[plan.pk])))
    names = [n for n in _names(doc, "//main//button") if n.startswith("Rol aanpassen")]
    assert sorted(names) == ["Rol aanpassen voor beleid1", "Rol aanpassen voor coord1"]
