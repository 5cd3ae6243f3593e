"""Two-factor authentication (TOTP, django-otp) for the roles that see stories, a person's own
account settings and forgotten password, and erasing an account with everything that is only
that person's."""

import base64
import re
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.functional import lazy
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from meervoud.accounts.permissions import user_can
from meervoud.audit.models import Action
from meervoud.audit.services import record, record_anonymous
from meervoud.core.mail import compose, deliver, notify
from meervoud.needs.services import forget_contact
from meervoud.pool.models import Evaluation, ExpertProfile
from meervoud.pool.services import delete_profile
from meervoud.stories.models import Narrator
from meervoud.stories.services import delete_story

DEVICE_NAME = "Meervoud"


def sees_stories(user) -> bool:
    """Reads other people's stories, or statements cut from them (peer experts who curate)."""
    return user_can(user, "stories.view_deidentified") or user_can(user, "knowledge.view")


def two_factor_required(user) -> bool:
    """With MEERVOUD_REQUIRE_2FA on, every account that can read stories or their statements must
    use a second factor."""
    return settings.MEERVOUD_REQUIRE_2FA and sees_stories(user)


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The not yet confirmed device the setup page shows; one per user, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code: rendered here, never by an outside service."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, light="#fff",
                                                               dark="#000")


def manual_key(device: TOTPDevice) -> str:
    """The secret in the base32 form authenticator apps accept for typing in, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def _clean(token: str) -> str:
    return "".join(ch for ch in str(token) if ch.isdigit())


@transaction.atomic
def confirm_device(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(_clean(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def verify(user, token: str) -> TOTPDevice | None:
    """The confirmed device that accepts this token, or None (django-otp throttles guesses)."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(_clean(token)):
            return device
    return None


@transaction.atomic
def disable(user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()


# --------------------------------------------------------------------------- own settings

SETTINGS = ("email", "language", "email_notifications")


@transaction.atomic
def change_settings(request, user, **values) -> list[str]:
    """Store her e-mail address, language and messages choice; returns the names of what changed.
    A changed address is told to the old one too, so a take-over does not go unnoticed."""
    old_email = user.email
    changed = [name for name in SETTINGS if name in values and values[name] != getattr(user, name)]
    if not changed:
        return []
    for name in changed:
        setattr(user, name, values[name])
    user.save(update_fields=changed)
    record(request, Action.CHANGE, user, detail="accountinstellingen: " + ", ".join(changed))
    if "email" in changed and old_email:
        notify(user, _("Je e-mailadres is veranderd"),
               _("Het e-mailadres van je account op Meervoud is veranderd. Was jij dit niet? Neem dan "
                 "meteen contact op met je coördinator of met de beheerder van Meervoud."),
               reverse("accounts:settings"), essential=True, address=old_email)
    return changed


RESETS_PER_HOUR = 3  # so the forgotten-password page cannot be used to fill someone's mailbox


def request_reset_link(user, base_url: str) -> bool:
    """Queue a forgotten-password link for the account, unless RESETS_PER_HOUR went out in the
    last hour or wait already: the page asks no login, and a script asking for one account from
    many addresses would otherwise fill the queue that every message and analysis waits in. The
    worker counts again when it sends (``send_reset_link``). Returns whether a link was queued."""
    from meervoud.accounts.selectors import reset_links_due  # selectors imports us
    from meervoud.accounts.tasks import send_reset_link as send_later

    if reset_links_due(user) >= RESETS_PER_HOUR:
        return False
    send_later.enqueue(user.pk, base_url)
    return True


def send_reset_link(user_id: int, base_url: str) -> bool:
    """Mail a forgotten-password link to the account (the background worker does this, so the
    page answers as fast for a known address as for an unknown one). The link and its token are
    made here, just before sending, and kept nowhere. At most RESETS_PER_HOUR links per account
    an hour; each is logged. Returns whether a link went out."""
    from meervoud.accounts.selectors import reset_links_sent_recently  # selectors imports us

    with transaction.atomic():
        # the account's row is the lock: two workers cannot both send the third link
        user = get_user_model().objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None or not user.email or not user.has_usable_password():
            return False
        if reset_links_sent_recently(user) >= RESETS_PER_HOUR:
            return False
        record(user, Action.PASSWORD_RESET_SENT)
    path = reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    subject, body = compose(_("Een nieuw wachtwoord kiezen"),
                            lazy(_reset_text, str)(user.get_username()), f"{base_url}{path}",
                            user.language)
    # outside the transaction: the account's row is not held while the mail server answers
    deliver(subject, body, user.email)
    return True


def _reset_text(username: str) -> str:
    """Built when the message is written in each of its languages (see ``core.mail.compose``)."""
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return "\n\n".join([
        gettext("Iemand vroeg een nieuw wachtwoord voor jouw account op Meervoud (gebruikersnaam: "
                "%(username)s).") % {"username": username},
        ngettext("Kies een nieuw wachtwoord met de link hieronder. De link werkt %(hours)d uur en "
                 "maar één keer.",
                 "Kies een nieuw wachtwoord met de link hieronder. De link werkt %(hours)d uur en "
                 "maar één keer.", hours) % {"hours": hours},
        gettext("Heb jij dit niet gevraagd? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde."),
    ])


def password_was_reset(request, user) -> None:
    """After a new password through the e-mailed link: logged, and the login lock lifted (the
    locked-out owner is exactly who resets a password). A second factor is still asked at login."""
    from axes.utils import reset as reset_login_attempts

    reset_login_attempts(username=user.get_username())
    record_anonymous(request, Action.PASSWORD_RESET, username=user.get_username())


# --------------------------------------------------------------------------- erasure


@dataclass(frozen=True)
class Erased:
    stories: int
    pool_profile: bool
    needs: int
    named: int = 0
    evaluations: int = 0


@transaction.atomic
def erase_account(user, *, by) -> Erased:
    """Erase a person (AVG art. 17): the account and what is only hers. Her stories, each as if
    she deleted it herself (out of every theme, into the erasure ledger), and her pseudonym; her
    pool profile, with its teams sent back to the matching; her name and address on the needs
    they were copied onto; the words of her evaluations of assignments (the rating stays for the
    figures: without words it says nothing about her). The admin's history forgets her name
    (audit.signals). What she did
    stays in the audit log until its retention period: it is the proof of what happened.

    ``by``: the request (or user) that erases, for the audit log."""
    stories = 0
    narrator = Narrator.objects.filter(user=user).first()
    if narrator is not None:
        for story in narrator.stories.all():
            delete_story(story, via="admin")
            stories += 1
        narrator.delete()
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is not None:
        delete_profile(profile, during_running_work=True)
    needs = forget_contact(user)
    named = forget_name(user)
    evaluations = Evaluation.objects.filter(author=user).exclude(text="").update(text="")
    user_id = user.pk
    user.delete()
    erased = Erased(stories=stories, pool_profile=profile is not None, needs=needs, named=named,
                    evaluations=evaluations)
    record(by, Action.DELETE, "accounts.user", user_id,
           detail=f"account gewist: verhalen={erased.stories}, pool={int(erased.pool_profile)}, "
                  f"kennisvragen={erased.needs}, genoemd={erased.named}, evaluaties={erased.evaluations}")
    return erased


# Free-text fields where people type who does what ("Anna de Vries (wijkteam)"): an erased
# person's full name or e-mail address is taken out of them.
NAME_FIELDS = (("plans", "Plan", "project_lead"), ("practices", "GoodPractice", "contact"),
               ("pool", "Assignment", "tandem_with"))


def forget_name(user) -> int:
    """Take ``user``'s full name (first and last: a first name alone is too often someone
    else's) and e-mail address out of the free-text fields that name people. Returns how many
    rows changed."""
    from django.apps import apps

    marks = [mark for mark in (user.get_full_name().strip(), user.email.strip())
             if mark and (" " in mark or "@" in mark)]
    if not marks:
        return 0
    pattern = re.compile("|".join(re.escape(mark) for mark in marks), re.IGNORECASE)
    changed = 0
    for app_label, model_name, field in NAME_FIELDS:
        model = apps.get_model(app_label, model_name)
        query = Q(pk__in=[])
        for mark in marks:
            query |= Q(**{f"{field}__icontains": mark})
        for pk, value in model.objects.filter(query).values_list("pk", field):
            rest = re.sub(r"\s{2,}", " ", pattern.sub("", value)).strip(" ,;/-")
            model.objects.filter(pk=pk).update(**{field: rest})
            changed += 1
    return changed


# --------------------------------------------------------------------------- the administrator

# What decides who may see what, with the words the audit log uses for them.
ACCESS_FIELDS = {"role": "rol", "is_active": "actief", "is_staff": "staff", "is_superuser": "superuser",
                 "groups": "groepen", "user_permissions": "rechten"}


def access_changes(before: dict, after: dict) -> list[str]:
    """What an administrator changed of an account's access, as "rol: verteller → coordinator"
    (codes and yes/no, never a name): the audit log's detail. ``before`` is a form's initial
    values, ``after`` its cleaned data; fields a form does not have are left out."""
    def shown(value) -> str:
        if isinstance(value, bool):
            return "ja" if value else "nee"
        if value is None or isinstance(value, str):
            return value or "-"
        pks = sorted(getattr(item, "pk", item) for item in value)  # groups, permissions
        return ",".join(map(str, pks)) or "-"

    changes = []
    for name, word in ACCESS_FIELDS.items():
        if name in after and name in before and shown(before[name]) != shown(after[name]):
            changes.append(f"{word}: {shown(before[name])} → {shown(after[name])}")
    return changes


def password_set_by_administrator(request, user) -> None:
    """Logged like her own change, with "beheer", and her login lock lifted: someone who is
    locked out is exactly who phones the administrator for a new password."""
    from axes.utils import reset as reset_login_attempts

    reset_login_attempts(username=user.get_username())
    record(request, Action.PASSWORD_CHANGED, user,
           detail="beheer" if user.has_usable_password() else "beheer: inloggen met wachtwoord uitgezet")
