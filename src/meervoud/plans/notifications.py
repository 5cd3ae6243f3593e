"""Who hears by e-mail about a plan (see ``core.mail`` for what a message may say).

Only the person asked onto a project team, because she has to answer. The message does not name
the plan, its place or who asks: a mailbox is shared and forwarded, and an invitation with a name
could be sent to anyone's account. The plans page, after logging in, tells her everything.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meervoud.core.mail import notify


def invited(user) -> bool:
    return notify(user, _("Je bent uitgenodigd voor een projectteam"),
                  _("Iemand nodigt je uit voor het projectteam van een plan van aanpak in "
                    "Meervoud. Op de pagina met je plannen zie je wie dat is en over welk plan "
                    "het gaat. Daar zeg je ja of nee."),
                  reverse("plans:list"))
