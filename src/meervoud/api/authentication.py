from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from meervoud.api.models import ApiToken
from meervoud.api.tokens import token_for_key

# Writing the last use on every request would turn each read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=5)


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, checked against the stored digests and their expiry."""

    model = ApiToken

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            # Read by ApiVersionMiddleware: a system can see its key run out before it does.
            request._request.api_key_expires = result[1].expires_at
        return result

    def authenticate_credentials(self, key):
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel bestaat niet (meer)."))
        now = timezone.now()
        if token.expires_at <= now:
            when = formats.date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")
            raise exceptions.AuthenticationFailed(
                _("Deze API-sleutel is verlopen op %(date)s. Vraag een beheerder om een nieuwe.") % {"date": when})
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Het account van deze API-sleutel is niet actief."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
