"""Who hears by e-mail about a municipality's question (kennisvraag), and when (see
``core.mail`` for what a message may say).

The officer who filed a question hears when someone else changes it: the learning network
takes it up, answers it, changes its answer, opens it again, or it is withdrawn (by the network
or a colleague of her municipality). She may have a deadline, and otherwise only learns of it
when she happens to open Kennisvragen again. What she changes herself is no news to her.

News goes to the officer who asked while she may still open the question (her account is
active and she still works for that municipality). Once she left it, or her account was closed
or erased, the question stays with the municipality: its other policy officers hear instead
(``selectors.hears_for``). When nobody there has an account, the coordinator reads that on the
page after the change, so she can let the contact person know another way.

A message names neither the question nor the answer (the answer can name a group of residents
or a theme), nor who changed it: the link to the question, behind the login, shows that.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meervoud.core.mail import notify
from meervoud.needs.models import InformationNeed, NeedStatus

_BY_STATUS = {
    NeedStatus.IN_PROGRESS: (
        _("Het lerend netwerk werkt aan uw vraag"),
        _("Het lerend netwerk is begonnen met uw vraag aan Meervoud. Op de pagina van uw vraag "
          "ziet u hoe het ermee staat.")),
    NeedStatus.ANSWERED: (
        _("Uw vraag is beantwoord"),
        _("Het lerend netwerk heeft uw vraag aan Meervoud beantwoord. Op de pagina van uw vraag "
          "leest u wat het antwoord is.")),
    NeedStatus.OPEN: (
        _("Uw vraag staat weer open"),
        _("Het lerend netwerk heeft uw vraag aan Meervoud weer open gezet. U krijgt nog een "
          "antwoord. Op de pagina van uw vraag ziet u hoe het ermee staat.")),
    NeedStatus.WITHDRAWN: (
        _("Uw vraag is ingetrokken"),
        _("Uw vraag aan Meervoud is ingetrokken. Het lerend netwerk werkt er niet meer aan. Op "
          "de pagina van uw vraag ziet u hoe het ermee staat.")),
}

_ANSWER_CHANGED = (
    _("Het antwoord op uw vraag is veranderd"),
    _("Het lerend netwerk heeft het antwoord op uw vraag aan Meervoud veranderd. Op de pagina "
      "van uw vraag leest u het nieuwe antwoord."))


def status_changed(need: InformationNeed, *, previous_status: str, by) -> bool:
    """Tell the municipality that asked (``selectors.hears_for``) that its question changed,
    except whoever changed it. False when nobody is told: she did it, nobody there has an
    account, or no e-mail reaches them."""
    from meervoud.needs.selectors import hears_for

    people = hears_for(need, by=by)
    if not people:
        return False
    if need.status != previous_status:
        subject, body = _BY_STATUS[need.status]
    elif need.status == NeedStatus.ANSWERED:
        subject, body = _ANSWER_CHANGED
    else:  # only an old note cleared from a question that is not answered: she sees no change
        return False
    path = reverse("needs:detail", args=[need.pk])
    return any([notify(person, subject, body, path) for person in people])
