"""Narrator pseudonyms made from another system's own reference for a person.

A sending system (the API) or a file import knows each narrator by its own reference: a client
number, a login, often the person's name ("de Vries, J."). Meervoud never stores that reference:
it stores a keyed digest of it (HMAC-SHA256 with the secret key), so the same reference always
lands on the same narrator while nobody can read the reference back from the pseudonym, on the
theme pages, in /verhalen/ or in the consent proof (ConsentEvent.narrator_code).
"""

import hashlib
import hmac

from django.conf import settings

API_PREFIX = "API-"
IMPORT_PREFIX = "IMP-"
# One scope for every file import: a file carries no sender, and before pseudonyms were keyed
# all imports shared one set of codes as well (the same "N1" in two files was one narrator).
IMPORT_SCOPE = "import"


def keyed_pseudonym(reference: str, scope: str, prefix: str) -> str:
    """``prefix`` + 32 hex characters of HMAC-SHA256(secret key, "scope:reference"). The scope
    keeps two senders' references apart (two systems' "client 123" are two people); changing
    the secret key starts new pseudonyms."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{reference}".encode(),
                      hashlib.sha256).hexdigest()
    return prefix + digest[:32]


def import_pseudonym(reference: str) -> str:
    """The narrator's pseudonym for the 'verteller' column of a file import."""
    return keyed_pseudonym(reference, IMPORT_SCOPE, IMPORT_PREFIX)


def sender_scope(user) -> str:
    """The API's scope: per organisation, or per account without one."""
    return f"o{user.organisation_id}" if user.organisation_id else f"u{user.pk}"


def api_pseudonym(reference: str, user) -> str:
    """The narrator's pseudonym for a system's own person reference sent to the API."""
    return keyed_pseudonym(reference, sender_scope(user), API_PREFIX)
