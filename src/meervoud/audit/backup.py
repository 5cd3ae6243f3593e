"""Backup and restore at the Django level, so one file works on SQLite and PostgreSQL alike
(and between them) without depending on pg_dump matching the server's version.

A backup is one gzip file: a first line with the manifest (format, time, migrations, rows per
model and a SHA-256 of the data), then Django's JSON serialisation of every table except what
Django rebuilds itself (content types, permissions) and login sessions. Foreign keys to content
types and permissions are written as natural keys, so ids that differ between databases do not
matter. Restoring empties the same tables and loads the data in one transaction, then checks
the row counts against the manifest; any difference rolls everything back.

A restore replaces the consent proof with the backup's copy. What narrators took back after
the backup was made is kept outside the database, in the erasure ledger (stories.erasures):
after loading, in the same transaction, every story deleted and every consent withdrawn since is
deleted or withdrawn again. A ledger that is missing, damaged, replaced or older than the backup
stops the restore before anything changes (the manifest records the ledger's id and length).

The file holds everything Meervoud holds (de-identified stories, consent proof, the audit log,
account password hashes and two-factor secrets): store it encrypted and as carefully as the
database itself.
"""

import gzip
import hashlib
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from meervoud.stories import erasures

FORMAT = "meervoud-backup/1"
# Django's JSON, with timestamps to the microsecond (see serializer.py).
serializers.register_serializer("mvjson", "meervoud.audit.serializer")
# Rebuilt by `migrate` (content types, permissions) or not worth keeping (sessions: people log in again).
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# A database holding any of these is in use: restoring over it needs --force.
IN_USE = ["accounts.user", "stories.narrator", "stories.story", "audit.auditevent"]


class BackupError(Exception):
    """The backup file cannot be used; the message says why (Dutch, for the command line)."""


def included_models() -> list:
    # A model whose table does not exist (yet) holds no rows to lose.
    existing = set(connection.introspection.table_names())
    return [model for model in apps.get_models()
            if model._meta.label_lower not in EXCLUDED and model._meta.managed
            and not model._meta.proxy and model._meta.db_table in existing]


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def model_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in included_models()}


def create_backup(path: str | Path) -> dict:
    """Write a backup of the whole database to `path`; returns the manifest."""
    labels = sorted(model._meta.label_lower for model in included_models())
    with tempfile.TemporaryDirectory(prefix="meervoud-backup-") as tmp:
        dump = Path(tmp) / "data.mvjson"
        # One transaction, so the rows and the counts come from one moment (PostgreSQL: a
        # repeatable snapshot; SQLite: the write lock keeps writers out meanwhile).
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            call_command("dumpdata", *labels, natural_foreign=True, use_base_manager=True,
                         format="mvjson", output=str(dump), verbosity=0)
            migrations = _migrations()
        data = dump.read_bytes()
    counts = Counter(item["model"] for item in json.loads(data))
    try:  # after the dump: every erasure in the data is in the ledger by then (written ahead)
        ledger = erasures.ensure_ledger().fingerprint()
    except erasures.LedgerError:
        ledger = None  # the backup is still made; restoring it waits until the ledger is repaired
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": migrations,
        "counts": {label: counts.get(label, 0) for label in labels},
        "sha256": hashlib.sha256(data).hexdigest(),
        "erasures": ledger,
    }
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    # password hashes, two-factor secrets, original texts: for the owner's eyes only, whatever
    # the umask (O_CREAT's mode applies only to a new file, so an old partial goes first)
    partial.unlink(missing_ok=True)
    try:
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb") as out:
            out.write(json.dumps(manifest, sort_keys=True).encode() + b"\n")
            out.write(data)
        os.replace(partial, path)  # never leave a half-written file under the real name
    except BaseException:
        partial.unlink(missing_ok=True)  # nor a whole copy of the database under another name
        raise
    return manifest


def read_backup(path: str | Path) -> tuple[dict, bytes]:
    try:
        with gzip.open(path, "rb") as handle:
            first = handle.readline()
            data = handle.read()
        manifest = json.loads(first)
    except (OSError, EOFError, ValueError) as error:
        raise BackupError(f"Dit is geen leesbare Meervoud-back-up ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Dit is geen Meervoud-back-up (onbekend formaat).")
    if not (isinstance(manifest.get("created_at"), str) and isinstance(manifest.get("counts"), dict)
            and isinstance(manifest.get("migrations"), dict)):
        raise BackupError("De back-up is beschadigd: de beschrijving bovenaan is onvolledig.")
    ledger = manifest.get("erasures")  # absent in backups made before the erasure ledger
    if ledger is not None and not (isinstance(ledger, dict) and isinstance(ledger.get("ledger"), str)
                                   and isinstance(ledger.get("entries"), int)):
        raise BackupError("De back-up is beschadigd: de beschrijving bovenaan is onvolledig.")
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        raise BackupError("De back-up is beschadigd: de controlesom klopt niet.")
    return manifest, data


def database_in_use() -> bool:
    for label in IN_USE:
        model = apps.get_model(label)
        if model._base_manager.exists():
            return True
    return False


def _check_migrations(manifest: dict) -> None:
    here = _migrations()
    unknown = sorted(f"{app}.{name}" for app, names in manifest.get("migrations", {}).items()
                     for name in names if name not in here.get(app, []))
    if unknown:
        raise BackupError("De back-up komt van een nieuwere versie van Meervoud (onbekende "
                          "migraties: %s). Werk Meervoud eerst bij." % ", ".join(unknown[:5]))


def erasure_ledger(manifest: dict) -> erasures.Ledger:
    """The erasure ledger to apply after restoring this backup; BackupError if it cannot be
    trusted to hold every erasure made since the backup."""
    path = erasures.ledger_path()
    advice = (" Zonder dat register kunnen verhalen die vertellers na de back-up hebben verwijderd, "
              "en toestemmingen die ze daarna hebben ingetrokken, terugkomen; er is niets veranderd. "
              "Zet de nieuwste kopie van het register terug (MEERVOUD_ERASURE_LEDGER) en probeer het "
              "opnieuw. Alleen als er zeker niets verwijderd of ingetrokken is sinds de back-up: "
              "--without-erasure-ledger.")
    try:
        ledger = erasures.read_ledger()
    except erasures.LedgerError as error:
        raise BackupError(f"{error}{advice}") from None
    known = manifest.get("erasures")
    if ledger.id is None:
        raise BackupError(f"Het register van verwijderingen ({path}) ontbreekt"
                          + (", terwijl het bij deze back-up wel bestond." if known else ".")
                          + advice)
    if known and known["ledger"] != ledger.id:
        raise BackupError(f"Het register van verwijderingen ({path}) hoort niet bij deze back-up: "
                          "het is vervangen, of de back-up komt van een andere installatie." + advice)
    if known and len(ledger.entries) < known["entries"]:
        raise BackupError(f"Het register van verwijderingen ({path}) is ouder dan de back-up: het "
                          f"heeft {len(ledger.entries)} regels, bij de back-up waren het er "
                          f"{known['entries']}." + advice)
    return ledger


def _personal_link_digests(items: list[dict]) -> None:
    # stories 0009: a narrator's link key became its SHA-256 digest (stories.models.link_digest)
    for item in items:
        if item["model"] == "stories.narrator":
            token = item["fields"].pop("token", None)
            item["fields"]["token_digest"] = hashlib.sha256(token.encode()).hexdigest() if token else None


# A backup holds the rows as the models were when it was made: what a migration since renamed
# or rewrote is rewritten the same way before loading, for backups made before that migration.
UPGRADES = {("stories", "0009_personal_link_digests"): _personal_link_digests}


def _upgraded(manifest: dict, data: bytes) -> bytes:
    due = [upgrade for (app, name), upgrade in UPGRADES.items()
           if name not in manifest["migrations"].get(app, [])]
    if not due:
        return data
    items = json.loads(data)
    for upgrade in due:
        upgrade(items)
    return json.dumps(items).encode()


def _tables() -> list[str]:
    tables = []
    for model in included_models():
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.append(field.remote_field.through._meta.db_table)
    return sorted(set(tables))


def restore_backup(path: str | Path, *, force: bool = False, use_erasure_ledger: bool = True) -> dict:
    """Replace the database's contents with the backup, then delete and withdraw again what
    the erasure ledger says narrators took back since; all or nothing. Returns the manifest with
    ``reapplied``: ``{"stories": n, "consents": n}``, or None without the ledger."""
    manifest, data = read_backup(path)
    _check_migrations(manifest)
    if not force and database_in_use():
        raise BackupError("De database is niet leeg (er zijn al accounts, vertellers, verhalen "
                          "of logboekregels). Gebruik --force om alles te vervangen door de back-up.")
    ledger = erasure_ledger(manifest) if use_erasure_ledger else None
    with tempfile.TemporaryDirectory(prefix="meervoud-restore-") as tmp:
        dump = Path(tmp) / "data.mvjson"
        dump.write_bytes(_upgraded(manifest, data))
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # TRUNCATE refuses tables with deferred foreign-key checks still pending (rows
                # written earlier in this transaction): run those checks now, defer them again after.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # sessions are not in the backup and end too: everyone logs in again
            flush = connection.ops.sql_flush(no_style(), _tables() + ["django_session"],
                                             reset_sequences=False, allow_cascade=False)
            connection.ops.execute_sql_flush(flush)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            call_command("loaddata", str(dump), verbosity=0)
            found = model_counts()
            expected = manifest["counts"]
            wrong = {label: (expected.get(label, 0), found.get(label, 0))
                     for label in set(expected) | set(found)
                     if expected.get(label, 0) != found.get(label, 0)}
            if wrong:
                raise BackupError("Na het terugzetten klopt het aantal rijen niet (%s); er is "
                                  "niets veranderd." % ", ".join(
                                      f"{label}: {a} verwacht, {b} gevonden"
                                      for label, (a, b) in sorted(wrong.items())))
            reapplied = erasures.reapply(ledger) if ledger is not None else None
    return {**manifest, "reapplied": None if reapplied is None else
            {"stories": reapplied.stories, "consents": reapplied.consents,
             "uncorrected": reapplied.uncorrected}}
