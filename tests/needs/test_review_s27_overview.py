"""Review (session 27) of the overview of what municipalities still need to know, as the policy
officer of a small municipality who asks "Wat helpt jongeren met schulden om hulp te vragen?"
and as the network coordinator who keeps the overview.

Before: the same question from two municipalities stayed two unrelated questions (the second
asker never heard when the first was answered); nothing showed how long a question had waited,
nor sorted on it; the answer was a line after the status, its links not clickable; the gap view
had no per-life-domain summary and no download for the network meeting; news went to an asker
who had left her municipality (whose page she can no longer open) and to nobody else there.
"""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Organisation, OrganisationKind
from meervoud.needs import services
from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import LifeDomain
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

QUESTION = "Wat helpt jongeren met schulden om hulp te vragen?"
ANSWER = "Lees het thema op https://meervoud.example.nl/kennisbank/thema/schulden/ en bel ons."


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MEERVOUD_SITE_URL = "https://meervoud.example.nl"


def text(page: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def officer_of(make_user, town: str, username: str, email: str):
    user = make_user("beleid", username)
    user.email = email
    user.organisation, _ = Organisation.objects.get_or_create(
        name=f"Gemeente {town} (test)", kind=OrganisationKind.MUNICIPALITY,
        municipality=find_municipality(town))
    user.save()
    return user


def ask(town: str, by, *, question=QUESTION, domains=("armoede-schulden",), days_ago=0,
        status=NeedStatus.OPEN) -> InformationNeed:
    need = InformationNeed.objects.create(
        municipality=find_municipality(town), asked_by=by, questions=question,
        formats=["rapport"], contact_name=f"Contact {town}",
        contact_email=f"contact@{town.lower()}.example", status=status,
        created_at=timezone.now() - timedelta(days=days_ago))
    need.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
    return need


@pytest.fixture
def people(make_user):
    coordinator = make_user("coordinator", "coby")
    coordinator.email = "coby@netwerk.example"
    coordinator.save()
    return {
        "coordinator": coordinator,
        "tynaarlo": officer_of(make_user, "Tynaarlo", "tineke", "tineke@tynaarlo.example"),
        "groningen": officer_of(make_user, "Groningen", "gerrit", "gerrit@groningen.example"),
    }


def post(client, user, need, data, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("needs:detail", args=[need.pk]), data, follow=True)
    run_background_tasks()
    need.refresh_from_db()
    return response


def mailed(address: str) -> list[str]:
    return [message.subject for message in mail.outbox if address in message.to]


# ---------------------------------------------------------------- the same question twice


def test_the_coordinator_sees_similar_questions_and_answers_them_together(
        client, people, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first = ask("Groningen", people["groningen"], days_ago=30)
    second = ask("Tynaarlo", people["tynaarlo"],
                 question="Hoe vragen jongeren met schulden eerder om hulp?")
    other_domain = ask("Assen", None, question="Wat helpt bij verslaving?", domains=["verslaving"])
    coordinator = people["coordinator"]
    client.force_login(coordinator)
    page = client.get(reverse("needs:detail", args=[second.pk])).content.decode()
    similar = page.split('id="similar-heading"')[1]
    # the other open question on the same life domain, from another municipality, can be joined
    assert f'value="{first.pk}"' in similar and "Groningen" in similar
    assert f'value="{other_domain.pk}"' not in similar

    response = post(client, coordinator, second, {"action": "join", "into": first.pk}, capture)
    assert second.joined_to == first
    assert "samen beantwoord" in text(response.content.decode())

    mail.outbox.clear()
    post(client, coordinator, first, {"status": NeedStatus.ANSWERED, "answer_note": ANSWER},
         capture)
    second.refresh_from_db()
    assert (first.status, second.status) == (NeedStatus.ANSWERED, NeedStatus.ANSWERED)
    assert second.answer == ANSWER
    # each municipality's asker hears, each of her own question
    assert mailed("gerrit@groningen.example") == ["Meervoud: Uw vraag is beantwoord"]
    assert mailed("tineke@tynaarlo.example") == ["Meervoud: Uw vraag is beantwoord"]
    body = next(m.body for m in mail.outbox if "tineke@tynaarlo.example" in m.to)
    assert reverse("needs:detail", args=[second.pk]) in body

    # Tynaarlo's officer reads the answer on her own question, not Groningen's question or contact
    client.force_login(people["tynaarlo"])
    html = client.get(reverse("needs:detail", args=[second.pk])).content.decode()
    assert "Groningen" in text(html)  # the municipality it is answered together with
    assert QUESTION not in html and "contact@groningen.example" not in html
    answer = html.split('id="answer-heading"')[1]
    assert 'href="https://meervoud.example.nl/kennisbank/thema/schulden/"' in answer
    # the lead's own page lists the questions answered with it, for the coordinator
    client.force_login(coordinator)
    lead = client.get(reverse("needs:detail", args=[first.pk])).content.decode()
    assert reverse("needs:detail", args=[second.pk]) in lead.split('id="joined-heading"')[1]


def test_joining_a_question_already_taken_up_tells_its_asker(
        client, people, django_capture_on_commit_callbacks):
    first = ask("Groningen", people["groningen"], status=NeedStatus.IN_PROGRESS)
    second = ask("Tynaarlo", people["tynaarlo"])
    post(client, people["coordinator"], second, {"action": "join", "into": first.pk},
         django_capture_on_commit_callbacks)
    assert second.status == NeedStatus.IN_PROGRESS
    assert mailed("tineke@tynaarlo.example") == ["Meervoud: Het lerend netwerk werkt aan uw vraag"]


def test_a_joined_question_can_be_taken_apart_again(
        client, people, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first = ask("Groningen", people["groningen"])
    second = ask("Tynaarlo", people["tynaarlo"])
    services.join_need(second, into=first, user=people["coordinator"])
    post(client, people["coordinator"], second, {"action": "unjoin"}, capture)
    assert second.joined_to is None
    post(client, people["coordinator"], first, {"status": NeedStatus.IN_PROGRESS,
                                                "answer_note": ""}, capture)
    second.refresh_from_db()
    assert second.status == NeedStatus.OPEN


def test_joining_into_a_joined_question_joins_its_lead_and_never_itself(people):
    first = ask("Groningen", people["groningen"])
    second = ask("Tynaarlo", people["tynaarlo"])
    third = ask("Assen", None)
    services.join_need(second, into=first, user=people["coordinator"])
    services.join_need(third, into=second, user=people["coordinator"])
    third.refresh_from_db()
    assert third.joined_to == first
    with pytest.raises(services.CannotJoin):
        services.join_need(first, into=first, user=people["coordinator"])
    answered = ask("Zwolle", None, status=NeedStatus.ANSWERED)
    with pytest.raises(services.CannotJoin):
        services.join_need(answered, into=first, user=people["coordinator"])


def test_a_lead_withdrawn_by_its_municipality_leaves_the_others_waiting(
        client, people, django_capture_on_commit_callbacks):
    first = ask("Groningen", people["groningen"], days_ago=10)
    second = ask("Tynaarlo", people["tynaarlo"], days_ago=5)
    third = ask("Assen", None)
    services.join_need(second, into=first, user=people["coordinator"])
    services.join_need(third, into=first, user=people["coordinator"])
    post(client, people["groningen"], first, {"action": "withdraw"},
         django_capture_on_commit_callbacks)
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == NeedStatus.WITHDRAWN and first.joined.count() == 0
    assert (second.status, second.joined_to, third.joined_to) == (NeedStatus.OPEN, None, second)


# ---------------------------------------------------------------- questions that wait


def test_the_list_says_how_long_a_question_waits_and_sorts_the_longest_first(
        client, people):
    old = ask("Groningen", None, question="Een oude vraag die al lang wacht?", days_ago=200)
    new = ask("Tynaarlo", None, question="Een nieuwe vraag van vandaag?", days_ago=1)
    answered = ask("Assen", None, question="Een beantwoorde vraag van lang geleden?",
                   days_ago=400, status=NeedStatus.ANSWERED)
    client.force_login(people["coordinator"])
    page = client.get(reverse("needs:list")).content.decode()
    assert "wacht 200 dagen" in text(page)
    assert "wacht 400 dagen" not in text(page)  # answered: it no longer waits
    longest = client.get(reverse("needs:list"), {"sorteer": "wacht"}).content.decode()
    linked = [int(pk) for pk in re.findall(r'href="/behoeften/(\d+)/"', longest)]
    assert linked == [old.pk, new.pk, answered.pk]
    # the sort stays in the page links, and the form shows it chosen
    assert re.search(r'<option value="wacht" selected', longest)


def test_the_list_filters_on_a_life_domain(client, people):
    debts = ask("Groningen", None)
    ask("Assen", None, question="Wat helpt bij verslaving?", domains=["verslaving"])
    client.force_login(people["coordinator"])
    page = client.get(reverse("needs:list"), {"domein": "armoede-schulden"}).content.decode()
    assert [int(pk) for pk in re.findall(r'href="/behoeften/(\d+)/"', page)] == [debts.pk]


def test_the_gap_view_sorts_on_waiting_longest(client, people):
    old = ask("Groningen", None, days_ago=90)
    new = ask("Assen", None, days_ago=2)
    client.force_login(people["coordinator"])
    page = client.get(reverse("needs:gaps"), {"sorteer": "wacht"}).content.decode()
    needs = page[page.index('id="needs"'):]
    assert needs.index(f'/behoeften/{old.pk}/') < needs.index(f'/behoeften/{new.pk}/')
    assert "wacht 90 dagen" in text(needs)


# ---------------------------------------------------------------- per life domain, and export


@pytest.fixture
def knowledge(publish):
    publish.backed("hulp-zoeken", 12, domains=["verslaving"], name="Hulp zoeken is moeilijk")
    publish.backed("te-klein", 3, domains=["nieuwkomers"], name="Te weinig vertellers")


def test_the_gap_view_names_the_life_domains_asked_about_without_published_themes(
        client, people, knowledge):
    ask("Groningen", None, domains=["verslaving"], days_ago=3)
    ask("Assen", None, domains=["nieuwkomers"], days_ago=40)
    ask("Tynaarlo", None, domains=["nieuwkomers"], days_ago=20)
    client.force_login(people["coordinator"])
    page = client.get(reverse("needs:gaps")).content.decode()
    table = page[page.index('id="domains"'):page.index("</table>", page.index('id="domains"'))]
    rows = {row.split("</th>")[0]: text(row) for row in table.split('<th scope="row">')[1:]}
    newcomers = next(row for name, row in rows.items() if "Nieuwkomers" in name)
    addiction = next(row for name, row in rows.items() if "Verslaving" in name)
    assert "Open onderzoeksvraag" in newcomers and " 2 " in newcomers  # two municipalities
    assert "Te weinig vertellers" not in page  # below k: not even named
    assert "Kennis beschikbaar" in addiction and "Hulp zoeken is moeilijk" in addiction
    # open research questions first
    assert table.index("Nieuwkomers") < table.index("Verslaving")


def test_the_gap_view_downloads_for_the_network_meeting(client, people, knowledge):
    old = ask("Assen", people["groningen"], domains=["nieuwkomers"], days_ago=40)
    ask("Groningen", None, domains=["verslaving"], days_ago=3)
    client.force_login(people["coordinator"])
    page = client.get(reverse("needs:gaps"), {"domein": "nieuwkomers"}).content.decode()
    # the same address with the filters chosen (no new page: the network's gap view, as a file)
    assert '?domein=nieuwkomers&amp;formaat=csv' in page
    response = client.get(reverse("needs:gaps"), {"domein": "nieuwkomers", "formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8-sig")
    assert "contact@" not in content and "gerrit" not in content
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    needs = [row for row in rows if row and row[0] == str(old.pk)]
    assert len(needs) == 1 and "40" in needs[0] and "Open onderzoeksvraag" in needs[0]
    assert not any("verslaving" in ";".join(row).lower() for row in rows)  # filtered
    xlsx = client.get(reverse("needs:gaps"), {"formaat": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # the network's overview, not a municipality's
    client.force_login(people["tynaarlo"])
    assert client.get(reverse("needs:gaps"), {"formaat": "csv"}).status_code == 403


# ---------------------------------------------------------------- the answer


def test_the_answer_has_its_own_place_with_its_date(client, people,
                                                    django_capture_on_commit_callbacks):
    need = ask("Tynaarlo", people["tynaarlo"])
    post(client, people["coordinator"], need, {"status": NeedStatus.ANSWERED,
                                               "answer_note": ANSWER},
         django_capture_on_commit_callbacks)
    client.force_login(people["tynaarlo"])
    html = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    answer = text(html.split('id="answer-heading"')[1].split("</section>")[0])
    assert "Beantwoord op" in answer and str(timezone.localdate().year) in answer
    assert "bel ons" in answer


# ---------------------------------------------------------------- when the asker leaves


def test_news_reaches_a_colleague_when_the_asker_left_her_municipality(
        client, people, make_user, django_capture_on_commit_callbacks):
    tineke = people["tynaarlo"]
    officer_of(make_user, "Tynaarlo", "tom", "tom@tynaarlo.example")
    need = ask("Tynaarlo", tineke)
    # Tineke now works for Groningen: her old municipality's question is no longer hers to read
    tineke.organisation = people["groningen"].organisation
    tineke.save()
    post(client, people["coordinator"], need, {"status": NeedStatus.IN_PROGRESS,
                                               "answer_note": ""},
         django_capture_on_commit_callbacks)
    assert mailed("tineke@tynaarlo.example") == []
    assert mailed("tom@tynaarlo.example") == ["Meervoud: Het lerend netwerk werkt aan uw vraag"]


def test_an_erased_askers_question_stays_with_the_municipality(
        client, people, make_user, django_capture_on_commit_callbacks):
    from meervoud.accounts.services import erase_account

    tineke = people["tynaarlo"]
    colleague = officer_of(make_user, "Tynaarlo", "tom", "tom@tynaarlo.example")
    need = ask("Tynaarlo", tineke)
    need.contact_name, need.contact_email = "", tineke.email
    need.save()
    erase_account(tineke, by=people["coordinator"])
    need.refresh_from_db()
    assert need.asked_by is None and need.municipality.name == "Tynaarlo"
    post(client, people["coordinator"], need, {"status": NeedStatus.ANSWERED,
                                               "answer_note": ANSWER},
         django_capture_on_commit_callbacks)
    assert mailed("tom@tynaarlo.example") == ["Meervoud: Uw vraag is beantwoord"]
    client.force_login(colleague)
    page = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "bel ons" in page and "Vraag intrekken" not in page


def test_the_coordinator_reads_when_nobody_of_the_municipality_hears(
        client, people, django_capture_on_commit_callbacks):
    need = ask("Assen", None)  # filed on paper; nobody in Assen has an account
    response = post(client, people["coordinator"], need,
                    {"status": NeedStatus.IN_PROGRESS, "answer_note": ""},
                    django_capture_on_commit_callbacks)
    assert "Niemand van de gemeente Assen krijgt hier een e-mail over" in text(
        response.content.decode())
    assert mail.outbox == []
