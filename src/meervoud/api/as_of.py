"""Since when published figures are what they are, for many themes at once.

The theme page says "Stand van <date>" and asks readers to cite it with the figures
(``publication.selectors.figures_as_of``). The API and the exports give many themes in one
answer, so the same moments are read here in three queries for all of them; the tests compare
the two for every theme, so they cannot drift apart."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Q

from meervoud.knowledge.models import AnalysisRun, Theme
from meervoud.stories.models import ConsentEvent, Purpose, Source


def figures_as_of_many(pks) -> dict[int, datetime | None]:
    """Per theme pk: the latest of the last finished analysis, the last change of the theme or
    its sub-themes, and the last consent change that moves published counts."""
    pks = set(pks)
    if not pks:
        return {}
    common = [
        AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).aggregate(last=Max("finished_at"))["last"],
        ConsentEvent.objects.filter(Q(purpose=Purpose.ANALYSIS, action=ConsentEvent.Action.WITHDRAWN)
                                    | Q(purpose=Purpose.SHARE) & ~Q(via__in=Source.values))
        .aggregate(last=Max("at"))["last"],
    ]
    changed: dict[int, datetime] = {}
    for pk, parent, updated in Theme.objects.filter(Q(pk__in=pks) | Q(parent_id__in=pks)).values_list(
            "pk", "parent_id", "updated_at"):
        for owner in (pk, parent):
            if owner in pks and (owner not in changed or updated > changed[owner]):
                changed[owner] = updated
    return {pk: max((moment for moment in (*common, changed.get(pk)) if moment is not None), default=None)
            for pk in pks}
