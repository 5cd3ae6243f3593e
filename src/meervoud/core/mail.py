"""E-mail to one person about something that waits for them in Meervoud.

A message says *that* something waits and links to it; it never carries what the page shows
(an assignment's subject, a reason, a story). Mailboxes are shared, forwarded and kept for
years, and an assignment's subject can tell which experience someone has. Reading it needs the
login, where the rules of the pages apply.

A message is in the language the person chose on her account page, or Dutch first and then
English while she has not chosen. Someone who switched messages off gets none, except about her
account itself (``essential``).

Messages go out from the background worker (``core.tasks``, run by ``meervoud db_worker``),
never in the request: a mail server that answers slowly would otherwise slow every answer that
mails, and make an invitation to an existing username answer more slowly than one to a name
nobody has. The task is queued when the transaction commits (a rolled-back answer sends
nothing). What waits in the queue, and stays in the task's record for weeks, is her account's
number, the message's Dutch source text and the page's path: her address only when the message
goes to another one than hers (the old address when she changes it), and that is wiped once the
message is handled. The worker writes the message in her language of that moment and checks
again that she may get it; a mail server that fails is logged, never raised, and not retried.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meervoud.core.tasks import send_message

log = logging.getLogger(__name__)


DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


def email_enabled() -> bool:
    """Whether this Meervoud sends e-mail at all (production without MEERVOUD_EMAIL_HOST does not)."""
    return settings.EMAIL_BACKEND != DUMMY_BACKEND


def notify(user, subject: str, body: str, path: str, *, essential: bool = False,
           address: str = "") -> bool:
    """Queue a message to ``user``: a ``subject`` and ``body`` marked for translation
    (``gettext_lazy`` or ``gettext_noop``, without %-parameters: the worker translates the
    source text), a site ``path`` to link to; ``address`` instead of hers, for the old address
    when she changes it. False when it cannot reach her: no e-mail address, an inactive account,
    or messages switched off."""
    if not _reachable(user, address or (user.email if user else ""), essential):
        return False
    if email_enabled():
        # the source text, not the request's language: the worker translates it for her
        with translation.override(None):
            subject, body = str(subject), str(body)
        extra = {"address": address} if address else {}  # her own address is looked up then
        transaction.on_commit(
            lambda: send_message.enqueue(user.pk, subject, body, path, essential=essential, **extra),
            robust=True)  # a queue that fails must not undo an answer that is already saved
    return True


def send(user_id: int, subject: str, body: str, path: str, *, essential: bool = False,
         address: str = "") -> bool:
    """The worker's half of ``notify``: write the message in her language and send it, unless
    she can no longer be reached (closed account, messages switched off, no address).
    Returns whether the mail server took it."""
    user = get_user_model().objects.filter(pk=user_id).first()
    address = address or (user.email if user else "")
    if not _reachable(user, address, essential):
        return False
    message_subject, message_body = compose(gettext_lazy(subject), gettext_lazy(body), _link(path),
                                            user.language)
    return deliver(message_subject, message_body, address)


def _reachable(user, address: str, essential: bool) -> bool:
    return bool(user and user.is_active and address and (essential or user.email_notifications))


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


def deliver(subject: str, body: str, address: str) -> bool:
    """Send one message; False when the mail server failed (logged, not raised: the worker goes
    on with the next message, and a retry could fill a mailbox)."""
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001 - a mail server that fails must not stop the worker
        log.warning("e-mail not sent: %s", subject, exc_info=True)
        return False
    return True
