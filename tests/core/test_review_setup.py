"""The newcomer's path and the configuration (a review): what someone following the README, or an
operator deploying Meervoud for a municipality, runs into. Each test fails on the code as it was
reviewed and names the bug in its docstring."""

import os
import runpy
import secrets
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "src" / "meervoud" / "conf" / "settings.py"
MEERVOUD_VARS = [name for name in os.environ if name.startswith("MEERVOUD_")]

# words a Dutch error message will hold; none of them is English
DUTCH = ("niet", "ontbreekt", "moet", "minstens", "tussen", "stel", "zet ")
ENGLISH = (" is not set", " must be ", "set it to", "between", "at least")


def load_settings(monkeypatch, tmp_path, **env) -> dict:
    """Run conf/settings.py afresh with exactly these MEERVOUD_* variables (others removed)."""
    for name in MEERVOUD_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MEERVOUD_DATA_DIR", str(tmp_path / "data"))
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def production_env(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEERVOUD_")}
    env |= {"MEERVOUD_DATA_DIR": str(data_dir), "MEERVOUD_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SETTINGS_MODULE": "meervoud.conf.settings", "PYTHONWARNINGS": "ignore"}
    return env | extra


# ---------------------------------------------------------------- settings from the environment

@pytest.mark.parametrize("env, variable", [
    ({"MEERVOUD_SECRET_KEY": None, "MEERVOUD_DEBUG": None}, "MEERVOUD_SECRET_KEY"),
    ({"MEERVOUD_SECRET_KEY": "x" * 60, "MEERVOUD_MIN_NARRATORS": "1"}, "MEERVOUD_MIN_NARRATORS"),
    ({"MEERVOUD_SECRET_KEY": "x" * 60, "MEERVOUD_API_TOKEN_DAYS": "0"}, "MEERVOUD_API_TOKEN_DAYS"),
], ids=["secret-key-missing", "k-below-2", "token-days-0"])
def test_configuration_errors_are_in_dutch(monkeypatch, tmp_path, env, variable):
    """An operator who starts `meervoud migrate` without MEERVOUD_SECRET_KEY (or with k = 1, or
    API keys valid 0 days) gets an English sentence ("MEERVOUD_SECRET_KEY is not set. Set it to
    a long random string ...") in a Dutch application whose every other message is Dutch."""
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, **env)
    message = str(error.value)
    assert variable in message
    assert not any(word in message for word in ENGLISH), message
    assert any(word in message.lower() for word in DUTCH), message


@pytest.mark.parametrize("variable, value", [
    ("MEERVOUD_MIN_NARRATORS", "vijf"),
    ("MEERVOUD_AUDIT_RETENTION_DAYS", "2 jaar"),
    ("MEERVOUD_GRANULARITY", "1,5"),
])
def test_a_non_numeric_setting_is_named_in_a_clear_error(monkeypatch, tmp_path, variable, value):
    """A Dutch operator writes MEERVOUD_GRANULARITY=1,5 (decimal comma) or a typo in a number:
    every `meervoud` command then dies with a bare ValueError traceback ("could not convert
    string to float: '1,5'") that does not say which variable is wrong. Expected: an
    ImproperlyConfigured naming the variable (or, for the decimal comma, simply 1.5)."""
    try:
        loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY="x" * 60, **{variable: value})
    except ImproperlyConfigured as error:
        assert variable in str(error)
    else:
        assert variable == "MEERVOUD_GRANULARITY" and loaded[variable] == 1.5


@pytest.mark.parametrize("variable", ["MEERVOUD_DATABASE_URL", "MEERVOUD_DATA_DIR"])
def test_an_empty_variable_means_the_documented_default(monkeypatch, tmp_path, variable):
    """Environment files (systemd EnvironmentFile, docker --env-file, .env templates) often hold
    `MEERVOUD_DATABASE_URL=` for "not used". Meervoud then crashes with dj_database_url's
    "Scheme '://' is unknown" instead of using the documented SQLite default, and an empty
    MEERVOUD_DATA_DIR puts the database, static files and uploads straight into the working
    directory instead of ./var."""
    monkeypatch.chdir(tmp_path)
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY="x" * 60, **{variable: ""})
    data_dir = tmp_path / "var" if variable == "MEERVOUD_DATA_DIR" else tmp_path / "data"
    assert loaded["DATA_DIR"] == data_dir
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(loaded["DATABASES"]["default"]["NAME"]) == data_dir / "meervoud.sqlite3"


# ---------------------------------------------------------------- the production set-up

def test_personal_links_are_not_written_to_the_log(tmp_path):
    """The README: "It writes no access log on purpose: request paths hold narrators' personal
    links." Yet the production LOGGING sends Django's request warnings to stderr (journald),
    path included: a narrator whose form post fails the CSRF check, or who opens a link that no
    longer works, leaves "Forbidden (CSRF cookie not set.): /mijn-verhaal/<token>/" in the log."""
    token = "Geheim" + secrets.token_urlsafe(18)
    script = textwrap.dedent(f"""
        import django
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        from django.test import Client
        client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
        print(client.post("/mijn-verhaal/{token}/", {{"action": "delete", "confirm": "on", "story": "1"}}).status_code)
        print(client.get("/mijn-verhaal/{token}/").status_code)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env=production_env(tmp_path, MEERVOUD_HTTPS="0"), cwd=tmp_path)
    assert result.stdout.split() == ["403", "404"], result.stderr[-2000:]
    assert token not in result.stderr


def test_one_person_cannot_lock_an_account_for_everyone_behind_the_proxy(tmp_path):
    """The README's production set-up puts a reverse proxy in front that passes everything to
    127.0.0.1:8000 (MEERVOUD_BEHIND_PROXY=1). Login throttling counts per username and
    REMOTE_ADDR, which is then 127.0.0.1 for every visitor: anyone who types a wrong password
    five times for "beheerder" locks the real administrator out too, for 15 minutes, again and
    again. The AXES_IPWARE_* advice in docs/security.md cannot help: django-ipware is not
    installed, so axes ignores those settings (settings.py sets one for nothing), and gunicorn
    does not take REMOTE_ADDR from the proxy's X-Forwarded-For."""
    script = textwrap.dedent("""
        import django
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        from django.test import Client
        from meervoud.accounts.models import Role, User
        User.objects.create_user(username="beheerder", password="juist-wachtwoord-1", role=Role.ADMINISTRATOR)

        def attempt(client_address, password):
            client = Client(HTTP_HOST="meervoud.example.nl", HTTP_X_FORWARDED_PROTO="https",
                            REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address)
            return client.post("/account/inloggen/", {"username": "beheerder", "password": password}).status_code

        for _ in range(6):
            attempt("203.0.113.66", "fout")
        print(attempt("198.51.100.7", "juist-wachtwoord-1"))
    """)
    env = production_env(tmp_path, MEERVOUD_BEHIND_PROXY="1", MEERVOUD_ALLOWED_HOSTS="meervoud.example.nl",
                         MEERVOUD_CSRF_TRUSTED_ORIGINS="https://meervoud.example.nl")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == "302", "the administrator, from another address, is locked out"


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["404", "403"])
def test_error_pages_are_dutch(client, make_user, case):
    """With debug off (production), a mistyped or expired personal link /mijn-verhaal/…/ shows
    Django's bare English page "Not Found – The requested resource was not found on this
    server", and a logged-in narrator opening a coordinator's page gets "403 Forbidden": there
    is a Dutch 500.html and 503.html, but no 404.html or 403.html."""
    if case == "404":
        response = client.get("/mijn-verhaal/bestaat-niet/")
    else:
        client.force_login(make_user("verteller"))
        response = client.get(reverse("stories:list"))
    assert response.status_code == int(case)
    html = response.content.decode()
    assert 'lang="nl"' in html
    assert "Not Found" not in html and "Forbidden" not in html


@pytest.mark.django_db
def test_knowledge_base_says_it_shows_fictional_stories(client, publish):
    """README: "All demo stories are fictional ... and marked so in the data and on every screen
    that shows them." After `bin/demo` the public theme page quotes the demo stories as "Een
    verteller in gemeente Groningen" with no word that they are made up (the infographic and
    report do say "Demo: gemaakt met fictieve verhalen")."""
    from meervoud.stories.models import Story

    publish.statement("wachtlijsten", "a", text="Ik stond twee jaar op de wachtlijst en niemand belde terug.")
    publish.many("wachtlijsten", 4)
    Story.objects.update(is_fictional=True)
    html = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert "niemand belde terug" in html
    assert "fictie" in html.lower() or "verzonnen" in html.lower()


# ---------------------------------------------------------------- the command line and bin/

def test_meervoud_help_lists_every_command_of_the_readme(tmp_path):
    """README: `meervoud deidentify` and `meervoud evaluate` are commands of `meervoud`. But
    `meervoud --help` does not list them, and `meervoud help deidentify` answers
    "Unknown command: 'deidentify'"."""
    env = production_env(tmp_path, MEERVOUD_DEBUG="1")
    meervoud = [sys.executable, "-m", "meervoud"]
    listing = subprocess.run([*meervoud, "--help"], capture_output=True, text=True, env=env, cwd=tmp_path,
                             timeout=120)
    assert "deidentify" in listing.stdout and "evaluate" in listing.stdout
    one = subprocess.run([*meervoud, "help", "deidentify"], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=120)
    assert one.returncode == 0 and "Unknown command" not in one.stdout + one.stderr


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="bin/_venv needs coreutils")
def test_an_interrupted_first_run_recovers_its_virtual_environment(tmp_path):
    """A newcomer presses Ctrl+C during the first `bin/demo` while `python3 -m venv .venv` is
    still installing pip (it takes a few seconds). .venv/bin/python exists by then, so every
    later `bin/demo` and `bin/test` skips creating the venv and stops at once with
    ".venv/bin/python: No module named pip"; only `rm -rf .venv` helps, and nothing says so."""
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bin" / "_venv", tmp_path / "bin" / "_venv")
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "klein"\nversion = "0"\n[tool.setuptools]\npy-modules = []\n')
    base_python = getattr(sys, "_base_executable", sys.executable)
    # what the interrupted run leaves: the interpreter is there, pip is not
    subprocess.run([base_python, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["MEERVOUD_PYTHON"] = base_python
    result = subprocess.run(["bash", str(tmp_path / "bin" / "_venv"), ""], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr[-1500:]
