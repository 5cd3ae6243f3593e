"""Backup → empty database → restore gives back every row of every model, unchanged."""

import gzip
import hashlib
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from meervoud.audit.backup import included_models
from meervoud.stories.models import Story


def snapshot() -> dict[str, tuple[int, str]]:
    """Per model: row count and a hash of every row's content (natural keys for content types
    and permissions, whose ids may change when the database is rebuilt)."""
    result = {}
    for model in included_models():
        rows = serializers.serialize("python", model._base_manager.order_by("pk"),
                                     use_natural_foreign_keys=True)
        for row in rows:  # many-to-many values come in no guaranteed order
            for name, value in row["fields"].items():
                if isinstance(value, list) and model._meta.get_field(name).many_to_many:
                    row["fields"][name] = sorted(value, key=repr)
        data = json.dumps(rows, sort_keys=True, default=str)
        result[model._meta.label_lower] = (len(rows), hashlib.sha256(data.encode()).hexdigest())
    return result


@pytest.fixture
def everything(db, settings, make_user, publish, client):
    """Some rows in every app: accounts, stories with consents and their events, an analysis
    (themes, statements, runs, cached embeddings), the pool, practices, needs, audit, 2FA, axes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meervoud.audit.services import record
    from meervoud.demo.pool import load_demo_pool
    from meervoud.demo.services import create_demo_accounts, story_records
    from meervoud.knowledge.models import AnalysisRun
    from meervoud.knowledge.services import run_analysis
    from meervoud.needs.models import InformationNeed
    from meervoud.places.selectors import find_municipality
    from meervoud.practices.models import GoodPractice
    from meervoud.stories import services as story_services
    from meervoud.stories.importer import import_records
    from meervoud.stories.models import LifeDomain, Source

    settings.MEERVOUD_EMBEDDER = "tfidf"
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 5  # so original texts and their expiry are kept too
    create_demo_accounts()
    load_demo_pool("geheim-wachtwoord-1")
    records = story_records()[:6] + story_records()[80:86]
    for number, item in enumerate(records, start=1):
        item["__row__"] = number
    assert import_records(records, source=Source.DEMO, is_fictional=True).ok
    run_analysis(AnalysisRun.objects.create(reason="backup test"))
    story = Story.objects.filter(statements__isnull=False).first()
    story_services.withdraw_consent(story, "quote", via="link")
    publish.statement("extra-thema", "V-backup-1", text="Een verhaal met ‘aanhalingstekens’ en é ü ñ 🙂.")
    from meervoud.accounts.models import User

    researcher = User.objects.get(username="onderzoeker")  # a demo account
    TOTPDevice.objects.create(user=researcher, name="Meervoud", confirmed=True)
    record(researcher, "export", "stories.story", story.pk, detail="test")
    client.post("/account/inloggen/", {"username": "onderzoeker", "password": "fout"})
    practice = GoodPractice.objects.create(slug="maatje", title="Maatje", summary="Samen naar het loket.")
    practice.life_domains.set(LifeDomain.objects.all()[:2])
    need = InformationNeed.objects.create(
        municipality=find_municipality("Groningen"), questions="Wat helpt bij schulden?",
        contact_name="Fictief", contact_email="fictief@example.org", formats=["rapport"],
        deadline=timezone.localdate())
    need.life_domains.set(LifeDomain.objects.all()[:1])


@pytest.fixture
def some(db, publish, make_user):
    make_user("coordinator")
    for number in range(3):
        publish.statement("wachtlijsten", f"V-some-{number}")


MUST_HAVE_ROWS = [
    "accounts.user", "accounts.organisation", "stories.narrator", "stories.story",
    "stories.consent", "stories.consentevent", "stories.consenttext", "stories.lifedomain",
    "knowledge.analysisrun", "knowledge.theme", "knowledge.statement", "pool.expertprofile",
    "pool.assignment", "practices.goodpractice", "needs.informationneed", "places.municipality",
    "audit.auditevent", "otp_totp.totpdevice", "axes.accessattempt",
]


@pytest.mark.django_db
def test_backup_flush_restore_loses_nothing(everything, tmp_path):
    before = snapshot()
    empty = [label for label in MUST_HAVE_ROWS if before[label][0] == 0]
    assert not empty, f"the fixture should fill these models too: {empty}"

    target = tmp_path / "meervoud.backup.gz"
    call_command("backup", "-o", str(target))
    before = snapshot()  # with the backup's own audit event, logged once the file is written
    if connection.vendor == "postgresql":  # see restore_backup: TRUNCATE needs no pending checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert Story.objects.count() == 0
    call_command("restore", str(target), "--no-migrate")

    after = snapshot()
    # The backup's own event came after the dump (only a backup that was made is logged), and
    # the restore writes one of its own after loading: as many events; everything else is equal.
    assert after.pop("audit.auditevent")[0] == before.pop("audit.auditevent")[0]
    differing = {label for label in before if before[label] != after.get(label)}
    assert not differing, differing


@pytest.mark.django_db
def test_restore_refuses_a_database_in_use_unless_forced(some, tmp_path):
    target = tmp_path / "b.gz"
    call_command("backup", "-o", str(target))
    count = Story.objects.count()
    Story.objects.filter(pk=Story.objects.first().pk).delete()
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("restore", str(target), "--no-migrate")
    assert Story.objects.count() == count - 1
    call_command("restore", str(target), "--no-migrate", "--force")
    assert Story.objects.count() == count


@pytest.mark.django_db
def test_a_restore_ends_every_login_session(some, tmp_path, client, make_user):
    """The backup holds no sessions; after a restore everyone logs in again, so nobody stays
    logged in to an account as it was before the restore."""
    from django.contrib.sessions.models import Session

    target = tmp_path / "b.gz"
    call_command("backup", "-o", str(target))
    client.force_login(make_user("coordinator", "na-de-back-up"))
    assert Session.objects.exists()
    call_command("restore", str(target), "--no-migrate", "--force")
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_damaged_backup_is_refused_and_changes_nothing(some, tmp_path):
    target = tmp_path / "b.gz"
    call_command("backup", "-o", str(target))
    with gzip.open(target, "rb") as handle:
        manifest, data = handle.readline(), handle.read()
    items = json.loads(data)
    items = [item for item in items if item["model"] != "stories.consentevent"]  # rows went missing
    damaged = tmp_path / "damaged.gz"
    with gzip.open(damaged, "wb") as handle:
        handle.write(manifest + json.dumps(items).encode())
    before = snapshot()
    with pytest.raises(CommandError, match="controlesom"):
        call_command("restore", str(damaged), "--no-migrate", "--force")
    (tmp_path / "not.gz").write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="geen leesbare"):
        call_command("restore", str(tmp_path / "not.gz"), "--no-migrate", "--force")
    assert snapshot() == before


@pytest.mark.django_db
def test_a_backup_with_an_incomplete_description_is_refused_in_dutch(tmp_path):
    """A backup whose first line (the manifest) was edited and lacks its counts is refused with a
    Dutch message before anything happens, not with a KeyError halfway through the restore."""
    from meervoud.audit.backup import FORMAT

    data = b"[]"
    manifest = {"format": FORMAT, "sha256": hashlib.sha256(data).hexdigest()}
    target = tmp_path / "b.gz"
    with gzip.open(target, "wb") as out:
        out.write(json.dumps(manifest).encode() + b"\n" + data)
    with pytest.raises(CommandError, match="onvolledig"):
        call_command("restore", str(target), "--no-migrate", "--force")


@pytest.mark.django_db
def test_a_backup_from_before_hashed_links_restores_and_her_saved_link_still_opens_her_page(
        some, tmp_path, client):
    """A backup made before stories 0009 holds each narrator's link key itself, under the old
    field name. Restoring it must not fail on the renamed field, must keep the links narrators
    saved working, and must store only their digest."""
    from django.urls import reverse

    from meervoud.stories.models import Narrator, link_digest

    target = tmp_path / "b.gz"
    call_command("backup", "-o", str(target))
    with gzip.open(target, "rb") as handle:
        manifest, data = json.loads(handle.readline()), handle.read()
    saved = {}  # as an older Meervoud wrote it: the key, under "token"
    items = json.loads(data)
    for number, item in enumerate(item for item in items if item["model"] == "stories.narrator"):
        del item["fields"]["token_digest"]
        item["fields"]["token"] = saved[item["pk"]] = f"oude-link-{number:02d}-abcdefghijklmnopqrstu"
    data = json.dumps(items).encode()
    manifest["migrations"]["stories"].remove("0009_personal_link_digests")
    manifest["sha256"] = hashlib.sha256(data).hexdigest()
    old = tmp_path / "old.gz"
    with gzip.open(old, "wb") as handle:
        handle.write(json.dumps(manifest).encode() + b"\n" + data)

    call_command("restore", str(old), "--no-migrate", "--force")

    assert saved
    for pk, token in saved.items():
        assert Narrator.objects.get(pk=pk).token_digest == link_digest(token)
        assert not Narrator.objects.filter(token_digest=token).exists()
    pk, token = next(iter(saved.items()))
    assert client.get(reverse("stories:my_story", args=[token])).status_code == 200
