from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meervoud.api.tokens import MAX_DAYS, issue_token, revoke_tokens
from meervoud.audit.models import Action
from meervoud.audit.services import record


class Command(BaseCommand):
    help = ("Make a new API key for USERNAME and print it (it is shown only now; the database "
            "keeps a digest). Use it as: Authorization: Token <key>.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None,
                            help="How long the key is valid (default: MEERVOUD_API_TOKEN_DAYS).")
        what = parser.add_mutually_exclusive_group()  # a new key, or none: not both
        what.add_argument("--reset", action="store_true",
                          help="Revoke the account's other keys at once.")
        what.add_argument("--revoke", action="store_true",
                          help="Only revoke all keys of the account; make no new one.")

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
