"""Session 18: a restore names the stories that came back with the words from before a
correction, because the ledger holds no words to correct them again with."""

import io

import pytest
from django.core.management import call_command

from meervoud.audit.models import AuditEvent
from meervoud.stories import services
from meervoud.stories.models import Story
from tests.audit.test_erasure_ledger import ledger, restore  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_restore_command_asks_to_correct_again(ledger, publish, tmp_path):  # noqa: F811
    corrected, untouched = (publish.statement("wachten", f"V-corr-{n}").story for n in range(2))
    backup = tmp_path / "b.gz"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    services.correct_story(corrected, text=corrected.text + " Mijn buurvrouw hielp me elke week.",
                           via="link")

    out, err = restore(backup)

    assert Story.objects.get(pk=corrected.pk).text != corrected.text  # the old words are back
    assert f"Corrigeer ze opnieuw in /beheer/ (of vraag het de verteller): {corrected.pk}." in err
    assert str(untouched.pk) not in err.split("verteller):")[1]
    assert AuditEvent.objects.filter(action="restore",
                                     detail__endswith=f"opnieuw te corrigeren: {corrected.pk}").exists()
