"""What two nightly commands print: "ouder dan 1 dagen" in the retention overview, and a bare
number from `meervoud purge_originals` that said nothing of what it counted."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _out(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@override_settings(MEERVOUD_AUDIT_RETENTION_DAYS=1)
def test_retention_says_one_day_and_many_days():
    said = _out("retention", dry_run=True)
    assert "ouder dan 1 dag)" in said  # narrators without stories: one day
    assert "Logboekregels ouder dan 1 dag " in said
    assert "dagen" not in said.split("Logboekregels")[1].split("\n")[0]
    assert "1 dagen" not in said


def test_purge_originals_says_what_it_counted():
    assert _out("purge_originals").strip() == "0 originele teksten leeggemaakt."
