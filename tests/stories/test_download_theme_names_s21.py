"""Her data download names the themes her story is used in as anyone may read them: not a name
the Kennisbank withholds, not a name nobody else has checked yet."""

import json

import pytest
from django.urls import reverse

from meervoud.knowledge.models import Theme
from meervoud.publication.selectors import forget_cache
from tests.links import personal_link

pytestmark = pytest.mark.django_db


def _listed(client, theme) -> list[str]:
    story = theme.statements.first().story
    download = client.get(reverse("stories:my_data", args=[personal_link(story.narrator)]))
    return [name for told in json.loads(download.content)["verhalen"] for name in told["gebruiktInThemas"]]


def test_a_validated_theme_is_listed_by_its_name(client, publish):
    theme = publish.backed("vast", 5, name="Een vast gezicht")
    assert _listed(client, theme) == ["Een vast gezicht"]


def test_a_name_waiting_for_a_second_peer_expert_is_not_in_her_download(client, publish):
    theme = publish.backed("wachten", 5, validated=False, label="Wachtlijst, ggz", name="Wachten op Fatima")
    assert _listed(client, theme) == ["Wachtlijst, ggz"]  # the analysis's words, of k narrators
    Theme.objects.filter(pk=theme.pk).update(label="")
    assert _listed(client, theme) == [f"Thema zonder naam (nr. {theme.pk})"]  # as a researcher reads it


def test_a_withheld_theme_is_listed_without_its_name(client, publish):
    theme = publish.backed("buren", 5, name="Buren")
    Theme.objects.filter(pk=theme.pk).update(name="Wat Marieke de Vries meemaakte")  # from before the checks
    forget_cache()
    assert _listed(client, theme) == [f"Thema zonder naam (nr. {theme.pk})"]
