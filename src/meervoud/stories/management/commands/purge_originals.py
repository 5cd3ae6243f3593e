from django.utils.translation import ngettext

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.stories.services import purge_expired_originals


class Command(MeervoudCommand):
    help = "Wis originele teksten waarvan de bewaartermijn voorbij is."

    def handle(self, *args, **options):
        purged = purge_expired_originals()
        self.stdout.write(ngettext("%(count)s originele tekst leeggemaakt.",
                                   "%(count)s originele teksten leeggemaakt.", purged)
                          % {"count": purged})
