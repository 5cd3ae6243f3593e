"""Session 18: a narrator who took back every consent reads until when her story is kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from meervoud.stories import services
from meervoud.stories.models import Purpose
from tests.links import personal_link

pytestmark = pytest.mark.django_db


def test_the_personal_page_says_until_when_a_story_without_consent_is_kept(client, publish, settings):
    settings.MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS = 30
    story = publish.statement("wachten", "V-bewaren", "Groningen").story
    page = reverse("stories:my_story", args=[personal_link(story.narrator)])
    assert "We bewaren het tot" not in client.get(page).content.decode()

    for purpose in list(story.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)):
        services.withdraw_consent(story, purpose, via="link")
    last = story.consents.latest("withdrawn_at").withdrawn_at
    until = date_format(timezone.localdate(last + timedelta(days=30)), "j F Y")
    assert f"We bewaren het tot {until}." in client.get(page).content.decode()

    services.give_consent(story, Purpose.ANALYSIS, via="link")
    assert "We bewaren het tot" not in client.get(page).content.decode()
