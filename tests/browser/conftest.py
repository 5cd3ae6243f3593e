import os
import shutil
import tempfile

import pytest

from tests.permissions.conftest import world  # noqa: F401  (the permission table's data, for page sweeps)

# Playwright's sync API runs an event loop in this thread; Django's ORM guard would
# otherwise refuse the test's own database calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MEERVOUD_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("MEERVOUD_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="meervoud-chromium-")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()

