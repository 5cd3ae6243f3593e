"""Saving the status form without changing anything stamped the need again: 'status changed by
X on <today>' then named whoever last pressed Opslaan, hiding who really answered it and when."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.needs.models import NeedStatus

from .test_review_questionnaire import stored_need

pytestmark = pytest.mark.django_db


def test_saving_without_a_change_keeps_who_changed_it_and_when(client, make_user):
    need = stored_need("Groningen", ["armoede-schulden"], status=NeedStatus.ANSWERED)
    first = make_user("coordinator", "eerste")
    then = timezone.now() - timedelta(days=30)
    need.status_changed_by, need.status_changed_at = first, then
    need.save()
    client.force_login(make_user("coordinator", "tweede"))
    page = client.post(reverse("needs:detail", args=[need.pk]),
                       {"status": NeedStatus.ANSWERED, "answer_note": need.answer_note}, follow=True)
    need.refresh_from_db()
    assert need.status_changed_by == first and need.status_changed_at == then
    assert "Er is niets veranderd" in page.content.decode()


def test_a_real_change_is_stamped(client, make_user):
    need = stored_need("Groningen", ["armoede-schulden"])
    second = make_user("coordinator", "tweede")
    client.force_login(second)
    page = client.post(reverse("needs:detail", args=[need.pk]),
                       {"status": NeedStatus.IN_PROGRESS, "answer_note": ""}, follow=True)
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROGRESS and need.status_changed_by == second
    assert "De status is bijgewerkt" in page.content.decode()
