from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from meervoud.api.tokens import MAX_DAYS, issue_token, revoke_tokens
from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.core.management.commands._base import MeervoudCommand


class Command(MeervoudCommand):
    help = ("Maak een nieuwe API-sleutel voor een gebruiker en toon die. Je ziet de sleutel alleen "
            "nu: Meervoud bewaart hem niet, alleen een controlecode. Gebruik hem zo: "
            "Authorization: Token <sleutel>.")

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="gebruikersnaam", help="van wie de sleutel is")
        parser.add_argument("--days", type=int, default=None, metavar="DAGEN",
                            help=f"hoeveel dagen de sleutel geldig is, 1 tot {MAX_DAYS} "
                                 f"(standaard: {settings.MEERVOUD_API_TOKEN_DAYS}, "
                                 "in te stellen met MEERVOUD_API_TOKEN_DAYS)")
        what = parser.add_mutually_exclusive_group()  # a new key, or none: not both
        what.add_argument("--reset", action="store_true",
                          help="trek de andere sleutels van deze gebruiker meteen in")
        what.add_argument("--revoke", action="store_true",
                          help="trek alle sleutels van deze gebruiker in en maak geen nieuwe")

    def handle(self, *args, username, days, reset, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Er is geen gebruiker '{username}'.")
        if revoke and (reset or days is not None):  # call_command skips argparse's groups
            raise CommandError("--revoke maakt geen sleutel: gebruik het niet samen met --reset of --days.")
        if revoke:
            gone = revoke_tokens(user)
            record(None, Action.TOKEN_REVOKED, user, detail=f"{gone} sleutel(s), meervoud api_token --revoke")
            self.stderr.write(f"{gone} sleutel(s) van '{username}' ingetrokken.")
            return
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is niet actief.")
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days moet tussen 1 en {MAX_DAYS} liggen.")
        key, token = issue_token(user, days=days, replace=reset)
        record(None, Action.TOKEN_ISSUED, user,
               detail=f"sleutel {token.prefix}…, geldig tot {token.expires_at:%Y-%m-%d}" + (", andere ingetrokken" if reset else ""))
        self.stdout.write(key)
        until = timezone.localtime(token.expires_at)
        self.stderr.write(f"Geldig tot {until:%Y-%m-%d %H:%M}. Bewaar de sleutel nu: hij wordt niet opnieuw getoond.")
