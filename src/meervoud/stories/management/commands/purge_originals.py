from django.core.management.base import BaseCommand

from meervoud.stories.services import purge_expired_originals


class Command(BaseCommand):
    help = "Wis originele teksten waarvan de bewaartermijn voorbij is."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired_originals()}")
