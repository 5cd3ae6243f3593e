"""E-mail to one person about something that waits for them in Meervoud.

A message says *that* something waits and links to it; it never carries what the page shows
(an assignment's subject, a reason, a story). Mailboxes are shared, forwarded and kept for
years, and an assignment's subject can tell which experience someone has. Reading it needs the
login, where the rules of the pages apply.

A message is in the language the person chose on her account page, or Dutch first and then
English while she has not chosen. Someone who switched messages off gets none, except about her
account itself (``essential``). A message is sent after the transaction commits (a rolled-back
answer sends nothing), and a mail server that fails is logged, never raised: the answer someone
just gave is saved either way.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


def email_enabled() -> bool:
    """Whether this Meervoud sends e-mail at all (production without MEERVOUD_EMAIL_HOST does not)."""
    return settings.EMAIL_BACKEND != DUMMY_BACKEND


def notify(user, subject: str, body: str, path: str, *, essential: bool = False,
           address: str = "") -> bool:
    """Queue a message to ``user`` (a lazy ``subject`` and ``body``, a site ``path`` to link
    to; ``address`` instead of hers, for the old address when she changes it). False when it
    cannot reach her: no e-mail address, an inactive account, or messages switched off."""
    address = address or (user.email if user else "")
    if not user or not user.is_active or not address:
        return False
    if not (essential or user.email_notifications):
        return False
    message_subject, message_body = compose(subject, body, _link(path), user.language)
    transaction.on_commit(lambda: deliver(message_subject, message_body, address))
    return True


def _link(path: str) -> str:
    # without a configured address the reader still learns where to look, only not as a link
    return f"{settings.MEERVOUD_SITE_URL}{path}" if settings.MEERVOUD_SITE_URL else ""


def compose(subject: str, body: str, link: str, language: str = "") -> tuple[str, str]:
    """Subject and text in ``language``, or Dutch then English when none is chosen."""
    languages = [language] if language in dict(settings.LANGUAGES) else ["nl", "en"]
    with translation.override(languages[0]):
        first_subject = str(subject)
    parts = []
    for code in languages:
        with translation.override(code):
            ending = link or _("Log in op Meervoud om het te lezen.")
            parts.append(f"{body}\n\n{ending}\n\n"
                         + _("Dit bericht is automatisch verstuurd. Je kunt er niet op antwoorden."))
    return f"Meervoud: {first_subject}", ("\n\n" + "-" * 40 + " English\n\n").join(parts)


def deliver(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001 - a mail server that fails must not undo the answer
        log.warning("e-mail not sent: %s", subject, exc_info=True)
