"""API tokens: one per account, shown once when made; ``--reset`` replaces a leaked token."""

from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def token_for(user, *, reset: bool = False) -> str:
    if reset:
        Token.objects.filter(user=user).delete()
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
