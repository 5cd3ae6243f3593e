"""A municipality can take back a question it no longer needs answered. Before, only the
learning network could change a question's status, so a question asked by mistake (or made
moot by a council decision) stayed 'open' in every overview and gap list."""

import pytest
from django.urls import reverse

from meervoud.accounts.models import Organisation, OrganisationKind
from meervoud.needs import selectors
from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.places.selectors import find_municipality

from .test_questionnaire import answers

pytestmark = pytest.mark.django_db


def asked(client, officer) -> InformationNeed:
    client.force_login(officer)
    client.post(reverse("needs:ask"), answers())
    return InformationNeed.objects.get()


def test_the_asking_municipality_withdraws_its_question(client, officer):
    need = asked(client, officer)
    url = reverse("needs:detail", args=[need.pk])
    assert "Vraag intrekken" in client.get(url).content.decode()
    page = client.post(url, {"action": "withdraw"}, follow=True).content.decode()
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN and need.status_changed_by == officer
    assert "Uw vraag is ingetrokken" in page and "Vraag intrekken" not in page
    # a withdrawn question no longer counts where municipalities' questions are counted
    overview = selectors.overview()
    assert overview.needs == 0 and overview.municipalities == 0
    assert selectors.need_gaps() == [] and selectors.area_gaps() == []
    # but it can still be found on purpose
    assert [row.need for row in selectors.need_gaps(status=NeedStatus.WITHDRAWN)] == [need]


def test_asking_the_same_question_again_after_withdrawing_is_a_new_question(client, officer):
    need = asked(client, officer)
    client.post(reverse("needs:detail", args=[need.pk]), {"action": "withdraw"})
    client.post(reverse("needs:ask"), answers())
    assert InformationNeed.objects.count() == 2
    assert InformationNeed.objects.filter(status=NeedStatus.OPEN).count() == 1


def test_an_officer_of_another_municipality_cannot_withdraw_it(client, officer, make_user):
    need = asked(client, officer)
    other = make_user("beleid", "beleid-zwolle")
    other.organisation = Organisation.objects.create(
        name="Gemeente Zwolle (test)", kind=OrganisationKind.MUNICIPALITY, municipality=find_municipality("Zwolle"))
    other.save()
    client.force_login(other)
    assert client.post(reverse("needs:detail", args=[need.pk]), {"action": "withdraw"}).status_code == 404
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_an_answered_question_is_not_withdrawn(client, officer, make_user):
    need = asked(client, officer)
    need.status, need.answer_note = NeedStatus.ANSWERED, "Het rapport van maart."
    need.save()
    url = reverse("needs:detail", args=[need.pk])
    assert "Vraag intrekken" not in client.get(url).content.decode()
    page = client.post(url, {"action": "withdraw"}, follow=True).content.decode()
    need.refresh_from_db()
    assert need.status == NeedStatus.ANSWERED
    assert "al beantwoord" in page


def test_the_network_can_open_a_withdrawn_question_again(client, officer, make_user):
    need = asked(client, officer)
    client.post(reverse("needs:detail", args=[need.pk]), {"action": "withdraw"})
    client.force_login(make_user("coordinator"))
    client.post(reverse("needs:detail", args=[need.pk]), {"status": NeedStatus.OPEN, "answer_note": ""})
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_the_questionnaire_addresses_who_fills_it_in(client, officer, make_user):
    """A coordinator asking on a municipality's behalf was told what 'uw gemeente' needs."""
    client.force_login(officer)
    assert "welke kennis uit ervaringen van inwoners uw gemeente nodig heeft" in \
        client.get(reverse("needs:ask")).content.decode()
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("needs:ask")).content.decode()
    assert "uw gemeente" not in page
    assert "de gemeente waarvoor u de vraag stelt" in page
