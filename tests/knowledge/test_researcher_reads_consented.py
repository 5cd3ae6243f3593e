"""A researcher reads on a theme's page only the statements of narrators who consent to research
(session 22). Analysis consent lets the peer experts and coordinators who do the analysis read a
statement; a researcher is told how many she may not read, never what they say."""

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge.models import Theme
from meervoud.stories.models import Purpose
from meervoud.stories.services import withdraw_consent

pytestmark = pytest.mark.django_db

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)
ANALYSIS_ONLY = (Purpose.ANALYSIS,)
OPEN = "Mijn buurvrouw ging mee naar de bank en daarna durfde ik mijn post weer te openen."
CLOSED = "Ik heb het nooit aan iemand verteld, ook niet aan mijn broer die in dezelfde straat woont."


@pytest.fixture
def theme(publish):
    publish.statement("post", "V-open", purposes=RESEARCH, text=OPEN)
    closed = publish.statement("post", "V-dicht", purposes=ANALYSIS_ONLY, text=CLOSED)
    theme = Theme.objects.get(key="post")
    theme.representative_keys = [closed.key]  # the engine chose her statement as typical
    theme.save()
    return theme


def _page(client, user, theme):
    client.force_login(user)
    response = client.get(reverse("knowledge:theme", args=[theme.key]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_researcher_reads_only_statements_with_research_consent(client, make_user, theme):
    page = _page(client, make_user(Role.RESEARCHER), theme)
    assert OPEN in page
    assert CLOSED not in page  # neither in the list nor among the typical statements
    assert 'id="unreadable"' in page and "Nog 1 uitspraak van een verteller" in page


@pytest.mark.parametrize("role", [Role.NARRATOR, Role.COORDINATOR])
def test_the_people_who_do_the_analysis_read_every_statement(client, make_user, theme, role):
    page = _page(client, make_user(role), theme)
    assert OPEN in page and CLOSED in page
    assert 'id="unreadable"' not in page


def test_taking_back_research_consent_hides_her_statement_from_researchers_at_once(client, make_user, theme):
    researcher = make_user(Role.RESEARCHER)
    assert OPEN in _page(client, researcher, theme)
    story = Theme.objects.get(key="post").statements.get(text=OPEN).story
    withdraw_consent(story, Purpose.RESEARCH, via="link")
    page = _page(client, researcher, theme)
    assert OPEN not in page and "Nog 2 uitspraken van vertellers" in page


def test_unnamed_themes_stay_apart_for_a_researcher_without_their_hints(client, make_user, publish):
    """The hint of an unnamed theme may be a statement's first words: a researcher's coding page
    numbers such themes instead, a peer expert's shows the hint."""
    publish.statement("open", "V-open", purposes=RESEARCH, text=OPEN)  # something she may code
    first = Theme.objects.create(key="zonder-1", label_hint="Ik heb het nooit aan iemand…")
    second = Theme.objects.create(key="zonder-2", label_hint="Op het loket zeiden ze…")
    client.force_login(make_user(Role.RESEARCHER))
    page = client.get(reverse("knowledge:coding")).content.decode()
    assert f"Thema zonder naam (nr. {first.pk})" in page and f"Thema zonder naam (nr. {second.pk})" in page
    assert "nooit aan iemand" not in page and "Op het loket zeiden" not in page
    client.force_login(make_user(Role.NARRATOR))
    page = client.get(reverse("knowledge:coding")).content.decode()
    assert "voorlopig: Ik heb het nooit aan iemand" in page
