"""The language buttons on the pool's profile pages keep what was typed (session 19; the
mechanism is core/typed.py)."""

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.pool.models import ExpertProfile
from tests.pool.builders import expert

pytestmark = pytest.mark.django_db

TYPED = "Anna Ervaringsdeskundige, liever geen avonden"


def test_her_own_profile_keeps_what_she_typed_across_the_language_switch(client, make_user, reference_data):
    profile = expert(make_user, "Anna")
    client.force_login(profile.user)
    switched = client.post(reverse("pool:profile"), {"display_name": TYPED, "interface_language": "en"})
    html = switched.content.decode()
    assert switched.status_code == 200 and '<html lang="en">' in html
    assert TYPED in html and 'id="profile-form"' in html
    assert 'class="errorlist' not in html  # not sent yet, so not judged
    profile.refresh_from_db()
    assert profile.display_name == "Anna (test)"  # nothing saved


def test_the_coordinators_expert_page_keeps_what_she_typed_and_saves_nothing(client, make_user, reference_data):
    profile = expert(make_user, "Bram")
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("pool:expert_edit", args=[profile.pk])
    switched = client.post(url, {"display_name": TYPED, "interface_language": "en"})
    assert switched.status_code == 200 and TYPED in switched.content.decode()
    assert ExpertProfile.objects.get(pk=profile.pk).display_name == "Bram (test)"
