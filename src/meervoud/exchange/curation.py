"""Two curation steps the knowledge app has no function for yet, built the same way as
``meervoud.knowledge.curation`` (recorded as a CurationEvent, pins where the model has them).

- A new theme from a researcher's code: ``knowledge.curation.split`` needs a theme to split
  from, but a researcher's new code may gather statements from several themes or none.
- Taking a statement out of its theme: the model has no pin for "no theme", so the next analysis
  may put it back in a theme. The event is recorded so curators can see it happened.
"""

import secrets

from django.db import transaction

from meervoud.knowledge import curation
from meervoud.knowledge.models import CurationEvent, Statement, Theme
from meervoud.knowledge.services import refresh_evidence


@transaction.atomic
def create_theme(name: str, statements, *, user, insight: str = "", origin: str = "") -> Theme:
    statements = list(statements)
    if not statements:
        raise ValueError("A new theme needs at least one statement")
    # the name is people's words, as a rename from the same proposal is (curation.rename): it
    # waits for someone other than who took it in, and is no engine label
    theme = Theme.objects.create(key=f"c-{secrets.token_hex(6)}", label="", name=name.strip(),
                                 name_written_by=user, curated=True)
    curation.move_statements(statements, theme, user=user)
    if insight.strip():
        curation.write_insight(theme, insight, user=user)
    CurationEvent.objects.create(theme=theme, user=user, action="import",
                                 detail={"statements": [s.key for s in statements], "origin": origin})
    return theme


@transaction.atomic
def remove_from_theme(statement: Statement, theme: Theme, *, user) -> bool:
    subtheme = Statement.objects.filter(pk=statement.pk).values_list("subtheme_id", flat=True).first()
    updated = Statement.objects.filter(pk=statement.pk, theme=theme).update(
        theme=None, subtheme=None, pinned_theme=None)
    if updated:
        theme.curated = True
        theme.save(update_fields=["curated"])
        refresh_evidence({theme.pk, subtheme} - {None})
        CurationEvent.objects.create(theme=theme, user=user, action="remove",
                                     detail={"statements": [statement.key]})
    return bool(updated)
