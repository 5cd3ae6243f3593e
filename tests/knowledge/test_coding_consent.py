"""Manual coding and the agreement page (session 18): what a researcher may code, what counts in
the agreement, and how figures that cannot be computed yet are shown."""

import re
from html import unescape

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge.models import ManualCoding, Statement, Theme
from meervoud.knowledge.selectors import agreement, statements_to_code
from meervoud.stories.models import Purpose
from meervoud.stories.services import give_consent, withdraw_consent

pytestmark = pytest.mark.django_db

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)
ANALYSIS_ONLY = (Purpose.ANALYSIS,)


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def _code(coder, statement, theme):
    return ManualCoding.objects.create(statement=statement, coder=coder, theme=theme)


@pytest.mark.parametrize("role", [Role.NARRATOR, Role.COORDINATOR, Role.ADMINISTRATOR])
def test_peer_experts_and_coordinators_still_code_statements_with_analysis_consent(make_user, publish, role):
    """Coding as part of the analysis is covered by the analysis consent: only researchers need
    research consent."""
    statement = publish.statement("werk", "N-1", purposes=ANALYSIS_ONLY)
    assert statement in statements_to_code(make_user(role))


def test_a_researcher_is_told_why_a_choice_was_not_saved(client, make_user, publish):
    """The narrator took back research consent while the researcher was choosing: the page says
    in Dutch that the choice was not kept, and why."""
    ruben = make_user(Role.RESEARCHER, "ruben")
    statement = publish.statement("werk", "N-1", purposes=RESEARCH)
    client.force_login(ruben)
    page = client.get(reverse("knowledge:coding")).content.decode()
    assert "toestemming geven voor onderzoek" in page
    withdraw_consent(statement.story, Purpose.RESEARCH, via="link")
    response = client.post(reverse("knowledge:coding"), {f"code-{statement.pk}": str(statement.theme_id)},
                           follow=True)
    said = " ".join(str(message) for message in response.context["messages"])
    assert "1 keuze is niet opgeslagen: de verteller wil niet (meer) dat die uitspraak voor onderzoek" in said
    assert not ManualCoding.objects.filter(coder=ruben).exists()


def test_a_skip_on_a_statement_without_research_consent_is_not_stored_either(client, make_user, publish):
    ruben = make_user(Role.RESEARCHER, "ruben")
    statement = publish.statement("werk", "N-1", purposes=ANALYSIS_ONLY)
    client.force_login(ruben)
    client.post(reverse("knowledge:coding"), {f"code-{statement.pk}": ""})
    assert not ManualCoding.objects.exists()


def test_a_code_for_a_sub_theme_is_not_stored(client, make_user, publish):
    """The page offers main themes only, as the engine's code is a main theme: a sub-theme sent
    anyway would be a category nobody else can choose."""
    coder = make_user(Role.NARRATOR, "alice")
    statement = publish.statement("werk", "N-1")
    sub = Theme.objects.create(key="werk-sub", label="sub", parent=statement.theme)
    client.force_login(coder)
    client.post(reverse("knowledge:coding"), {f"code-{statement.pk}": str(sub.pk)})
    assert not ManualCoding.objects.exists()


def test_withdrawing_research_consent_deletes_the_researchers_codes_only(make_user, publish):
    """Kept codes would be research data held without a ground (AVG art. 7(3), 17(1)(b)); a
    peer expert's code is part of the analysis, which the narrator still allows."""
    ruben, sanne = make_user(Role.RESEARCHER, "ruben"), make_user(Role.RESEARCHER, "sanne")
    alice = make_user(Role.NARRATOR, "alice")
    statements = publish.many("werk", 2, purposes=RESEARCH) + publish.many("wonen", 1, purposes=RESEARCH)
    for coder in (ruben, sanne, alice):
        for statement in statements:
            _code(coder, statement, statement.theme)
    withdraw_consent(statements[0].story, Purpose.RESEARCH, via="link")
    assert agreement()["units"] == 3  # alice's code of the first statement still has a partner: the engine
    left = ManualCoding.objects.filter(statement=statements[0])
    assert list(left.values_list("coder__username", flat=True)) == ["alice"]
    give_consent(statements[0].story, Purpose.RESEARCH, via="link")
    assert ManualCoding.objects.filter(statement=statements[0]).count() == 1  # gone means gone


def test_a_peer_experts_codes_count_without_research_consent(make_user, publish):
    alice = make_user(Role.NARRATOR, "alice")
    statements = publish.many("werk", 2, purposes=ANALYSIS_ONLY)
    for statement in statements:
        _code(alice, statement, statement.theme)
    assert agreement()["units"] == 2


def test_fits_no_theme_is_one_code_for_people_and_computer(make_user, publish):
    """A person's "Past in geen enkel thema" and the engine's outlier are the same category."""
    alice = make_user(Role.NARRATOR, "alice")
    statements = publish.many("werk", 2) + publish.many("wonen", 2)
    Statement.objects.filter(pk=statements[0].pk).update(theme=None)
    for statement in statements:
        ManualCoding.objects.create(statement=statement, coder=alice,
                                    theme=None if statement == statements[0] else statement.theme)
    report = agreement()
    assert report["cohen_kappa"]["(computer)~alice"] == pytest.approx(1.0)
    assert report["pair_units"]["(computer)~alice"] == 4


def test_the_page_says_why_a_figure_cannot_be_computed_yet(client, make_user, publish):
    """Everyone chose one theme: kappa and both alphas are "nog niet te berekenen", with a
    sentence saying what that means; the pair still says on how many statements."""
    alice = make_user(Role.NARRATOR, "alice")
    for statement in publish.many("werk", 3):
        _code(alice, statement, statement.theme)
    client.force_login(alice)
    page = client.get(reverse("knowledge:agreement")).content.decode()
    row = re.search(r"(?s)<tr><td>\(computer\)~alice</td>(.*?)</tr>", page).group(1)
    assert _text(row) == "nog niet te berekenen 3"
    assert "nog niet te berekenen" in _text(page.split('id="alpha"', 1)[1].split("</p>", 1)[0])
    people = _text(page.split('id="alpha-people"', 1)[1].split("</p>", 1)[0])
    assert "zonder de computer" in people and "nog niet te berekenen" in people and "op 0 uitspraken" in people
    assert "iedereen koos steeds hetzelfde thema" in page


def test_alpha_between_people_says_on_how_many_statements_it_rests(client, make_user, publish):
    alice, bob = make_user(Role.NARRATOR, "alice"), make_user(Role.NARRATOR, "bob")
    werk, wonen = publish.many("werk", 2), publish.many("wonen", 2)
    for statement in werk + wonen:
        _code(alice, statement, statement.theme)
    for statement in (werk[0], wonen[0], wonen[1]):
        _code(bob, statement, statement.theme)
    report = agreement()
    assert report["alpha_people_units"] == 3 and report["alpha_units"] == 4
    assert report["krippendorff_alpha_people"] == pytest.approx(1.0)
    client.force_login(alice)
    page = client.get(reverse("knowledge:agreement")).content.decode()
    people = _text(page.split('id="alpha-people"', 1)[1].split("</p>", 1)[0])
    assert "1,00" in people and "op 3 uitspraken die minstens twee mensen codeerden" in people
    assert "iedereen koos steeds hetzelfde thema" not in page
