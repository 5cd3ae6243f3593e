from django.db import migrations


def load(apps, schema_editor):
    from meervoud.places.services import load_municipalities

    load_municipalities(models=(apps.get_model("places", "Municipality"),
                                apps.get_model("places", "Province"),
                                apps.get_model("places", "Region")))


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
