from django.db import migrations


def seed(apps, schema_editor):
    from meervoud.practices.services import seed_practices

    seed_practices(models=(apps.get_model("practices", "GoodPractice"),
                           apps.get_model("stories", "LifeDomain"),
                           apps.get_model("places", "Municipality"),
                           apps.get_model("places", "Region"),
                           apps.get_model("places", "Province")))


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("places", "0002_load_municipalities"),
        ("stories", "0002_vocabularies_and_consent_texts"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
