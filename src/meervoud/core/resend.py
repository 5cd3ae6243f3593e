"""The same form sent again shortly after (a double click, a reload, a client retrying after a
lost answer) makes one thing, not two."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

SAME_POST_WINDOW = timedelta(minutes=30)


def earlier_post(queryset, *, user, made_at: str, **same):
    """The first row in ``queryset`` with the ``same`` values made within the window, else None.
    Call it inside the transaction that would make the new row: it locks the user's row first,
    so two clicks cannot both miss each other (PostgreSQL; SQLite runs one transaction at a time)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    since = timezone.now() - SAME_POST_WINDOW
    return queryset.filter(**same, **{f"{made_at}__gte": since}).order_by("pk").first()
