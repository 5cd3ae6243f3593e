"""A theme taken in from a REFI-QDA proposal carries a person's name, not an engine label, and
that name waits for someone other than who took it in. Before, the code name was stored as the
label and as a name nobody had written: the peer expert who accepted the proposal could validate
it into the Kennisbank alone, while a rename from the same proposal waited for four eyes."""

import pytest

from meervoud.accounts.models import Role
from meervoud.exchange.curation import create_theme
from meervoud.knowledge import curation
from meervoud.knowledge.models import Statement

pytestmark = pytest.mark.django_db


def test_the_name_of_an_imported_theme_waits_for_four_eyes(publish, make_user):
    publish.theme("wachten", validated=False)
    publish.many("wachten", 3)
    anna, bert = make_user(Role.NARRATOR, "ed-anna"), make_user(Role.NARRATOR, "ed-bert")
    theme = create_theme("Wachten op de eerste hulp", Statement.objects.all(), user=anna)
    assert theme.label == "" and theme.name == "Wachten op de eerste hulp"
    with pytest.raises(curation.OwnWords):
        curation.set_validated(theme, True, user=anna)
    curation.set_validated(theme, True, user=bert)
    theme.refresh_from_db()
    assert theme.validated
