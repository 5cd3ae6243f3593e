"""Database helpers shared by the apps."""

from collections.abc import Iterable, Iterator

# Keeps every IN (...) list well under SQLite's parameter limit (999 before SQLite 3.32, 32,766 since).
IN_LIST_SIZE = 500


def in_chunks(values: Iterable, size: int = IN_LIST_SIZE) -> Iterator[list]:
    """``values``, sorted (so the queries repeat exactly), in lists short enough for one IN (...)."""
    items = sorted(values)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def pending_migrations() -> list[str]:
    """The migrations this version of Meervoud has and the database has not had yet, in the
    order `migrate` would apply them ("stories.0012_…"); empty when it is up to date."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def not_ready() -> str | None:
    """Why this version of Meervoud cannot work on the database yet, or None: an empty database
    (a new install) or one from an earlier version (after an upgrade). Without it every command
    stopped with an English traceback about a missing table or column."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    pending = pending_migrations()
    if not pending:
        return None
    from django.db.migrations.recorder import MigrationRecorder
    from django.db import connection

    if not MigrationRecorder(connection).has_table():
        # said where: a command started in another folder finds an empty ./var of its own
        return _("De database is nog leeg (%(where)s). Draai eerst meervoud migrate (of meervoud "
                 "demo voor een proefopstelling met voorbeelden). Bedoel je een andere database? "
                 "Kijk dan naar MEERVOUD_DATA_DIR of MEERVOUD_DATABASE_URL.") % {"where": _where()}
    # the new version's `meervoud backup` cannot read the old tables: the backup before an
    # upgrade is made with the old version, or is a copy of the database itself
    return ngettext(
        "De database is nog niet bijgewerkt voor deze versie van Meervoud: %(count)d migratie "
        "wacht (%(first)s). Draai meervoud migrate. Zorg dat je eerst een back-up hebt van vóór "
        "deze versie: gemaakt met de vorige versie, of een kopie van het databasebestand "
        "(SQLite) of een pg_dump (PostgreSQL).",
        "De database is nog niet bijgewerkt voor deze versie van Meervoud: %(count)d migraties "
        "wachten (de eerste: %(first)s). Draai meervoud migrate. Zorg dat je eerst een back-up "
        "hebt van vóór deze versie: gemaakt met de vorige versie, of een kopie van het "
        "databasebestand (SQLite) of een pg_dump (PostgreSQL).",
        len(pending)) % {"count": len(pending), "first": pending[0]}


def _where() -> str:
    """The database in words, never with its password."""
    from django.db import connection

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(database["NAME"])
    return f"{connection.vendor} {database['NAME']} @ {database.get('HOST') or 'localhost'}"
