"""A researcher reads a theme's collective statement only once a second peer expert validated it
(session 23). Until then it is the curators' draft, and a draft may quote a narrator who did not
consent to research (session 22 let her read only statements with that consent). The same for
drafts waiting on a validated theme, the curators' log that quotes earlier texts, and the
REFI-QDA export's code descriptions."""

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.exchange import selectors as exchange
from meervoud.knowledge import curation
from meervoud.knowledge.models import Theme
from meervoud.stories.models import Purpose

pytestmark = pytest.mark.django_db

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)
DRAFT = "Zoals een verteller zei: ik durfde mijn post pas te openen toen de buurvrouw meeging."
VALIDATED = "Wie hulp krijgt bij de post, durft weer te kijken naar wat er ligt."
REWRITE = "Samen de post openen maakt de eerste stap klein genoeg."


@pytest.fixture
def people(make_user):
    return {"writer": make_user(Role.NARRATOR, "ed-schrijver"),
            "validator": make_user(Role.NARRATOR, "ed-lezer"),
            "researcher": make_user(Role.RESEARCHER)}


@pytest.fixture
def theme(publish):
    publish.statement("post", "V-1", purposes=RESEARCH)
    return publish.theme("post", validated=False, name="Post openen")


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _theme_page(client, user, theme):
    return _page(client, user, reverse("knowledge:theme", args=[theme.key]))


def _list_page(client, user):
    return _page(client, user, reverse("knowledge:themes"))


def test_a_draft_collective_statement_stays_with_the_curators(client, people, theme):
    curation.write_insight(theme, DRAFT, user=people["writer"])
    page = _theme_page(client, people["researcher"], theme)
    assert DRAFT not in page and "ik durfde mijn post" not in page
    assert 'id="insight-waits"' in page  # she is told there is one, not what it says
    assert "ik durfde mijn post" not in _list_page(client, people["researcher"])
    assert DRAFT in _theme_page(client, people["validator"], theme)
    assert "ik durfde mijn post" in _list_page(client, people["validator"])


def test_a_validated_collective_statement_is_read_by_researchers(client, people, theme):
    curation.write_insight(theme, VALIDATED, user=people["writer"])
    curation.set_validated(Theme.objects.get(pk=theme.pk), True, user=people["validator"])
    page = _theme_page(client, people["researcher"], theme)
    assert VALIDATED in page and 'id="insight-waits"' not in page
    assert "Wie hulp krijgt bij de post" in _list_page(client, people["researcher"])


def test_a_rewrite_waiting_on_a_validated_theme_is_not_shown_to_researchers(client, people, theme):
    curation.write_insight(theme, VALIDATED, user=people["writer"])
    curation.set_validated(Theme.objects.get(pk=theme.pk), True, user=people["validator"])
    curation.write_insight(Theme.objects.get(pk=theme.pk), REWRITE, user=people["writer"])
    curation.rename(Theme.objects.get(pk=theme.pk), "Brieven van instanties", user=people["writer"])
    for page in (_theme_page(client, people["researcher"], theme), _list_page(client, people["researcher"])):
        assert "Wie hulp krijgt bij de post" in page  # the validated text, as the Kennisbank shows
        assert "eerste stap klein genoeg" not in page and "Brieven van instanties" not in page
        assert "nog niet gevalideerd" not in page
    curator = _theme_page(client, people["validator"], theme)
    assert REWRITE in curator and "Brieven van instanties" in curator and 'id="waiting"' in curator


def test_the_curators_log_with_earlier_texts_is_not_shown_to_researchers(client, people, theme):
    curation.write_insight(theme, DRAFT, user=people["writer"])
    curation.write_insight(Theme.objects.get(pk=theme.pk), VALIDATED, user=people["writer"])
    assert DRAFT in _theme_page(client, people["validator"], theme)  # "(was: …)" in the log
    page = _theme_page(client, people["researcher"], theme)
    assert "Wat is er veranderd" not in page and DRAFT not in page


def test_the_research_export_describes_a_theme_only_with_its_validated_statement(people, theme):
    curation.write_insight(theme, DRAFT, user=people["writer"])
    project, _ = exchange.export_data()
    code = next(c for c in project.codes if c.guid == exchange.guid("theme", "post"))
    assert code.description == ""
    curation.write_insight(Theme.objects.get(pk=theme.pk), VALIDATED, user=people["writer"])
    curation.set_validated(Theme.objects.get(pk=theme.pk), True, user=people["validator"])
    project, _ = exchange.export_data()
    code = next(c for c in project.codes if c.guid == exchange.guid("theme", "post"))
    assert code.description == VALIDATED


def _coding_page(client, user):
    return _page(client, user, reverse("knowledge:coding"))


def _code_names() -> set[str]:
    project, _ = exchange.export_data()
    return {code.name for code in project.codes}


def test_a_name_nobody_validated_yet_stays_with_the_curators(client, people, publish):
    """A peer expert's first name for a theme may quote a narrator, as a draft statement may
    (session 24): a researcher reads the analysis's label until a second peer expert validates
    the theme, on the list, its page, the coding page and in the REFI-QDA export."""
    publish.statement("brief", "V-1", purposes=RESEARCH)
    theme = publish.theme("brief", validated=False, label="Brief, schuld")
    curation.rename(theme, "Wat de buurvrouw zei", user=people["writer"])
    researcher = people["researcher"]
    for page in (_theme_page(client, researcher, theme), _list_page(client, researcher),
                 _coding_page(client, researcher)):
        assert "buurvrouw" not in page and "Brief, schuld" in page
    assert "Wat de buurvrouw zei" not in _code_names() and "Brief, schuld" in _code_names()
    assert "Wat de buurvrouw zei" in _theme_page(client, people["validator"], theme)

    curation.set_validated(Theme.objects.get(pk=theme.pk), True, user=people["validator"])
    for page in (_theme_page(client, researcher, theme), _list_page(client, researcher),
                 _coding_page(client, researcher)):
        assert "Wat de buurvrouw zei" in page
    assert "Wat de buurvrouw zei" in _code_names()


def test_an_unvalidated_theme_without_a_label_is_numbered_for_researchers(client, people, publish):
    """Neither a name nobody validated nor a neutral "Thema zonder naam" that cannot be told
    apart: the number, as for a withheld name."""
    publish.statement("leeg", "V-1", purposes=RESEARCH)
    theme = publish.theme("leeg", validated=False, label="")
    curation.rename(theme, "Zoals mijn zus het zei", user=people["writer"])
    for page in (_theme_page(client, people["researcher"], theme), _list_page(client, people["researcher"])):
        assert "mijn zus" not in page and f"Thema zonder naam (nr. {theme.pk})" in page
    assert f"Thema zonder naam (nr. {theme.pk})" in _code_names()


def test_a_sub_theme_name_is_read_once_its_theme_is_validated(client, people, publish):
    """The Kennisbank lists a validated theme's sub-themes by name: from then on a researcher
    reads them too, not before."""
    publish.statement("wonen", "V-1", purposes=RESEARCH)
    parent = publish.theme("wonen", validated=False, label="Huis, huur")
    publish.statement("wonen-sub", "V-2", purposes=RESEARCH)
    sub = publish.theme("wonen-sub", validated=False, label="Huur, achterstand", parent=parent)
    curation.rename(sub, "Wat de verhuurder tegen mij zei", user=people["writer"])
    researcher = people["researcher"]
    for page in (_list_page(client, researcher), _theme_page(client, researcher, parent),
                 _theme_page(client, researcher, sub)):
        assert "verhuurder" not in page and "Huur, achterstand" in page
    assert "Wat de verhuurder tegen mij zei" not in _code_names()

    curation.set_validated(Theme.objects.get(pk=parent.pk), True, user=people["validator"])
    for page in (_list_page(client, researcher), _theme_page(client, researcher, parent),
                 _theme_page(client, researcher, sub)):
        assert "Wat de verhuurder tegen mij zei" in page
    assert "Wat de verhuurder tegen mij zei" in _code_names()


def test_a_name_the_kennisbank_withholds_is_not_shown_to_a_researcher(client, people, publish):
    """A validated theme whose name points to a person (validated before the check knew it) is
    withheld from the Kennisbank; a researcher sees it numbered, in the list, on its page and in
    the REFI-QDA export, and a curator sees the name to correct it."""
    from meervoud.publication.selectors import withheld_themes

    publish.theme("genoemd", name="Wat Marieke de Vries overkwam")
    publish.many("genoemd", 5, purposes=RESEARCH)
    theme = Theme.objects.get(key="genoemd")
    assert "genoemd" in withheld_themes()
    for page in (_theme_page(client, people["researcher"], theme), _list_page(client, people["researcher"])):
        assert "Marieke" not in page and f"Thema zonder naam (nr. {theme.pk})" in page
    project, _ = exchange.export_data()
    assert all("Marieke" not in code.name for code in project.codes)
    assert any(code.name == f"Thema zonder naam (nr. {theme.pk})" for code in project.codes)
    assert "Wat Marieke de Vries overkwam" in _theme_page(client, people["validator"], theme)


def test_a_researchers_list_asks_the_same_number_of_queries_for_three_times_the_themes(
        client, people, publish):
    """The titles and statements a researcher may read are decided per theme from one look-up
    of what the Kennisbank withholds, not one per theme."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client.force_login(people["researcher"])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("knowledge:themes")).status_code == 200
        return len(captured)

    def add(i: int) -> None:
        parent = publish.backed(f"t{i}", 2, name=f"Thema {i}", insight=f"Tekst {i}")
        publish.backed(f"t{i}-sub", 2, validated=False, name=f"Onderwerp {i}", parent=parent)

    for i in range(3):
        add(i)
    few = queries()
    for i in range(3, 9):
        add(i)
    assert queries() == few
