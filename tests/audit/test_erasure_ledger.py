"""The erasure ledger: deletions and withdrawals made after a backup survive restoring it.

Every test has its own ledger file (settings override), so nothing here reads or writes the
data directory."""

import gzip
import io
import json
import os
import stat
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meervoud.audit.backup import BackupError, create_backup, restore_backup
from meervoud.audit.models import AuditEvent
from meervoud.knowledge.models import Statement
from meervoud.stories import erasures, services
from meervoud.stories.models import Consent, ConsentEvent, Purpose, Story
from meervoud.stories.selectors import stories_for_analysis, with_active_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(settings, tmp_path):
    path = tmp_path / "data" / "erasures.jsonl"  # the folder does not exist yet
    settings.MEERVOUD_ERASURE_LEDGER = path
    return path


@pytest.fixture
def stories(ledger, publish):
    """Three stories with a statement each in a validated theme, all with analysis and quote consent."""
    return [publish.statement("wachten", f"V-ledger-{n}", share=False).story for n in range(3)]


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def restore(backup, *options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(backup), "--no-migrate", "--force", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def active(story, purpose) -> bool:
    return Consent.objects.filter(story_id=story.pk, purpose=purpose, withdrawn_at__isnull=True).exists()


def test_the_ledger_holds_no_text_no_names_and_only_its_owner_reads_it(stories, ledger):
    story, deleted = stories[0], stories[1]
    deleted_pk, deleted_hash = deleted.pk, deleted.content_hash
    services.withdraw_consent(story, Purpose.QUOTE, via="link")
    services.delete_story(deleted, via="link")

    content = ledger.read_text()
    header, *entries = lines(ledger)
    assert header["format"] == erasures.FORMAT and len(header["ledger"]) == 32
    assert [(e["action"], e.get("purpose")) for e in entries] == [
        ("withdraw", "quote"), ("delete", None), ("withdraw", "analysis"), ("withdraw", "quote")]
    assert {e["story"] for e in entries} == {story.pk, deleted_pk}
    assert entries[1]["hash"] == deleted_hash
    for entry in entries:
        assert set(entry) <= {"at", "action", "story", "hash", "purpose"}
    for secret in (story.text, stories[1].text[:30], "V-ledger", story.municipality.name):
        assert secret not in content
    assert stat.S_IMODE(os.stat(ledger).st_mode) == 0o600


def test_a_deletion_after_the_backup_is_applied_again_through_the_services(stories, ledger, tmp_path):
    pk = stories[0].pk
    backup = tmp_path / "b.gz"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    services.delete_story(stories[0], via="link")
    deleted_at = erasures.read_ledger().entries[0].at

    out, err = restore(backup)

    assert not Story.objects.filter(pk=pk).exists()
    assert not Statement.objects.filter(story_id=pk).exists()  # out of the themes too
    assert set(stories_for_analysis()) == set(stories[1:])
    events = ConsentEvent.objects.filter(story_id_ref=pk, via=erasures.RESTORE)
    assert sorted(events.values_list("purpose", "action")) == [
        (Purpose.ANALYSIS, "withdrawn"), (Purpose.QUOTE, "withdrawn")]
    assert {event.at for event in events} == {deleted_at}  # when the narrator did it
    assert "verhalen opnieuw verwijderd: 1; toestemmingen opnieuw ingetrokken: 0" in out
    assert str(ledger) in out and not err
    assert AuditEvent.objects.filter(action="restore", detail__contains="opnieuw verwijderd: 1").exists()
    assert len(lines(ledger)) == 1 + 3  # re-applying writes nothing new


def test_a_withdrawal_after_the_backup_is_applied_again_with_its_time(stories, ledger, tmp_path):
    story = stories[0]
    create_backup(tmp_path / "b.gz")
    services.withdraw_consent(story, Purpose.QUOTE, via="link")
    withdrawn = Consent.objects.get(story=story, purpose=Purpose.QUOTE).withdrawn_at

    manifest = restore_backup(tmp_path / "b.gz", force=True)

    assert manifest["reapplied"] == {"stories": 0, "consents": 1, "uncorrected": []}
    assert not active(story, Purpose.QUOTE) and active(story, Purpose.ANALYSIS)
    assert story not in with_active_consent(Purpose.QUOTE)
    consent = Consent.objects.get(story=story, purpose=Purpose.QUOTE)
    assert withdrawn - timedelta(seconds=1) < consent.withdrawn_at <= withdrawn
    assert ConsentEvent.objects.filter(story_id_ref=story.pk, purpose=Purpose.QUOTE,
                                       action="withdrawn", via=erasures.RESTORE).count() == 1


def test_the_same_backup_restored_twice_gives_the_same_result(stories, ledger, tmp_path):
    create_backup(tmp_path / "b.gz")
    services.delete_story(stories[0], via="link")
    services.withdraw_consent(stories[1], Purpose.ANALYSIS, via="coordinator")
    length = len(lines(ledger))

    for _time in range(2):
        manifest = restore_backup(tmp_path / "b.gz", force=True)
        assert manifest["reapplied"] == {"stories": 1, "consents": 1, "uncorrected": []}
        assert set(Story.objects.all()) == set(stories[1:])
        assert not active(stories[1], Purpose.ANALYSIS) and active(stories[1], Purpose.QUOTE)
        assert set(stories_for_analysis()) == {stories[2]}
    assert len(lines(ledger)) == length


def test_what_the_backup_already_reflects_or_does_not_hold_is_left_alone(stories, ledger, tmp_path,
                                                                         publish):
    # before the backup: deleted, withdrawn and given again
    services.delete_story(stories[0], via="link")
    services.withdraw_consent(stories[1], Purpose.QUOTE, via="link")
    services.give_consent(stories[1], Purpose.QUOTE, via="link")
    create_backup(tmp_path / "b.gz")
    # after the backup: a story told and deleted again, so not in the backup
    later = publish.statement("wachten", "V-ledger-later", share=False).story
    services.delete_story(later, via="link")

    manifest = restore_backup(tmp_path / "b.gz", force=True)

    assert manifest["reapplied"] == {"stories": 0, "consents": 0, "uncorrected": []}
    assert set(Story.objects.all()) == set(stories[1:])
    assert active(stories[1], Purpose.QUOTE)  # given again after withdrawing: stays


def test_a_story_told_again_with_the_same_words_is_not_touched(stories, ledger_file, tmp_path,
                                                              publish):
    """An entry applies only to the story it was written for: same id, same content hash, and the
    story existed at that moment. A story told again is a new story, even with the same words and
    (ids start again after a restore) the same id as one deleted earlier."""
    story = stories[0]
    earlier = (story.created_at - timedelta(days=1)).isoformat()
    with ledger_file.open("a") as handle:  # an earlier story with this id and these words, deleted
        handle.write(json.dumps({"at": earlier, "action": "delete", "story": story.pk,
                                 "hash": story.content_hash}) + "\n")
        handle.write(json.dumps({"at": earlier, "action": "withdraw", "story": story.pk,
                                 "hash": story.content_hash, "purpose": "analysis"}) + "\n")
    services.delete_story(stories[1], via="link")
    again = publish.statement("wachten", "V-ledger-1", text=stories[1].text, share=False).story
    create_backup(tmp_path / "b.gz")

    manifest = restore_backup(tmp_path / "b.gz", force=True)

    assert manifest["reapplied"] == {"stories": 0, "consents": 0, "uncorrected": []}
    assert set(Story.objects.all()) == {story, again, stories[2]}
    assert again.content_hash == stories[1].content_hash
    assert active(story, Purpose.ANALYSIS) and active(again, Purpose.ANALYSIS)


@pytest.fixture
def ledger_file(ledger):
    # a ledger with its header, as the first backup or erasure makes it
    erasures.ensure_ledger()
    return ledger


def test_a_backup_made_before_the_ledger_existed_still_gets_the_erasures(stories, ledger, tmp_path):
    new = tmp_path / "new.gz"
    create_backup(new)
    with gzip.open(new, "rb") as handle:
        manifest, data = json.loads(handle.readline()), handle.read()
    del manifest["erasures"]  # what a backup of an earlier Meervoud has
    old = tmp_path / "old.gz"
    with gzip.open(old, "wb") as handle:
        handle.write(json.dumps(manifest).encode() + b"\n" + data)
    services.delete_story(stories[0], via="admin")

    out, _err = restore(old)

    assert "verhalen opnieuw verwijderd: 1" in out
    assert set(Story.objects.all()) == set(stories[1:])


def snapshot():
    return (sorted(Story.objects.values_list("pk", flat=True)),
            sorted(Consent.objects.filter(withdrawn_at__isnull=True).values_list("pk", flat=True)))


@pytest.mark.parametrize("problem, message", [
    ("missing", "ontbreekt, terwijl het bij deze back-up wel bestond"),
    ("empty", "is beschadigd: regel 1 ontbreekt"),
    ("damaged", "is beschadigd: regel 3 is onleesbaar"),
    ("replaced", "hoort niet bij deze back-up"),
    ("older", "is ouder dan de back-up"),
    ("unreadable", "is niet te lezen"),
])
def test_a_ledger_that_cannot_be_trusted_stops_the_restore_before_anything_changes(
        stories, ledger, tmp_path, problem, message):
    services.withdraw_consent(stories[2], Purpose.QUOTE, via="link")
    backup = tmp_path / "b.gz"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    services.delete_story(stories[0], via="link")
    content = ledger.read_bytes()
    if problem == "missing":
        ledger.unlink()
    elif problem == "empty":
        ledger.write_bytes(b"")
    elif problem == "damaged":
        first, second, *rest = content.splitlines(keepends=True)
        ledger.write_bytes(first + second + b'{"action": "delete", "story": \n' + b"".join(rest))
    elif problem == "replaced":
        ledger.unlink()
        services.withdraw_consent(stories[1], Purpose.QUOTE, via="link")  # starts a new ledger
    elif problem == "older":  # a copy from before the backup was made
        ledger.write_bytes(content.splitlines(keepends=True)[0])
    else:
        ledger.unlink()
        ledger.mkdir()
    before = snapshot()

    with pytest.raises(CommandError, match=message) as refused:
        restore(backup)

    assert "er is niets veranderd" in str(refused.value)
    assert "--without-erasure-ledger" in str(refused.value)
    assert snapshot() == before
    with pytest.raises(BackupError, match=message):
        restore_backup(backup, force=True)
    assert snapshot() == before


def test_without_the_ledger_only_when_asked_and_with_a_warning(stories, ledger, tmp_path):
    backup, pk = tmp_path / "b.gz", stories[0].pk
    create_backup(backup)
    services.delete_story(stories[0], via="link")
    ledger.unlink()  # lost with the old server's disk

    out, err = restore(backup, "--without-erasure-ledger")

    assert Story.objects.filter(pk=pk).exists()  # what the administrator accepted
    assert "register van verwijderingen is niet gebruikt" in err
    assert "opnieuw" not in out
    assert AuditEvent.objects.filter(action="restore",
                                     detail__contains="zonder register van verwijderingen").exists()


def test_an_erasure_that_cannot_be_remembered_is_not_done(stories, ledger, tmp_path):
    ledger.parent.mkdir()
    ledger.mkdir()  # not a file that can be appended to
    story = stories[0]

    with pytest.raises(erasures.LedgerError, match="kan niet worden bijgewerkt"):
        services.delete_story(story, via="link")
    with pytest.raises(erasures.LedgerError):
        services.withdraw_consent(stories[1], Purpose.QUOTE, via="link")

    assert Story.objects.filter(pk=story.pk).exists() and active(story, Purpose.ANALYSIS)
    assert active(stories[1], Purpose.QUOTE)
    assert not ConsentEvent.objects.filter(action="withdrawn").exists()


def test_a_line_torn_by_a_crash_is_ignored_and_cut_off_by_the_next_erasure(stories, ledger_file):
    with ledger_file.open("ab") as handle:  # the process died half-way; its transaction never committed
        handle.write(b'{"action": "delete", "at": "2030-01-01T00:00:00+00:00", "hash": "ab')
    assert erasures.read_ledger().entries == ()

    services.withdraw_consent(stories[0], Purpose.QUOTE, via="link")

    assert [entry["action"] for entry in lines(ledger_file)[1:]] == ["withdraw"]
    assert len(erasures.read_ledger().entries) == 1


def test_the_backup_records_the_ledger_and_warns_when_it_is_damaged(stories, ledger, tmp_path):
    manifest = create_backup(tmp_path / "a.gz")
    assert manifest["erasures"] == {"ledger": lines(ledger)[0]["ledger"], "entries": 0}
    services.delete_story(stories[0], via="link")
    assert create_backup(tmp_path / "b.gz")["erasures"]["entries"] == 3

    with ledger.open("a") as handle:
        handle.write("geen json\n")
    err = io.StringIO()
    call_command("backup", "-o", str(tmp_path / "c.gz"), stdout=io.StringIO(), stderr=err)
    assert "is beschadigd" in err.getvalue() and "pas terug te zetten" in err.getvalue()
    with gzip.open(tmp_path / "c.gz", "rb") as handle:
        assert json.loads(handle.readline())["erasures"] is None
