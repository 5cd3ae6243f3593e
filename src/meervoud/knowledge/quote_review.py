"""Quotes a peer expert has read. A narrator who allows quoting is promised that nobody picks a
sentence by which she could be recognised; the de-identifier finds most names, not all, and
never the rare event only she lived through. So a sentence is published as a quote only after a
peer expert read it and approved it, and only as long as its text is the one she read.

The order in which quotes are offered for review is the order in which the publication picks
them (``quote_rank``), so the first sentences read are the ones readers would see."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from meervoud.core.text import xml_safe
from meervoud.knowledge.identifying import identifying
from meervoud.knowledge.models import CurationEvent, QuoteReview, Statement, Theme
from meervoud.publication.disclosure import readable_tags
from meervoud.publication.withheld import quote_names_someone
from meervoud.stories.models import Purpose
from meervoud.stories.selectors import with_active_consent

# a quote says something on its own and still reads as one sentence or two
QUOTE_CHARS = (40, 400)
# quotes a published theme shows, one per narrator
QUOTES_PER_THEME = 5
# one sentence per narrator at a time; more than a page offers is more than anyone reads at once
TO_REVIEW = 10


def approved() -> Q:
    """Statements a peer expert approved as a quote, in the text she read (for a Statement query)."""
    return Q(quote_review__decision=QuoteReview.Decision.APPROVED,
             quote_review__content_hash=F("content_hash"))


def quotable(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """Those of ``statements`` that could be quoted at all: the narrator allows it now, and the
    length fits."""
    return statements.annotate(quote_length=Length("text")).filter(
        story__in=with_active_consent(Purpose.QUOTE).values("pk"),
        quote_length__gte=QUOTE_CHARS[0], quote_length__lte=QUOTE_CHARS[1])


# the story fields a statement can be cut from; anything else was cut from the text
STORY_FIELDS = ("text", "helped", "hindered")


def cut_from(field: str) -> str:
    """The story field a statement was cut from."""
    return field if field in STORY_FIELDS else "text"


def still_own_words(story, field: str, start: int, end: int, text: str) -> bool:
    """Whether a quote is still the story's own words: a coordinator who took a revealing detail
    out of a story took it out of its quotes too, before the next analysis re-cuts it."""
    current = getattr(story, cut_from(field)) if story is not None else None
    return current is not None and current[start:end] == text


def as_quoted(text: str) -> str:
    """A sentence as a quote reads, on the page a peer expert reviews it on and where it is
    published: "[PERSOON-1]" as "[persoon]"."""
    return xml_safe(readable_tags(text.strip()))


def quote_rank(representative_keys) -> Callable[[str, str], tuple]:
    """Sort key for (statement key, kind): the engine's typical statements first, then by kind
    and key, so that the same statements come first on every page and in every run."""
    first = {key: i for i, key in enumerate(representative_keys or [])}
    return lambda key, kind: (first.get(key, len(first)), kind, key)


def for_review(theme: Theme) -> list[Statement]:
    """The sentences of a theme a peer expert is asked to read, in the order the publication
    would pick them: per narrator the first one nobody refused (or the one approved), up to
    ``TO_REVIEW`` narrators. Each has ``review`` (its QuoteReview for this text, or None) and
    ``as_quoted``. A theme may hold tens of thousands of sentences: the choice reads a few
    columns of each, and only the chosen ones whole."""
    rank = quote_rank(theme.representative_keys)
    rows = quotable(Statement.objects.filter(theme=theme)).values_list(
        "pk", "key", "kind", "story__narrator_id", "content_hash", "quote_review__content_hash",
        "quote_review__decision")
    chosen: dict[int, tuple] = {}  # narrator -> (rank, pk, approved)
    for pk, key, kind, narrator, text_hash, read_hash, decision in rows:
        decision = decision if read_hash == text_hash else None  # a review of another text
        if decision == QuoteReview.Decision.REFUSED:
            continue
        approved = decision == QuoteReview.Decision.APPROVED
        mine = (rank(key, kind), pk, approved)
        held = chosen.get(narrator)
        # an approved sentence stands for its narrator, else her first one
        if held is None or (approved, held[0]) > (held[2], mine[0]):
            chosen[narrator] = mine
    first = sorted(chosen.values())[:TO_REVIEW]
    statements = Statement.objects.select_related("story", "quote_review").in_bulk([pk for _r, pk, _a in first])
    ordered = [statements[pk] for _rank, pk, _approved in first]
    for statement in ordered:
        statement.review = _current(statement)
        statement.as_quoted = as_quoted(statement.text)
        # approved before the detector learned a pattern: the publication leaves it out
        statement.left_out = (statement.review is not None
                              and statement.review.decision == QuoteReview.Decision.APPROVED
                              and quote_names_someone(statement.text))
    return ordered


def refused(theme: Theme) -> list[Statement]:
    """The sentences of a theme refused as quotes (in their current text), last refused first,
    up to ``TO_REVIEW``: a refusal by mistake can be taken back on the same page."""
    statements = list(quotable(Statement.objects.filter(theme=theme)).filter(
        quote_review__decision=QuoteReview.Decision.REFUSED,
        quote_review__content_hash=F("content_hash")).select_related("story", "quote_review")
        .order_by("-quote_review__at", "key")[:TO_REVIEW])
    for statement in statements:
        statement.review = statement.quote_review
        statement.as_quoted = as_quoted(statement.text)
    return statements


def _current(statement: Statement) -> QuoteReview | None:
    try:
        review = statement.quote_review
    except QuoteReview.DoesNotExist:
        return None
    return review if review.content_hash == statement.content_hash else None


def forget_story(story_id: int) -> None:
    """Her quoting consent was withdrawn: the decisions on her sentences go with it, so that
    quoting given again waits for a peer expert to read them anew, as a first time would."""
    QuoteReview.objects.filter(statement__story_id=story_id).delete()


def quotes_wanted() -> Q:
    """Validated themes that show fewer than ``QUOTES_PER_THEME`` quotes while a sentence waits
    to be read from a narrator none of whose sentences of the theme is approved yet (what
    ``for_review`` offers): for a filter of the list of themes and for "Mijn werk"."""
    approved_here = quotable(Statement.objects.filter(
        theme=OuterRef("theme"), story__narrator=OuterRef("story__narrator"))).filter(approved())
    waiting = (quotable(Statement.objects.filter(theme=OuterRef("pk")))
               .exclude(quote_review__content_hash=F("content_hash"))
               .filter(~Exists(approved_here)))
    full = (quotable(Statement.objects.filter(approved())).values("theme")
            .annotate(narrators=Count("story__narrator", distinct=True))
            .filter(narrators__gte=QUOTES_PER_THEME).values("theme"))
    return (Q(parent__isnull=True, validated_at__isnull=False) & Q(Exists(waiting))
            & ~Q(pk__in=full))


def review_counts(theme: Theme) -> dict[str, int]:
    """How many of a theme's quotable sentences are approved and how many refused (current text)."""
    reviewed = quotable(Statement.objects.filter(theme=theme)).filter(
        quote_review__content_hash=F("content_hash"))
    return reviewed.aggregate(**{decision: Count("pk", filter=Q(quote_review__decision=decision))
                                 for decision in QuoteReview.Decision.values})


class IdentifyingQuote(ValueError):
    """The sentence holds what the de-identifier takes for a name, a phone number, …"""

    def __init__(self, found):
        super().__init__("identifying")
        self.found = found


class NotQuotable(ValueError):
    """The sentence is not in this theme, or its narrator no longer allows quoting."""


@transaction.atomic
def review(theme: Theme, statement_key: str, *, approve: bool, user) -> QuoteReview:
    """Record a peer expert's decision on one sentence of ``theme`` as a quote. A sentence in
    which the de-identifier still finds a name or number is never approved (the peer expert
    asks a coordinator to correct the story instead)."""
    statement = quotable(Statement.objects.select_for_update().filter(theme=theme, key=statement_key)).first()
    if statement is None:
        raise NotQuotable(statement_key)
    if approve:
        found = identifying(statement.text)
        if found:
            raise IdentifyingQuote(found)
    decision = QuoteReview.Decision.APPROVED if approve else QuoteReview.Decision.REFUSED
    quote, _created = QuoteReview.objects.update_or_create(
        statement=statement, defaults={"content_hash": statement.content_hash, "decision": decision,
                                       "by": user, "at": timezone.now()})
    # the published pages' cache stamp moves with the curation log; the log keeps the key, not the words
    CurationEvent.objects.create(theme=theme, user=user, action=f"quote-{decision}",
                                 detail={"statements": [statement.key]})
    return quote
