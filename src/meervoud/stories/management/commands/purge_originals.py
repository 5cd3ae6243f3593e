from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.stories.services import purge_expired_originals


class Command(MeervoudCommand):
    help = "Wis originele teksten waarvan de bewaartermijn voorbij is."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired_originals()}")
