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
