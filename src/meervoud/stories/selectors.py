from django.db.models import Exists, OuterRef, QuerySet

from meervoud.accounts.permissions import user_can
from meervoud.stories.models import Consent, ConsentText, Purpose, Story


def current_consent_text(purpose: str) -> ConsentText:
    return ConsentText.objects.filter(purpose=purpose).order_by("-version").first()


def current_consent_texts() -> dict[str, ConsentText]:
    return {purpose: current_consent_text(purpose) for purpose in Purpose.values}


def with_active_consent(purpose: str, queryset: QuerySet[Story] | None = None) -> QuerySet[Story]:
    queryset = Story.objects.all() if queryset is None else queryset
    active = Consent.objects.filter(
        story=OuterRef("pk"), purpose=purpose, withdrawn_at__isnull=True
    )
    return queryset.filter(Exists(active))


def with_any_active_consent(queryset: QuerySet[Story] | None = None) -> QuerySet[Story]:
    """Stories whose narrator still consents to something: a story without any consent is not
    read by anyone, whatever its rows still hold until they are deleted."""
    queryset = Story.objects.all() if queryset is None else queryset
    return queryset.filter(Exists(Consent.objects.filter(story=OuterRef("pk"), withdrawn_at__isnull=True)))


def readable_stories(user) -> QuerySet[Story]:
    """The whole stories this person may read on /verhalen/: a researcher only those whose
    narrator consented to research, a coordinator every story with some consent left."""
    if user_can(user, "stories.view_all_consented"):
        return with_any_active_consent()
    return with_active_consent(Purpose.RESEARCH, with_any_active_consent())


def stories_for_analysis() -> QuerySet[Story]:
    """The only way analysis gets its stories: those whose narrator consented to analysis."""
    return with_active_consent(Purpose.ANALYSIS).select_related(
        "narrator", "municipality__region__province"
    ).prefetch_related("life_domains")


def active_purposes(story: Story) -> set[str]:
    return set(
        story.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )


def public_totals(k: int) -> dict:
    """What the home page may say about the collection: stories with consent for analysis and
    their distinct narrators, or only that there are fewer than ``k`` narrators. A handful of
    stories on a small installation should not be countable from the outside."""
    stories = stories_for_analysis()
    narrators = stories.values("narrator").distinct().count()
    if narrators < k:
        return {"shown": False, "k": k}
    return {"shown": True, "k": k, "stories": stories.count(), "narrators": narrators}
