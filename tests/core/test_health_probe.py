"""A load balancer or container platform probes /gezond/ by IP address, often over plain HTTP.
Django refused such a probe with 400 (Host not in MEERVOUD_ALLOWED_HOSTS) or sent it to https
(301), so a healthy Meervoud looked down. /gezond/ now answers before those checks; every other
page keeps them."""

import pytest


@pytest.fixture
def production_like(settings):
    settings.ALLOWED_HOSTS = ["meervoud.example.nl"]
    settings.SECURE_SSL_REDIRECT = True


@pytest.mark.django_db
def test_a_probe_by_ip_over_http_gets_ok(client, production_like):
    response = client.get("/gezond/", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_other_pages_keep_the_host_check_and_the_https_redirect(client, production_like):
    assert client.get("/kennisbank/", HTTP_HOST="10.0.3.17:8000").status_code == 400
    response = client.get("/kennisbank/", HTTP_HOST="meervoud.example.nl")
    assert response.status_code == 301 and response["Location"].startswith("https://meervoud.example.nl/")
