"""The erasure ledger: what narrators took back, remembered outside the database.

Restoring a backup replaces the whole database, the consent proof included, so a story deleted
or a consent withdrawn after the backup was made would come back, be analysed, counted and
quoted again. This file (``MEERVOUD_ERASURE_LEDGER``, by default ``<MEERVOUD_DATA_DIR>/erasures.jsonl``)
is not part of the database and survives a restore; after every restore the entries are applied
again through the same services (``audit.backup.restore_backup``).

One JSON object a line. The first line names the ledger (a random id, which a backup's manifest
records, so a restore notices a lost or replaced ledger); every other line is one erasure: when,
``delete`` or ``withdraw`` (with the purpose), and the story's id and content hash (SHA-256 of the
de-identified text). Never the text, a title, a place, a pseudonym or a name. A correction of a
story's words (``correct``) is a line too, with the hash before and after (``new``): a deletion or
withdrawal made after it names the corrected story, and must still find the story in a backup made
before it. The corrected words themselves are not in the ledger, so a restore cannot bring them
back: it names the stories that hold their old words again (``Reapplied.uncorrected``).

Write-ahead: a line is appended and fsync'ed inside the transaction that makes the change, before
it commits. If the ledger cannot be written, the change fails and nothing is deleted or withdrawn:
an erasure a restore could undo is not reported as done. A crash half-way through a line leaves a
line without its newline; that change never committed, and the next writer cuts it off.

An entry applies to a story in restored data only if the id, the content hash and the time fit:
the story existed when it was deleted (``created_at`` not later), the consent was given before it
was withdrawn (``given_at`` not later). So the entries that a backup already reflects do nothing,
a consent given again later stays, a story told again (a new story) is not touched, and restoring
the same backup twice gives the same result. Stories or consents the backup does not hold: nothing
to do.
"""

import json
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from meervoud.core.db import in_chunks
from meervoud.stories.models import Purpose

try:
    import fcntl
except ImportError:  # Windows: no locks; one O_APPEND write of one short line is what remains
    fcntl = None

FORMAT = "meervoud-erasures/1"
DELETE = "delete"
WITHDRAW = "withdraw"
CORRECT = "correct"
# The `via` of what a restore applies again (ConsentEvent.via); its entries are in the ledger
# already, so they are not written a second time.
RESTORE = "restore"
_HASH = re.compile(r"[0-9a-f]{64}")


class LedgerError(Exception):
    """The ledger cannot be read or written; the message says why (Dutch, for the command line)."""


@dataclass(frozen=True)
class Entry:
    at: datetime
    action: str
    story: int
    hash: str
    purpose: str = ""
    new: str = ""  # a correction: the hash of the corrected text


@dataclass(frozen=True)
class Ledger:
    id: str | None  # None: there is no ledger file
    entries: tuple[Entry, ...] = ()

    def fingerprint(self) -> dict | None:
        """What a backup's manifest records (see audit.backup)."""
        return None if self.id is None else {"ledger": self.id, "entries": len(self.entries)}


@dataclass
class Reapplied:
    stories: int = 0
    consents: int = 0
    # stories restored with the words they had before a correction: to be corrected again
    uncorrected: list[int] = field(default_factory=list)


def ledger_path() -> Path:
    return Path(settings.MEERVOUD_ERASURE_LEDGER)


# --------------------------------------------------------------------------- writing


def remember_deletion(story, *, via: str) -> None:
    """Call inside the transaction that deletes ``story``, before it commits."""
    if via != RESTORE:
        _append({"at": _now(), "action": DELETE, "story": story.pk, "hash": story.content_hash})


def remember_withdrawal(story, purpose: str, *, via: str) -> None:
    """Call inside the transaction that withdraws ``purpose`` for ``story``, before it commits."""
    if via != RESTORE:
        _append({"at": _now(), "action": WITHDRAW, "story": story.pk, "hash": story.content_hash,
                 "purpose": purpose})


def remember_correction(story, previous_hash: str, *, via: str) -> None:
    """Call inside the transaction that stores ``story``'s corrected words (its ``content_hash``
    already the new one), before it commits."""
    if via != RESTORE and previous_hash != story.content_hash:
        _append({"at": _now(), "action": CORRECT, "story": story.pk, "hash": previous_hash,
                 "new": story.content_hash})


def ensure_ledger() -> Ledger:
    """The ledger, created (with its id, without entries) if there is none yet. A backup calls
    this, so that a later restore can tell a lost ledger from one that was never needed."""
    ledger = read_ledger()
    if ledger.id is None:
        _append(None)
        ledger = read_ledger()
    return ledger


def _now() -> str:
    return timezone.now().isoformat(timespec="microseconds")


def _append(entry: dict | None) -> None:
    path = ledger_path()
    created = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # released when the file is closed
            size = _cut_torn_line(fd, os.fstat(fd).st_size)
            data = b""
            if size == 0:
                created = True
                data += _line({"format": FORMAT, "ledger": uuid.uuid4().hex, "created_at": _now(),
                               "about": "Meervoud: verwijderde verhalen en ingetrokken toestemmingen "
                                        "(id en inhoudshash, geen tekst of namen). Niet bewerken."})
            if entry is not None:
                data += _line(entry)
            while data:
                data = data[os.write(fd, data):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _sync_directory(path.parent)
    except OSError as error:
        raise LedgerError(f"Het register van verwijderingen ({path}) kan niet worden bijgewerkt "
                          f"({error.strerror or error}).") from error


def _line(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=True).encode() + b"\n"


def _cut_torn_line(fd: int, size: int) -> int:
    """A last line without its newline was being written when the process died, before its
    transaction committed: cut it off (under the lock), so the next line starts clean."""
    if size == 0:
        return 0
    os.lseek(fd, size - 1, os.SEEK_SET)
    if os.read(fd, 1) == b"\n":
        return size
    os.lseek(fd, 0, os.SEEK_SET)
    keep = _read_all(fd).rfind(b"\n") + 1
    os.ftruncate(fd, keep)
    return keep


def _sync_directory(directory: Path) -> None:
    try:  # so that the new file's name survives a power cut too
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------- reading


def read_ledger() -> Ledger:
    """The ledger as it is; ``Ledger(None)`` if there is no file. Raises LedgerError if it
    cannot be read or a line is damaged."""
    path = ledger_path()
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return Ledger(None)
    except OSError as error:
        raise LedgerError(f"Het register van verwijderingen ({path}) is niet te lezen "
                          f"({error.strerror or error}).") from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_SH)  # not half a line that is being written
        data = _read_all(fd)
    except OSError as error:
        raise LedgerError(f"Het register van verwijderingen ({path}) is niet te lezen "
                          f"({error.strerror or error}).") from None
    finally:
        os.close(fd)
    return _parse(data, path)


def _parse(data: bytes, path: Path) -> Ledger:
    def damaged(number: int, why: str) -> LedgerError:
        return LedgerError(f"Het register van verwijderingen ({path}) is beschadigd: regel "
                           f"{number} {why}.")

    lines = data.split(b"\n")[:-1]  # what follows the last newline was never committed
    if not lines:
        raise damaged(1, "ontbreekt (het bestand is leeg)")
    try:
        header = json.loads(lines[0])
    except ValueError:
        header = None
    if not (isinstance(header, dict) and header.get("format") == FORMAT
            and isinstance(header.get("ledger"), str) and header["ledger"]):
        raise damaged(1, "is geen kopregel van een Meervoud-register")
    entries = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        entry = _entry(line)
        if entry is None:
            raise damaged(number, "is onleesbaar")
        entries.append(entry)
    return Ledger(header["ledger"], tuple(entries))


def _entry(line: bytes) -> Entry | None:
    try:
        value = json.loads(line)
        at = datetime.fromisoformat(value["at"])
    except (ValueError, TypeError, KeyError):
        return None
    action, story, digest = value.get("action"), value.get("story"), value.get("hash")
    purpose = value.get("purpose", "") if action == WITHDRAW else ""
    new = value.get("new", "") if action == CORRECT else ""
    if (at.tzinfo is None or action not in (DELETE, WITHDRAW, CORRECT)
            or not isinstance(story, int) or isinstance(story, bool) or story < 1
            or not isinstance(digest, str) or not _HASH.fullmatch(digest)
            or (action == WITHDRAW and purpose not in Purpose.values)
            or (action == CORRECT and not (isinstance(new, str) and _HASH.fullmatch(new)))):
        return None
    return Entry(at=at, action=action, story=story, hash=digest, purpose=purpose, new=new)


# --------------------------------------------------------------------------- after a restore


def reapply(ledger: Ledger) -> Reapplied:
    """Delete again the stories and withdraw again the consents that the restored data still
    holds as they were before the narrator took them back (see the module's description). Runs
    the services a narrator's own deletion runs, so themes, quotes, caches and exports follow;
    the consent records it writes (``via="restore"``) and the consents carry the original time."""
    from django.db.models import Max

    from meervoud.stories import services
    from meervoud.stories.models import Consent, ConsentEvent, Story

    present = {}
    for chunk in in_chunks({entry.story for entry in ledger.entries}):
        present.update((pk, (digest, created)) for pk, digest, created in Story.objects.filter(
            pk__in=chunk).values_list("pk", "content_hash", "created_at"))

    # story -> hash after a correction -> the hashes it had before (a backup may hold any of them)
    earlier: dict[int, dict[str, set[str]]] = {}
    latest: dict[int, str] = {}
    for entry in sorted((entry for entry in ledger.entries if entry.action == CORRECT), key=lambda e: e.at):
        versions = earlier.setdefault(entry.story, {})
        versions.setdefault(entry.new, set()).update({entry.hash} | versions.get(entry.hash, set()))
        latest[entry.story] = entry.new

    def story_for(entry: Entry):
        found = present.get(entry.story)
        if found is None or found[1] > entry.at:
            return None
        if found[0] != entry.hash and found[0] not in earlier.get(entry.story, {}).get(entry.hash, ()):
            return None
        return Story.objects.filter(pk=entry.story).first()

    def backdate(after: int, at: datetime) -> None:
        ConsentEvent.objects.filter(pk__gt=after, via=RESTORE).update(at=at)

    def last_event() -> int:
        return ConsentEvent.objects.aggregate(last=Max("id"))["last"] or 0

    done = Reapplied()
    # deletions first: a deleted story's withdrawals (written before its deletion) then find nothing
    for entry in (entry for entry in ledger.entries if entry.action == DELETE):
        story = story_for(entry)
        if story is None:
            continue
        after = last_event()
        services.delete_story(story, via=RESTORE)
        del present[entry.story]
        backdate(after, entry.at)
        done.stories += 1
    for entry in (entry for entry in ledger.entries if entry.action == WITHDRAW):
        story = story_for(entry)
        if story is None:
            continue
        consent = story.consents.filter(purpose=entry.purpose, withdrawn_at__isnull=True,
                                        given_at__lte=entry.at).first()
        if consent is None:
            continue
        after = last_event()
        services.withdraw_consent(story, entry.purpose, via=RESTORE)
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=entry.at)
        backdate(after, entry.at)
        done.consents += 1
    done.uncorrected = sorted(story for story, new in latest.items() if story in present
                              and present[story][0] in earlier[story][new])
    return done
