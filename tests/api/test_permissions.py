"""Every endpoint and method, for every role: the expected status. The table is checked against
the schema, so a new endpoint without a row here fails."""

import pytest

from tests.api import bodies
from tests.api.conftest import ROLES

pytestmark = pytest.mark.django_db

A, V, C, B, O, H = ROLES  # anonymous, verteller, coordinator, beleid, onderzoeker, beheerder

OPEN_READ = {r: 200 for r in ROLES}
ALL = lambda code: {r: code for r in ROLES}  # noqa: E731

# (method, path with {placeholders} filled from the world fixture, body) -> status per role
TABLE = [
    ("get", "/themas", None, OPEN_READ),
    ("get", "/themas/{theme}", None, OPEN_READ),
    ("get", "/themas/{small_theme}", None, ALL(404)),
    ("get", "/themas/{unvalidated_theme}", None, ALL(404)),
    ("post", "/themas", {}, ALL(405)),
    ("post", "/verhalen", bodies.story, {A: 401, V: 403, C: 201, B: 403, O: 403, H: 201}),
    ("get", "/verhalen", None, ALL(405)),
    ("get", "/goede-praktijken", None, OPEN_READ),
    ("post", "/goede-praktijken", bodies.practice,
     {A: 401, V: 201, C: 201, B: 201, O: 201, H: 201}),
    ("get", "/goede-praktijken/{practice}", None, OPEN_READ),
    # A proposal: its proposer (the verteller) and reviewers only.
    ("get", "/goede-praktijken/{proposal}", None, {A: 404, V: 200, C: 200, B: 404, O: 404, H: 200}),
    ("delete", "/goede-praktijken/{practice}", None, ALL(405)),
    ("get", "/kennisbehoeften", None, {A: 401, V: 403, C: 200, B: 200, O: 200, H: 200}),
    ("post", "/kennisbehoeften", bodies.need, {A: 401, V: 403, C: 201, B: 201, O: 403, H: 201}),
    ("get", "/kennisbehoeften/{need}", None, {A: 401, V: 403, C: 200, B: 200, O: 200, H: 200}),
    # A need of another municipality: not for the officer of Groningen.
    ("get", "/kennisbehoeften/{other_need}", None,
     {A: 401, V: 403, C: 200, B: 404, O: 200, H: 200}),
    ("get", "/ervaringsdeskundigen", None, {A: 401, V: 403, C: 200, B: 403, O: 403, H: 200}),
    ("get", "/ervaringsdeskundigen/{expert}", None,
     {A: 401, V: 403, C: 200, B: 403, O: 403, H: 200}),
    ("get", "/opdrachten", None, {A: 401, V: 200, C: 200, B: 200, O: 403, H: 200}),
    ("post", "/opdrachten", bodies.assignment, {A: 401, V: 403, C: 201, B: 201, O: 403, H: 201}),
    ("get", "/opdrachten/{assignment}", None, {A: 401, V: 404, C: 200, B: 200, O: 403, H: 200}),
    ("get", "/opdrachten/{other_assignment}", None,
     {A: 401, V: 404, C: 200, B: 404, O: 403, H: 200}),
    # Change and cancel: the organisation that asked, and coordinators.
    ("put", "/opdrachten/{assignment}", bodies.assignment,
     {A: 401, V: 403, C: 200, B: 200, O: 403, H: 200}),
    ("put", "/opdrachten/{other_assignment}", bodies.assignment,
     {A: 401, V: 403, C: 200, B: 404, O: 403, H: 200}),
    ("post", "/opdrachten/{assignment}/annuleren", dict,
     {A: 401, V: 403, C: 200, B: 200, O: 403, H: 200}),
    ("post", "/opdrachten/{other_assignment}/annuleren", dict,
     {A: 401, V: 403, C: 200, B: 404, O: 403, H: 200}),
    ("get", "/export/themas.csv", None, OPEN_READ),
    ("get", "/export/themas.xlsx", None, OPEN_READ),
    ("get", "/export/goede-praktijken.csv", None, OPEN_READ),
    ("get", "/export/goede-praktijken.xlsx", None, OPEN_READ),
    ("get", "/export/kennisbehoeften.csv", None, {A: 401, V: 403, C: 200, B: 200, O: 200, H: 200}),
    ("get", "/export/kennisbehoeften.xlsx", None, {A: 401, V: 403, C: 200, B: 200, O: 200, H: 200}),
    ("get", "/bestaat-niet", None, ALL(404)),
]
CASES = [(method, path, body, role, statuses[role])
         for method, path, body, statuses in TABLE for role in ROLES]


@pytest.mark.parametrize("method,path,body,role,expected", CASES,
                         ids=[f"{m.upper()} {p} {r}" for m, p, _b, r, _e in CASES])
def test_status_per_role(api, world, method, path, body, role, expected):
    url = "/api/v1" + path.format(**world)
    kwargs = {"format": "json"} if body is not None else {}
    data = body() if callable(body) else body
    response = getattr(api(role), method)(url, data, **kwargs) if body is not None else \
        getattr(api(role), method)(url)
    assert response.status_code == expected, response.content[:500]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == expected
    assert response["API-Version"] == "1.0.0"


def _template(path: str) -> str:
    """"/themas/{theme}" and the schema's "/api/v1/themas/{sleutel}" both become "/themas/{}"."""
    import re

    return re.sub(r"\{[^}]+\}", "{}", path.removeprefix("/api/v1"))


def test_every_operation_of_the_schema_has_a_row():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {(method, _template(path)) for path, item in schema["paths"].items()
                  for method in item}
    covered = {(method, _template(path)) for method, path, _b, statuses in TABLE
               if set(statuses) == set(ROLES)}
    assert operations - covered == set()
