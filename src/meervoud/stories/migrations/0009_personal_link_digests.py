"""Personal links were kept as they were given, so a leaked database or backup opened every
narrator's page. Since now only a SHA-256 digest of the link's key is kept (see
stories.models.link_digest). This turns every key already given into its digest, so the links
narrators saved keep working. There is no way back: a digest cannot become a link again. Going
back gives every narrator a new random key nobody has (the old release would otherwise open a
narrator's page with the stored digest, the leak this migration closes); a coordinator makes her
a new link."""

import hashlib
import re
import secrets

from django.db import migrations, models

_DIGEST = re.compile(r"[0-9a-f]{64}")


def _digest(token: str) -> str:
    # frozen copy of stories.models.link_digest as it was when this migration was written
    return hashlib.sha256(token.encode()).hexdigest()


def digest_links(apps, schema_editor):
    Narrator = apps.get_model("stories", "Narrator")
    # a key was 32 characters (token_urlsafe(24)): a 64-hex value is a digest already, so
    # running this twice changes nothing
    for narrator in Narrator.objects.exclude(token_digest__isnull=True).only("pk", "token_digest"):
        if not _DIGEST.fullmatch(narrator.token_digest):
            Narrator.objects.filter(pk=narrator.pk).update(token_digest=_digest(narrator.token_digest))


def keys_nobody_has(apps, schema_editor):
    Narrator = apps.get_model("stories", "Narrator")
    for pk in Narrator.objects.values_list("pk", flat=True):
        # as stories.models.new_token; the old column needs a key for every narrator
        Narrator.objects.filter(pk=pk).update(token_digest=secrets.token_urlsafe(24))


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0008_intake_senders"),
    ]

    operations = [
        migrations.RenameField(model_name="narrator", old_name="token", new_name="token_digest"),
        migrations.AlterField(
            model_name="narrator",
            name="token_digest",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True,
                                   verbose_name="vingerafdruk van de persoonlijke link"),
        ),
        migrations.RunPython(digest_links, keys_nobody_has),
    ]
