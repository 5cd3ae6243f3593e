"""Numbers in the environment that would quietly do harm are refused when Meervoud starts,
with a Dutch sentence that names the variable and the range: MEERVOUD_AUDIT_RETENTION_DAYS=0
made `meervoud retention` delete the whole audit log, a negative lockout or a granularity of 0
failed much later, and a misspelt MEERVOUD_EMBEDDER only when the first analysis ran."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.core.test_review_setup import load_settings


@pytest.mark.parametrize("variable, value", [
    ("MEERVOUD_AUDIT_RETENTION_DAYS", "0"),
    ("MEERVOUD_AUDIT_RETENTION_DAYS", "-5"),
    ("MEERVOUD_LOGIN_FAILURE_LIMIT", "0"),
    ("MEERVOUD_LOGIN_LOCKOUT_MINUTES", "-1"),
    ("MEERVOUD_GRANULARITY", "0"),
    ("MEERVOUD_KEEP_ORIGINAL_DAYS", "-1"),
    ("MEERVOUD_HSTS_SECONDS", "-1"),
    ("MEERVOUD_EMBEDDER", "nanoe"),
    ("MEERVOUD_EMBEDDER", "st:"),
])
def test_a_harmful_value_stops_start_up_and_says_why(monkeypatch, tmp_path, variable, value):
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY="x" * 60, **{variable: value})
    message = str(error.value)
    assert variable in message and repr(value) in message
    assert "moet" in message


@pytest.mark.parametrize("variable, value, expected", [
    ("MEERVOUD_AUDIT_RETENTION_DAYS", "1", 1),
    ("MEERVOUD_KEEP_ORIGINAL_DAYS", "0", 0),
    ("MEERVOUD_GRANULARITY", "0,5", 0.5),
    ("MEERVOUD_EMBEDDER", "tfidf", "tfidf"),
    ("MEERVOUD_EMBEDDER", "st:intfloat/multilingual-e5-base", "st:intfloat/multilingual-e5-base"),
])
def test_values_at_the_edge_are_taken(monkeypatch, tmp_path, variable, value, expected):
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY="x" * 60, **{variable: value})
    assert loaded[variable] == expected
