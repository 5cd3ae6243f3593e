import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_normal_page_has_csp_and_security_headers(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.django_db
def test_own_pages_have_no_inline_script_or_style(client, make_user):
    """What our templates render must work under the policy above (login, 2FA, audit log)."""
    client.force_login(make_user("beheerder"))
    for name in ("accounts:otp_setup", "audit:log", "core:home"):
        body = client.get(reverse(name)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), name
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", body), name


PRODUCTION = {
    "MEERVOUD_SECRET_KEY": "k" * 20 + "Zq8!vR2#pL5@xN7$wT4%yB1^mH6&cJ3*fD9(gS0)",
    "MEERVOUD_HTTPS": "1",
    "MEERVOUD_ALLOWED_HOSTS": "example.org",
    "MEERVOUD_DEBUG": "0",
}


def _django(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    # A clean environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which production must not.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "MEERVOUD_"))}
    if "MEERVOUD_DATABASE_URL" in os.environ:
        env["MEERVOUD_DATABASE_URL"] = os.environ["MEERVOUD_DATABASE_URL"]
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="meervoud.conf.settings",
               MEERVOUD_DATA_DIR=str(ROOT / "var"), **extra_env)
    return subprocess.run([sys.executable, "-m", "django", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_deployment_checklist_is_clean_with_production_settings():
    result = _django("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_production_settings_switch_on_hsts_secure_cookies_and_https():
    code = ("from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
            "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)")
    result = _django("shell", "-v", "0", "-c", code)
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "Lax"], result.stderr
    plain = _django("shell", "-v", "0", "-c", code, MEERVOUD_HTTPS="0")
    assert plain.stdout.split()[:4] == ["0", "False", "False", "False"], plain.stderr


@pytest.mark.django_db
def test_hsts_header_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000  # what MEERVOUD_HTTPS=1 sets (test above)
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("core:home"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# Templates of other apps that the policy blocks (inline <style>, style="…", onclick=…). They
# must move to CSS classes / static files; this list may only shrink.
# What remains are documents rendered only by WeasyPrint, and the programme's print page, whose
# screen variant links its style and script as files (the inline <style> is in the PDF branch).
KNOWN_CSP_VIOLATIONS = {
    "plans/templates/plans/export/programme.html",
    "plans/templates/plans/export/plan.html",
    "publication/templates/publication/infographic_print.html",
    "publication/templates/publication/report_print.html",
    "publication/templates/publication/workshop_print.html",
}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=\"|\son(click|change|submit|load|input)=",
                    re.IGNORECASE)


def test_no_new_template_needs_inline_script_or_style():
    package = ROOT / "src" / "meervoud"
    offending = {str(path.relative_to(package)) for path in package.glob("*/templates/**/*.html")
                 if INLINE.search(path.read_text(encoding="utf-8"))}
    assert offending <= KNOWN_CSP_VIOLATIONS, sorted(offending - KNOWN_CSP_VIOLATIONS)


@pytest.mark.django_db
def test_swagger_ui_works_under_the_policy(client):
    """drf-spectacular's split view: the start-up script is a file; only inline styles are
    allowed, on this one page."""
    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    script = re.search(r'<script src="([^"]*script=[^"]*)"', body).group(1).replace("&amp;", "&")
    init = client.get(script)
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()
    home = directives(client.get(reverse("core:home"))["Content-Security-Policy"])
    assert "'unsafe-inline'" not in home["style-src"]
