"""The OpenAPI schema generates without warnings; tokens come from a management command."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file",
                 str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/themas/{sleutel}:" in text and "application/problem+json" in text


def token(*args) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_api_token_command(make_user):
    make_user("coordinator")
    first = token("coordinator")
    assert len(first) == 40 and token("coordinator") == first
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.get("/api/v1/kennisbehoeften").status_code == 200
    fresh = token("coordinator", "--reset")
    assert fresh != first
    assert client.get("/api/v1/kennisbehoeften").status_code == 401
    with pytest.raises(CommandError):
        token("niemand")
