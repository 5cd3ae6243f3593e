import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.accounts.permissions import CAPABILITIES, user_can

PROTECTED = ["stories:list", "stories:import"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PROTECTED)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role,name,status", [
    (Role.NARRATOR, "stories:list", 403),
    (Role.POLICY_OFFICER, "stories:list", 403),
    (Role.RESEARCHER, "stories:list", 200),
    (Role.COORDINATOR, "stories:list", 200),
    (Role.RESEARCHER, "stories:import", 403),
    (Role.COORDINATOR, "stories:import", 200),
    (Role.ADMINISTRATOR, "stories:import", 200),
])
def test_role_matrix(client, make_user, role, name, status):
    client.force_login(make_user(role))
    assert client.get(reverse(name)).status_code == status


@pytest.mark.django_db
def test_every_capability_names_real_roles_and_unknown_capability_fails(make_user):
    for roles in CAPABILITIES.values():
        assert roles <= set(Role.values)
    with pytest.raises(KeyError):
        user_can(make_user(Role.COORDINATOR), "stories.fly")


@pytest.mark.django_db
def test_inactive_user_has_no_capability(make_user):
    user = make_user(Role.COORDINATOR)
    user.is_active = False
    assert not user_can(user, "stories.import")
