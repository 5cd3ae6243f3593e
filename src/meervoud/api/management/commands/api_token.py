from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from meervoud.api.tokens import token_for


class Command(BaseCommand):
    help = ("Print the API token of USERNAME (made when there is none). "
            "Use it as: Authorization: Token <token>.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true",
                            help="Replace the token; the old one stops working at once.")

    def handle(self, *args, username, reset, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Er is geen gebruiker '{username}'.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is niet actief.")
        self.stdout.write(token_for(user, reset=reset))
