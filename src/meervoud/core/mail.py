"""E-mail to one person about something that waits for them in Meervoud.

A message says *that* something waits and links to it; it never carries what the page shows
(an assignment's subject, a reason, a story). Mailboxes are shared, forwarded and kept for
years, and an assignment's subject can tell which experience someone has. Reading it needs the
login, where the rules of the pages apply.

Users have no language setting, so every message is Dutch first, then English. It is sent after
the transaction commits (a rolled-back answer sends nothing), and a mail server that fails is
logged, never raised: the answer someone just gave is saved either way.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def notify(user, subject: str, body: str, path: str) -> bool:
    """Queue a message to ``user`` (a lazy ``subject`` and ``body``, a site ``path`` to link
    to). False when it cannot reach them: no e-mail address or an inactive account."""
    if not user or not user.is_active or not user.email:
        return False
    message_subject, message_body = _both_languages(subject, body, _link(path))
    address = user.email
    transaction.on_commit(lambda: _send(message_subject, message_body, address))
    return True


def _link(path: str) -> str:
    # without a configured address the reader still learns where to look, only not as a link
    return f"{settings.MEERVOUD_SITE_URL}{path}" if settings.MEERVOUD_SITE_URL else ""


def _both_languages(subject: str, body: str, link: str) -> tuple[str, str]:
    with translation.override("nl"):
        dutch_subject = str(subject)
    parts = []
    for language in ("nl", "en"):
        with translation.override(language):
            ending = link or _("Log in op Meervoud om het te lezen.")
            parts.append(f"{body}\n\n{ending}\n\n"
                         + _("Dit bericht is automatisch verstuurd. Je kunt er niet op antwoorden."))
    return f"Meervoud: {dutch_subject}", ("\n\n" + "-" * 40 + " English\n\n").join(parts)


def _send(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001 - a mail server that fails must not undo the answer
        log.warning("e-mail not sent: %s", subject, exc_info=True)
