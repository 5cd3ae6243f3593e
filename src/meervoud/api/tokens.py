"""API tokens: random keys, stored as digests, valid for a limited time.

An account may hold several (to swap a key in a running system without downtime); ``replace``
revokes the others at once. A key is shown only when it is made."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meervoud.api.models import ApiToken


def digest(key: str) -> str:
    # A 160-bit random key needs no slow password hash: there is nothing to guess.
    return hashlib.sha256(key.encode()).hexdigest()


# a key is a secret that leaks sooner or later: it must run out (two years at most)
MAX_DAYS = 730


@transaction.atomic
def issue_token(user, *, days: int | None = None, replace: bool = False) -> tuple[str, ApiToken]:
    """A new key for ``user``, valid ``days`` (default ``MEERVOUD_API_TOKEN_DAYS``)."""
    days = settings.MEERVOUD_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    if replace:
        revoke_tokens(user)
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, digest=digest(key), prefix=key[:8],
                                    expires_at=timezone.now() + timedelta(days=days))
    return key, token


def revoke_tokens(user) -> int:
    return ApiToken.objects.filter(user=user).delete()[0]


def token_for_key(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
