"""A researcher's own coding in a project she sent back, kept as her hand coding of each
statement (``knowledge.ManualCoding``), so the agreement page sets her against other coders and
the engine. Independent of the proposal: agreement measures coders, not what curators accept."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from meervoud.core.db import in_chunks
from meervoud.exchange.compare import OwnCoding
from meervoud.exchange.models import ImportedCoding
from meervoud.knowledge.models import ManualCoding, Statement, Theme
from meervoud.stories.models import Purpose
from meervoud.stories.selectors import with_active_consent


@dataclass
class CodingCount:
    """Statements she coded herself: counted in the agreement, or left out and why."""

    counted: int = 0
    ambiguous: int = 0  # more than one code: the agreement compares one code per statement
    new_code: int = 0  # only a code that is no theme: nobody else can choose it
    gone: int = 0  # its theme was merged or removed since, or the statement is no more
    replaced: int = 0  # her codings from an earlier project, replaced by these

    @property
    def left_out(self) -> int:
        return self.ambiguous + self.new_code + self.gone


def _main_themes(keys: set[str]) -> dict[str, Theme]:
    """Theme key -> the active main theme a code of it counts as (the coding page and the engine
    code main themes only); a theme merged or removed since is left out."""
    found = {}
    for chunk in in_chunks(keys):
        for theme in Theme.objects.filter(key__in=chunk).select_related("parent"):
            main = theme.parent if theme.parent_id else theme
            if theme.active and main.active:
                found[theme.key] = main
    return found


@transaction.atomic
def keep(user, own: dict[str, OwnCoding]) -> CodingCount:
    """Store ``own`` (``compare.own_codings``) as ``user``'s codings, in place of those of her
    previous project. One code per statement per coder: a statement she also coded on the coding
    page gets the code of her project, the newer of the two."""
    count = CodingCount()
    earlier = ManualCoding.objects.filter(coder=user, imported__isnull=False)
    count.replaced = earlier.count()
    earlier.delete()
    themes = _main_themes({key for coding in own.values() for key in coding.themes})
    chosen: dict[str, Theme] = {}
    for key, coding in own.items():
        if len(coding.themes) + len(coding.new_codes) > 1:
            count.ambiguous += 1
        elif coding.new_codes:
            count.new_code += 1
        elif next(iter(coding.themes)) in themes:
            chosen[key] = themes[next(iter(coding.themes))]
        else:
            count.gone += 1
    consented = with_active_consent(Purpose.RESEARCH).values("pk")
    now = timezone.now()
    for chunk in in_chunks(chosen):
        statements = dict(Statement.objects.filter(key__in=chunk, story__in=consented)
                          .values_list("pk", "key"))
        count.gone += len(chunk) - len(statements)
        existing = {coding.statement_id: coding for coding in
                    ManualCoding.objects.filter(coder=user, statement_id__in=statements)}
        for coding in existing.values():
            coding.theme, coding.skipped, coding.at = chosen[statements[coding.statement_id]], False, now
        ManualCoding.objects.bulk_update(existing.values(), ["theme", "skipped", "at"])
        ManualCoding.objects.bulk_create(
            ManualCoding(statement_id=pk, coder=user, theme=chosen[key], at=now)
            for pk, key in statements.items() if pk not in existing)
        ImportedCoding.objects.bulk_create(
            ImportedCoding(coding_id=pk) for pk in ManualCoding.objects.filter(
                coder=user, statement_id__in=statements).values_list("pk", flat=True))
        count.counted += len(statements)
    return count


def forget_story(story_id: int) -> None:
    """Research consent withdrawn: her codes of the story were made on the research export."""
    ManualCoding.objects.filter(imported__isnull=False, statement__story_id=story_id).delete()
