"""Invitations by e-mail address too (the field's label), and the workshop's intro no longer
saying "ongeveer 3,5 uur" as if its blocks took that long: they add up to 3 hours 5 minutes.

A workshop copied before keeps the handbook's old intro in Dutch. Left so, it would no longer be
the handbook's text and stop following the reader's language (models.HandbookCopy); so a copy
whose intro is still exactly the old one gets the new one. An intro the team changed stays."""

from django.db import migrations, models

OLD_INTRO = (
    "Workshop van een dagdeel (ongeveer 3,5 uur, tijden bij benadering) voor de wijkteams en "
    "ervaringsdeskundigen. De kernbegrippen worden kort toegelicht en vertaald naar de lokale "
    "context, en de deelnemers bespreken hoe de samenwerking tussen ervaringsdeskundigen en "
    "sociaal werkers er in hun wijk uit gaat zien en welke rol zij voor zichzelf zien weggelegd.")
NEW_INTRO = (
    "Workshop van een dagdeel voor de wijkteams en ervaringsdeskundigen. De handreiking noemt "
    "ongeveer 3,5 uur, met tijden bij benadering; de onderdelen in de handreiking duren samen "
    "3 uur en 5 minuten, zonder pauze. De kernbegrippen worden kort toegelicht en vertaald naar "
    "de lokale context, en de deelnemers bespreken hoe de samenwerking tussen "
    "ervaringsdeskundigen en sociaal werkers er in hun wijk uit gaat zien en welke rol zij voor "
    "zichzelf zien weggelegd.")


def _replace(apps, old: str, new: str) -> None:
    Programme = apps.get_model("plans", "Programme")
    Programme.objects.filter(kind="workshop", intro=old).update(intro=new)


def forwards(apps, schema_editor):
    _replace(apps, OLD_INTRO, NEW_INTRO)


def backwards(apps, schema_editor):
    _replace(apps, NEW_INTRO, OLD_INTRO)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0007_plan_invitations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="planinvitation",
            name="username",
            field=models.CharField(max_length=150,
                                   verbose_name="gebruikersnaam of e-mailadres zoals getypt"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
