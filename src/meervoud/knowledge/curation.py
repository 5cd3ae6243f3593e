"""What peer experts do to themes: name them, write the collective statement, merge, split,
move statements, validate. Each action is recorded, and every structural change is stored
as a pin on the statements concerned, so the next analysis keeps it."""

import secrets

from django.db import transaction
from django.utils import timezone

from meervoud.knowledge.models import CurationEvent, Statement, Theme


def _log(theme: Theme, user, action: str, **detail) -> None:
    CurationEvent.objects.create(theme=theme, user=user, action=action, detail=detail)


@transaction.atomic
def rename(theme: Theme, name: str, *, user) -> Theme:
    old = theme.title
    theme.name = name.strip()
    theme.curated = True
    theme.save(update_fields=["name", "curated"])
    _log(theme, user, "rename", old=old, new=theme.title)
    return theme


@transaction.atomic
def write_insight(theme: Theme, text: str, *, user) -> Theme:
    theme.insight = text.strip()
    theme.curated = True
    theme.save(update_fields=["insight", "curated"])
    _log(theme, user, "insight")
    return theme


@transaction.atomic
def set_validated(theme: Theme, validated: bool, *, user) -> Theme:
    theme.validated_at = timezone.now() if validated else None
    theme.validated_by = user if validated else None
    theme.curated = True
    theme.save(update_fields=["validated_at", "validated_by", "curated"])
    _log(theme, user, "validate" if validated else "unvalidate")
    return theme


@transaction.atomic
def move_statements(statements, target: Theme, *, user) -> int:
    """Pin statements to a theme; the next analysis keeps them there."""
    keys = [statement.key for statement in statements]
    count = Statement.objects.filter(key__in=keys).update(pinned_theme=target, theme=target)
    target.curated = True
    target.save(update_fields=["curated"])
    _log(target, user, "move", statements=keys)
    return count


@transaction.atomic
def merge(source: Theme, target: Theme, *, user) -> Theme:
    if source.pk == target.pk:
        raise ValueError("A theme cannot be merged into itself")
    statements = list(Statement.objects.filter(theme=source))
    move_statements(statements, target, user=user)
    Statement.objects.filter(pinned_theme=source).update(pinned_theme=target)
    source.active = False
    source.curated = True
    source.save(update_fields=["active", "curated"])
    _log(target, user, "merge", merged=source.key, merged_title=source.title)
    return target


@transaction.atomic
def split(theme: Theme, statements, name: str, *, user) -> Theme:
    """Move the chosen statements into a new theme of their own."""
    statements = list(statements)
    if not statements:
        raise ValueError("Choose at least one statement to split off")
    new = Theme.objects.create(
        key=f"c-{secrets.token_hex(6)}", label=name.strip(), name=name.strip(), curated=True,
        parent=theme.parent,
    )
    move_statements(statements, new, user=user)
    _log(theme, user, "split", new=new.key, statements=[s.key for s in statements])
    return new
