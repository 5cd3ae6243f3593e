"""Installations that ran with DRF's plain-text tokens keep working: each key becomes a digest
with the standard validity from now, and the plain-text copy is deleted."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"


def keys_to_digests(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("api", "ApiToken")
    expires = timezone.now() + timedelta(days=settings.MEERVOUD_API_TOKEN_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {OLD_TABLE}")
        rows = cursor.fetchall()
        for key, user_id in rows:
            ApiToken.objects.create(user_id=user_id, digest=hashlib.sha256(key.encode()).hexdigest(),
                                    prefix=key[:8], expires_at=expires)
        cursor.execute(f"DELETE FROM {OLD_TABLE}")


class Migration(migrations.Migration):

    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(keys_to_digests, migrations.RunPython.noop)]
