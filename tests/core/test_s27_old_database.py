"""Every Meervoud command on a database this version cannot use yet: an empty one (a new
install before `meervoud migrate`) or one of an earlier version (after an upgrade). Only
`meervoud serve` said so (session 26); `bundle`, `match`, `taken`, `check_published`, `api_token`
and the others stopped with an English traceback about a missing table, and `retention` reported
every rule as failed and then "De andere regels wel"."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.core.test_review_setup import production_env


@pytest.mark.parametrize("command", [["bundle"], ["taken"], ["retention", "--dry-run"],
                                     ["check_published"]])
def test_a_command_on_an_empty_database_says_to_migrate(tmp_path, command):
    env = production_env(tmp_path, MEERVOUD_HTTPS="0")
    env.pop("MEERVOUD_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "meervoud", *command], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "OperationalError" not in done.stderr
    assert "De database is nog leeg" in done.stderr and "meervoud migrate" in done.stderr
    assert "De andere regels wel" not in done.stdout + done.stderr


BEFORE = [("pool", "0009_dutch_labels")]


@pytest.mark.django_db(transaction=True)
def test_after_an_upgrade_commands_name_the_waiting_migration_and_the_backup_to_have(tmp_path):
    """The database of the version before: `pool.0010` (a new column) has not run. The new
    version's `meervoud backup` cannot read the old table either, so the message must not send
    her to it: a backup from before the upgrade is made with the old version or is a copy of
    the database itself."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        for command, options in [("match", {}), ("bundle", {}),
                                 ("backup", {"output": str(tmp_path / "b.gz")})]:
            with pytest.raises(CommandError) as refused:
                call_command(command, **options)
            message = str(refused.value)
            assert "pool.0010_proposal_joins_on" in message, command
            assert "meervoud migrate" in message and "pg_dump" in message
            assert "1 migratie wacht" in message
        assert not (tmp_path / "b.gz").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    call_command("match")  # migrated: the same command runs again


def test_the_empty_database_is_named_so_a_command_started_elsewhere_is_understood(tmp_path):
    """Started in another folder, the default ./var is a new, empty database: the message says
    which file it looked at and which settings choose it."""
    env = production_env(tmp_path / "elders", MEERVOUD_HTTPS="0")
    env.pop("MEERVOUD_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "meervoud", "taken"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert str(tmp_path / "elders" / "meervoud.sqlite3") in done.stderr
    assert "MEERVOUD_DATA_DIR" in done.stderr
