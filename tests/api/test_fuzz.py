"""Schemathesis against the served schema, in-process (WSGI, no network): for every operation,
anonymously and with a coordinator's token, no server error and no answer that breaks the
schema. Deterministic (derandomize) and small, so it fits in CI.

Each operation is its own pytest case (schemathesis' lazy ``from_fixture`` does not work with
pytest 9), so a failure names the operation and the caller.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from meervoud.conf.wsgi import application

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance]

# The schema view touches no database, so it can be loaded while pytest collects.
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """Django closes "old" connections around every WSGI request; inside a test's transaction
    that would close PostgreSQL's connection (Django's own test client switches this off too)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_is_fuzzed():
    assert len(OPERATIONS) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["anonymous", "coordinator"])
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation(label, caller, request):
    headers = {}
    if caller == "coordinator":
        # With data, so lists answer with real themes, practices, needs and assignments.
        from meervoud.api.tokens import issue_token

        request.getfixturevalue("world")
        user = request.getfixturevalue("users")["coordinator"]
        headers = {"Authorization": f"Token {issue_token(user)[0]}"}

    @given(case=OPERATIONS[label].as_strategy())
    @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
