from datetime import datetime, timedelta

from django.db.models import QuerySet

from meervoud.accounts.permissions import user_can
from meervoud.audit.retention import REJECTED_CONTRIBUTION_DAYS
from meervoud.teaching.models import Contribution, ContributionStatus


def published(module: str = "ervaringsdeskundigheid") -> QuerySet[Contribution]:
    return Contribution.objects.filter(module=module, status=ContributionStatus.APPROVED
                                       ).select_related("author")


def pending() -> QuerySet[Contribution]:
    return Contribution.objects.filter(status=ContributionStatus.PENDING).select_related("author")


def own(user) -> QuerySet[Contribution]:
    return Contribution.objects.filter(author=user)


def kept_until(contribution: Contribution) -> datetime | None:
    """When `meervoud retention` may delete a rejected contribution (`services.purge_rejected`)."""
    if contribution.status != ContributionStatus.REJECTED:
        return None
    return (contribution.moderated_at or contribution.created_at) + timedelta(days=REJECTED_CONTRIBUTION_DAYS)


def can_see(user, contribution: Contribution) -> bool:
    """Published material is public; otherwise only its author and the moderators see it."""
    if contribution.status == ContributionStatus.APPROVED:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return contribution.author_id == user.pk or user_can(user, "teaching.moderate")
