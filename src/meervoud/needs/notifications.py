"""Who hears by e-mail about a municipality's question (kennisvraag), and when (see
``core.mail`` for what a message may say).

The officer who filed a question hears when someone else changes it: the learning network
takes it up, answers it, changes its answer, opens it again, or it is withdrawn (by the network
or a colleague of her municipality). She may have a deadline, and otherwise only learns of it
when she happens to open Kennisvragen again. What she changes herself is no news to her.

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
    """Tell the officer who asked that her question changed, unless she changed it herself.
    False when nobody is told: she did it, her account is gone, or no e-mail reaches her."""
    asker = need.asked_by
    if asker is None or asker.pk == getattr(by, "pk", None):
        return False
    if need.status != previous_status:
        subject, body = _BY_STATUS[need.status]
    elif need.status == NeedStatus.ANSWERED:
        subject, body = _ANSWER_CHANGED
    else:  # only an old note cleared from a question that is not answered: she sees no change
        return False
    return notify(asker, subject, body, reverse("needs:detail", args=[need.pk]))
