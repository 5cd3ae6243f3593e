"""A saved date comes back into a browser's date field in both languages (session 19)."""

from datetime import date

import pytest
from django.utils import formats, translation

from meervoud.audit.forms import AuditFilterForm
from meervoud.core.forms import DATE


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_saved_date_is_written_as_the_date_field_takes_it(language):
    with translation.override(language):
        html = DATE.render("start", date(2027, 3, 15))
        assert 'value="2027-03-15"' in html and 'type="date"' in html


@pytest.mark.parametrize("language, typed", [("nl", "15-03-2027"), ("nl", "2027-03-15"), ("en", "15/03/2027")])
def test_dates_typed_the_local_way_are_still_read(language, typed):
    with translation.override(language):
        form = AuditFilterForm({"since": typed})
        form.is_valid()
        assert form.cleaned_data.get("since") == date(2027, 3, 15), form.errors


def test_dutch_pages_still_write_dates_the_dutch_way():
    with translation.override("nl"):
        assert formats.date_format(date(2027, 3, 15)) == "15 maart 2027"
