"""Session 27: the README says a misspelt yes/no setting stops Meervoud. The HTTPS settings were
read only where they applied: `MEERVOUD_HTTPS=misschien` passed on a test machine in debug, and
`MEERVOUD_SSL_REDIRECT`/`MEERVOUD_HSTS_*` whenever HTTPS was off, to fail first in production."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.core.test_review_setup import load_settings

KEY = "k" * 60


@pytest.mark.parametrize("env, variable", [
    ({"MEERVOUD_DEBUG": "1", "MEERVOUD_HTTPS": "misschien"}, "MEERVOUD_HTTPS"),
    ({"MEERVOUD_SECRET_KEY": KEY, "MEERVOUD_HTTPS": "0", "MEERVOUD_SSL_REDIRECT": "misschien"},
     "MEERVOUD_SSL_REDIRECT"),
    ({"MEERVOUD_DEBUG": "1", "MEERVOUD_HSTS_PRELOAD": "wellicht"}, "MEERVOUD_HSTS_PRELOAD"),
    ({"MEERVOUD_SECRET_KEY": KEY, "MEERVOUD_HTTPS": "nee", "MEERVOUD_HSTS_SECONDS": "een jaar"},
     "MEERVOUD_HSTS_SECONDS"),
], ids=["https-in-debug", "redirect-without-https", "preload-in-debug", "hsts-seconds"])
def test_a_misspelt_https_setting_stops_also_where_it_does_not_apply(monkeypatch, tmp_path, env,
                                                                       variable):
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, **env)
    assert variable in str(error.value)


def test_debug_still_switches_https_off(monkeypatch, tmp_path):
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_DEBUG="1", MEERVOUD_HTTPS="1")
    assert loaded["SESSION_COOKIE_SECURE"] is False and "SECURE_HSTS_SECONDS" not in loaded
    production = load_settings(monkeypatch, tmp_path, MEERVOUD_DEBUG=None, MEERVOUD_SECRET_KEY=KEY)
    assert production["SECURE_SSL_REDIRECT"] is True and production["SECURE_HSTS_SECONDS"] > 0
