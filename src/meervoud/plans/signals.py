"""An invitation to a project team typed before the account existed reaches the account when
it is made, and at each login (an account whose role could not join before may now)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from meervoud.plans.services import claim_invitations


@receiver(post_save, sender=get_user_model())
def new_account(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:  # not while a backup is restored
        claim_invitations(instance, by_address=True)


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs) -> None:
    claim_invitations(user)
