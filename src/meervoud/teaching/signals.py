"""An uploaded file goes when its contribution goes, however that happens: withdrawn by its
author, deleted in the admin, or with the author's account (cascade)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from meervoud.teaching.models import Contribution


@receiver(post_delete, sender=Contribution)
def delete_file(sender, instance: Contribution, **kwargs) -> None:
    if instance.file:
        # after the commit: a rolled-back delete (or a retention dry run) must not lose the
        # file. Robust: one file the server may not delete is logged, and does not keep the
        # files after it (retention deletes many at once) or fail a delete already committed.
        file = instance.file
        transaction.on_commit(lambda: file.storage.delete(file.name), robust=True)
