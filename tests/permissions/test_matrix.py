"""Who may open which page: every URL of the web app against every role and anonymous.

The table is the permission model written out. Every URL the app has must appear here (the API
has its own table in tests/api/test_permissions.py, and admin pages are staff-only by Django's
own wrapper, checked below), so a new view without a rule fails this suite.
Statuses: 200 shown, 302 sent to log in (or on to the next step), 403 not for this role,
404 hidden (not a member, not published, another municipality's), 405 only takes a POST.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.conftest import ROLES, url_kwargs

pytestmark = pytest.mark.django_db

PUBLIC = (200,) * 6
#                               anon verteller coord beleid onderz beheer
TABLE = {
    "set_language":              (302, 302, 302, 302, 302, 302),  # POST only; GET goes back
    "core:home":                 PUBLIC,
    "core:health":               PUBLIC,
    "core:worker_health":        PUBLIC,
    "core:my_work":              (302, 200, 200, 200, 200, 200),  # "Niets wacht op je." if so
    "accounts:login":            PUBLIC,
    "accounts:logout":           (405,) * 6,
    "accounts:otp_verify":       (302,) * 6,  # only between password and code
    "accounts:otp_setup":        (302, 200, 200, 200, 200, 200),
    "accounts:password_change":  (302, 200, 200, 200, 200, 200),
    "accounts:password_change_done": (302, 200, 200, 200, 200, 200),
    "accounts:my_data":          (302, 200, 200, 200, 200, 200),
    "accounts:settings":         (302, 200, 200, 200, 200, 200),
    "accounts:password_reset":   PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,  # says the link does not work (any token)
    "accounts:password_reset_complete": PUBLIC,
    "stories:intake":            PUBLIC,
    "stories:thanks":            (302,) * 6,  # only right after telling a story
    "stories:new_link":          (302,) * 6,  # only right after making a new link
    "stories:mine":              (302, 200, 403, 403, 403, 200),
    "stories:my_story":          PUBLIC,  # the personal link is the key
    "stories:my_data":           PUBLIC,  # the personal link is the key
    "stories:tell_another":      PUBLIC,  # the personal link is the key
    "stories:my_data_signed_in": (302, 404, 403, 403, 403, 404),  # 404: no story of her own yet
    "stories:list":              (302, 403, 200, 403, 200, 200),
    "stories:import":            (302, 403, 200, 403, 403, 200),
    "stories:detail":            (302, 403, 200, 403, 200, 200),
    "knowledge:themes":          (302, 200, 200, 403, 200, 200),
    "knowledge:analyse":         (302, 403, 405, 403, 403, 405),
    "knowledge:run":             (302, 200, 200, 403, 200, 200),
    "knowledge:coding":          (302, 200, 200, 403, 200, 200),
    "knowledge:agreement":       (302, 200, 200, 403, 200, 200),
    "knowledge:theme":           (302, 200, 200, 403, 200, 200),
    "knowledge:quote_review":    (302, 405, 405, 403, 403, 405),  # the theme page's buttons
    "knowledge:merge_undo":      (302, 405, 405, 403, 403, 405),  # the theme page's button
    "pool:overview":             (302, 403, 200, 403, 403, 200),
    "pool:experts":              (302, 403, 200, 403, 403, 200),
    "pool:expert_edit":          (302, 403, 200, 403, 403, 200),
    "pool:assignments":          (302, 403, 200, 200, 403, 200),
    "pool:assignment_new":       (302, 403, 200, 200, 403, 200),
    "pool:assignment":           (302, 403, 200, 200, 403, 200),
    "pool:assignment_edit":      (302, 403, 200, 200, 403, 200),
    "pool:profile":              (302, 200, 403, 403, 403, 200),
    "pool:profile_delete":       (302, 200, 403, 403, 403, 302),  # beheerder has no profile: to the profile page
    "pool:respond":              (302, 405, 403, 403, 403, 405),
    "publication:themes":        PUBLIC,
    "publication:theme":         PUBLIC,
    "publication:infographic":   PUBLIC,
    "publication:infographic_svg": PUBLIC,
    "publication:infographic_pdf": PUBLIC,
    "publication:report_choice": PUBLIC,
    "publication:report":        PUBLIC,
    "publication:report_pdf":    PUBLIC,
    "publication:report_docx":   PUBLIC,
    "publication:workshop":      PUBLIC,
    "publication:workshop_pdf":  (404,) * 6,  # needs ?gemeente=
    "practices:catalogue":       PUBLIC,
    "practices:propose":         (302, 200, 200, 200, 200, 200),
    "practices:review":          (302, 403, 200, 403, 403, 200),
    "practices:detail":          PUBLIC,
    "practices:edit":            (302, 404, 200, 404, 404, 200),
    "practices:withdraw":        (302,) * 6,  # only the proposer's own proposal
    "practices:change":          (302, 404, 404, 404, 404, 404),  # only the proposer's own
    "practices:take_out":        (302,) * 6,  # only the proposer's own, in the catalogue
    "practices:decide":          (302, 403, 302, 403, 403, 302),  # GET: back to the practice
    "needs:list":                (302, 403, 200, 200, 200, 200),
    "needs:ask":                 (302, 403, 200, 200, 403, 200),
    "needs:overview":            (302, 403, 200, 200, 200, 200),
    "needs:gaps":                (302, 403, 200, 403, 200, 200),
    "needs:detail":              (302, 403, 200, 404, 200, 200),  # another municipality's need
    "plans:list":                (302, 200, 200, 200, 200, 200),
    "plans:create":              (302, 200, 200, 200, 403, 200),
    "plans:templates":           PUBLIC,
    "teaching:module":           PUBLIC,
    "teaching:share":            (302, 200, 200, 200, 200, 200),
    "teaching:mine":             (302, 200, 200, 200, 200, 200),
    "teaching:withdraw":         (302,) * 6,  # not their contribution: back to their list
    "teaching:revise":           (302,) * 6,  # not their contribution: back to their list
    "teaching:moderation":       (302, 403, 200, 403, 403, 200),
    "teaching:file":             (404,) * 6,  # no approved file: nobody gets it
    "exchange:overview":         (302, 403, 200, 403, 200, 200),
    "exchange:export":           (302, 403, 200, 403, 200, 200),
    "exchange:import":           (302, 403, 302, 403, 302, 302),  # POST; GET goes back
    "exchange:proposals":        (302, 200, 200, 403, 403, 200),
    "exchange:proposal":         (302, 200, 200, 403, 403, 200),
    "audit:log":                 (302, 403, 403, 403, 403, 200),
}
# A plan is only for its members (the demo plan: verteller, coordinator, beleid) and administrators.
PLAN_PAGES = ("detail", "edit", "table", "members", "roadmap", "checklists", "docx", "pdf",
              "programme", "session", "programme_print", "programme_pdf",
              "programme_delete", "session_delete", "checklist_delete")  # the question "Weet je zeker …?"
PLAN_POSTS = ("progress", "item", "item_add", "phase", "programme_create", "checklist_rename")
TABLE.update({f"plans:{name}": (302, 200, 200, 200, 404, 200) for name in PLAN_PAGES})
TABLE.update({f"plans:{name}": (302, 405, 405, 405, 404, 405) for name in PLAN_POSTS})
# Deleting the whole plan: its project leads (the demo plan's: the coordinator) and administrators.
TABLE["plans:delete"] = (302, 403, 200, 403, 404, 200)


def url_patterns(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            params = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
            yield ":".join(filter(None, [namespace, pattern.name or ""])), params


def client_for(role):
    from meervoud.accounts.models import User

    client = Client()
    if role != "anoniem":
        client.force_login(User.objects.get(username=role))
    return client


def test_every_url_has_a_rule():
    names = {name for name, _params in url_patterns()}
    unruled = sorted(n for n in names - set(TABLE) if n.split(":")[0] not in ("admin", "api"))
    assert unruled == [], "add these views to TABLE"
    assert set(TABLE) <= names, "TABLE names a URL that no longer exists"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_what_the_table_says(world, role):
    client = client_for(role)
    wrong = {}
    for name, params in url_patterns():
        if name not in TABLE:
            continue
        expected = TABLE[name][ROLES.index(role)]
        status = client.get(reverse(name, kwargs=url_kwargs(name, params, world))).status_code
        if status != expected:
            wrong[name] = (expected, status)
    assert wrong == {}


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_are_for_administrators_only(world, role):
    client = client_for(role)
    for name, params in url_patterns():
        if name.startswith("admin:") and not params and name not in ("admin:login", "admin:logout", "admin:autocomplete"):
            status = client.get(reverse(name)).status_code
            # Everyone but the administrator is sent to the admin login; the administrator gets
            # the page, or a 403 where the model allows no adding (task results).
            assert status == 302 if role != "beheerder" else status in (200, 403), name
