"""Narrators imported before session 17 carry the import's own reference as their code (a client
number, a login, often a name, "de Vries, J."), in Narrator.code and in the consent proof
(ConsentEvent.narrator_code). Since then an import stores a keyed digest of the reference
(stories.pseudonyms.import_pseudonym). This replaces the old codes by that digest everywhere, so
the reference is gone and the same reference imported again lands on the same narrator."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations


def _keyed(reference: str) -> str:
    # frozen copy of stories.pseudonyms.import_pseudonym as it was when this migration was written
    digest = hmac.new(settings.SECRET_KEY.encode(), f"import:{reference}".encode(), hashlib.sha256)
    return "IMP-" + digest.hexdigest()[:32]


def key_import_codes(apps, schema_editor):
    Narrator = apps.get_model("stories", "Narrator")
    Story = apps.get_model("stories", "Story")
    ConsentEvent = apps.get_model("stories", "ConsentEvent")
    keyed = ("IMP-", "API-")
    # codes an import gave: in the consent proof (also of stories deleted since) ...
    codes = set(ConsentEvent.objects.filter(via="import").values_list("narrator_code", flat=True))
    # ... and narrators without an account whose stories all came from a file import
    imported = set(Story.objects.filter(source="import").values_list("narrator_id", flat=True))
    other = set(Story.objects.exclude(source="import").values_list("narrator_id", flat=True))
    codes |= set(Narrator.objects.filter(pk__in=imported - other, user__isnull=True)
                 .values_list("code", flat=True))
    for code in sorted(c for c in codes if not c.startswith(keyed)):
        new = _keyed(code)
        narrator = Narrator.objects.filter(code=code).first()
        if narrator is not None:
            same = Narrator.objects.filter(code=new).first()
            if same is None:
                narrator.code = new
                narrator.save(update_fields=["code"])
            else:  # imported again after session 17: one person, one narrator
                Story.objects.filter(narrator=narrator).update(narrator=same)
                narrator.delete()
        ConsentEvent.objects.filter(narrator_code=code).update(narrator_code=new)


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0004_consent_event_via"),
    ]

    operations = [
        migrations.RunPython(key_import_codes, migrations.RunPython.noop),
    ]
