import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_when_the_database_does(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
