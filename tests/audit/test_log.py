import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from meervoud.audit.models import Action, AppendOnlyError, AuditEvent
from meervoud.audit.services import hash_ip, record


@pytest.fixture
def story(publish):
    return publish.statement("wachtlijsten", "V-audit-1").story


@pytest.mark.django_db
def test_viewing_stories_is_logged_with_role_and_object_but_no_content(client, make_user, story):
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    client.get(reverse("stories:list"), {"gemeente": "GM0014"}, REMOTE_ADDR="192.0.2.17")
    client.get(reverse("stories:detail", args=[story.pk]), REMOTE_ADDR="192.0.2.17")

    views = AuditEvent.objects.filter(action=Action.VIEW).order_by("id")
    listed, detail = views
    assert (listed.object_type, listed.object_id) == ("stories.story", "")
    assert "gemeente=GM0014" in listed.detail
    assert (detail.object_type, detail.object_id) == ("stories.story", str(story.pk))
    assert detail.user_id == coordinator.pk and detail.role == "coordinator"
    assert detail.path == reverse("stories:detail", args=[story.pk])
    for event in views:
        values = " ".join(str(value) for value in event.__dict__.values())
        assert story.text[:30] not in values and "192.0.2.17" not in values
        assert event.ip_hash == hash_ip("192.0.2.17")


@pytest.mark.django_db
def test_refused_requests_are_not_logged_as_views(client, make_user, story):
    client.force_login(make_user("beleid"))
    assert client.get(reverse("stories:detail", args=[story.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


@pytest.mark.django_db
def test_theme_statements_and_pool_experts_are_logged(client, make_user, publish):
    statement = publish.statement("schulden", "V-audit-2")
    client.force_login(make_user("coordinator"))
    assert client.get(reverse("knowledge:theme", args=[statement.theme.key])).status_code == 200
    assert client.get(reverse("pool:experts")).status_code == 200
    logged = set(AuditEvent.objects.filter(action=Action.VIEW).values_list("object_type", "object_id"))
    assert ("knowledge.theme", "schulden") in logged
    assert ("pool.expertprofile", "") in logged


@pytest.mark.django_db
def test_story_import_is_logged_with_count_and_format_only(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.stories.test_import import ROW_A, ROW_B, csv_bytes

    client.force_login(make_user("coordinator"))
    upload = SimpleUploadedFile("Jansen-verhalen.csv", csv_bytes(ROW_A, ROW_B), "text/csv")
    response = client.post(reverse("stories:import"), {"file": upload})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert (event.object_type, event.role) == ("stories.story", "coordinator")
    assert event.detail == "2 verhalen (csv)"  # not the file name, which may hold a name


def test_ip_is_hashed_per_network():
    assert hash_ip("192.0.2.17") == hash_ip("192.0.2.200")  # same /24
    assert hash_ip("192.0.2.17") != hash_ip("198.51.100.17")
    assert hash_ip("2001:db8:1:2::5") == hash_ip("2001:db8:1:ffff::1")  # same /48
    assert len(hash_ip("192.0.2.17")) == 16 and "192" not in hash_ip("192.0.2.17")
    assert hash_ip("not an address") == "" and hash_ip(None) == ""


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_orm(make_user):
    event = record(make_user("onderzoeker"), Action.EXPORT, "stories.story", 7, detail="csv")
    event.detail = "iets anders"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "csv"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_raw_update_and_delete(make_user):
    from django.db.utils import DatabaseError

    event = record(make_user("onderzoeker"), Action.EXPORT, "stories.story", 7)
    for sql in ("UPDATE audit_auditevent SET detail = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


@pytest.mark.django_db
def test_only_retention_purges_old_events(make_user):
    user = make_user("beheerder")
    old = record(user, Action.VIEW, "stories.story", 1)
    new = record(user, Action.VIEW, "stories.story", 2)
    # Back-date one event the way time would: straight in the database.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('meervoud.audit_purge', 'on', true)")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute("UPDATE audit_auditevent SET at = %s WHERE id = %s",
                       [timezone.now() - timezone.timedelta(days=800), old.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    assert AuditEvent.objects.purge_before(timezone.now() - timezone.timedelta(days=730)) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [new.pk]


@pytest.mark.django_db
def test_record_refuses_unknown_actions(make_user):
    with pytest.raises(ValueError):
        record(make_user("beheerder"), "peek", "stories.story", 1)


@pytest.mark.django_db
def test_log_page_is_for_administrators_only_and_filters(client, make_user):
    admin = make_user("beheerder")
    researcher = make_user("onderzoeker")
    record(researcher, Action.EXPORT, "exchange.project", 3, detail="REFI-QDA")
    record(admin, Action.VIEW, "stories.story", 9)

    assert client.get(reverse("audit:log")).status_code == 302
    client.force_login(researcher)
    assert client.get(reverse("audit:log")).status_code == 403
    client.force_login(admin)
    page = client.get(reverse("audit:log"))
    assert page.status_code == 200
    assert 'href="/logboek/"' in page.content.decode()  # the nav link
    filtered = client.get(reverse("audit:log"), {"action": "export"})
    rows = list(filtered.context["page"].object_list)
    assert [(e.username, e.object_type, e.object_id) for e in rows] == [
        ("onderzoeker", "exchange.project", "3")]
    assert "REFI-QDA" in filtered.content.decode()
    by_role = client.get(reverse("audit:log"), {"role": "beheerder", "action": "view",
                                                "object_type": "stories.story"})
    assert [e.object_id for e in by_role.context["page"].object_list] == ["9"]


@pytest.mark.django_db
def test_reading_the_log_is_logged_with_what_was_searched(client, make_user):
    """Who looked at whom: the log holds staff's names and steps, so reading it is an access
    like reading a story list. The page shown does not yet hold its own reading."""
    admin = make_user("beheerder")
    client.force_login(admin)
    page = client.get(reverse("audit:log"), {"username": "coordinator", "action": "export"})
    assert not [e for e in page.context["page"].object_list if e.object_type == "audit.auditevent"]
    read = AuditEvent.objects.get(object_type="audit.auditevent")
    assert (read.username, read.action, read.path) == ("beheerder", "view", "/logboek/")
    assert "username=coordinator" in read.detail and "action=export" in read.detail
    client.get(reverse("audit:log"))
    assert AuditEvent.objects.filter(object_type="audit.auditevent").count() == 2


@pytest.mark.django_db
def test_failed_logins_are_logged_without_the_typed_username_of_unknown_accounts(client, make_user):
    user = make_user("coordinator")
    client.post(reverse("accounts:login"), {"username": "coordinator", "password": "fout"})
    client.post(reverse("accounts:login"), {"username": "mijn-wachtwoord-per-ongeluk", "password": "x"})
    failed = list(AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("id"))
    assert [(e.user_id, e.username) for e in failed] == [(user.pk, "coordinator"), (None, "")]
    assert not AuditEvent.objects.filter(username__contains="per-ongeluk").exists()
    client.post(reverse("accounts:login"), {"username": "coordinator", "password": "geheim-wachtwoord-1"})
    assert AuditEvent.objects.filter(action=Action.LOGIN, user_id=user.pk).exists()


@pytest.mark.django_db
def test_logging_out_is_logged_with_who(client, make_user):
    """A session's end belongs in the log next to its start: who, when, from where."""
    user = make_user("coordinator")
    client.force_login(user)
    client.post(reverse("accounts:logout"))
    event = AuditEvent.objects.get(action=Action.LOGOUT)
    assert (event.user_id, event.username, event.role) == (user.pk, "coordinator", "coordinator")
    # logging out when already logged out logs nothing
    client.post(reverse("accounts:logout"))
    assert AuditEvent.objects.filter(action=Action.LOGOUT).count() == 1


@pytest.mark.django_db
def test_exports_of_non_public_data_are_logged(client, make_user, publish):
    from meervoud.audit.models import AuditEvent
    from meervoud.plans.demo import create_demo_plan
    from meervoud.demo.services import create_demo_accounts
    from meervoud.plans.models import Plan

    create_demo_accounts()
    create_demo_plan()
    publish.many("wachtlijsten", 5)
    coordinator = make_user("coordinator", username="coordinator-2")
    client.force_login(coordinator)
    client.get(reverse("exchange:export"))
    client.get("/api/v1/export/kennisbehoeften.csv")
    client.get("/api/v1/ervaringsdeskundigen")
    client.force_login(Plan.objects.get().memberships.first().user)
    client.get(reverse("plans:pdf", args=[Plan.objects.get().pk]))
    logged = set(AuditEvent.objects.values_list("action", "object_type"))
    assert {("export", "exchange.qdpx"), ("export", "needs.informationneed"),
            ("view", "pool.expertprofile"), ("export", "plans.plan")} <= logged
