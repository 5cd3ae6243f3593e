"""Session 25: a theme split off by hand has no automatic label: the name typed when splitting
is the curator's own, waits for a second peer expert, and is shown to researchers only then."""

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.exchange import selectors as exchange
from meervoud.knowledge import curation
from meervoud.knowledge.models import Statement, Theme
from meervoud.stories.models import Purpose

pytestmark = pytest.mark.django_db

NAME = "Wat de buurvrouw zei"


@pytest.fixture
def two(make_user):
    return make_user(Role.NARRATOR, "ed-anna"), make_user(Role.NARRATOR, "ed-bert")


def _split(publish, anna, **statement_fields):
    publish.many("t", 3, **statement_fields)
    theme = publish.theme("t", validated=False, label="Hulp, laat")
    return curation.split(theme, Statement.objects.filter(theme=theme).order_by("pk")[:2], NAME, user=anna)


def test_the_name_is_hers_and_no_label(publish, two):
    anna, _bert = two
    new = _split(publish, anna)
    assert (new.name, new.label, new.name_written_by) == (NAME, "", anna)
    assert curation.own_words(new, anna) == ["name"]


def test_she_cannot_validate_it_and_a_colleague_can(publish, two):
    anna, bert = two
    new = _split(publish, anna)
    with pytest.raises(curation.OwnWords):
        curation.set_validated(Theme.objects.get(pk=new.pk), True, user=anna)
    curation.set_validated(Theme.objects.get(pk=new.pk), True, user=bert)
    new.refresh_from_db()
    assert new.validated and new.title == NAME and new.name_written_by is None


def test_emptying_the_name_leaves_a_theme_without_a_name_to_validate(client, publish, two):
    anna, _bert = two
    new = _split(publish, anna)
    client.force_login(anna)
    url = reverse("knowledge:theme", args=[new.key])
    client.post(url, {"form": "texts", "name": ""})
    response = client.post(url, {"form": "validate"})
    new.refresh_from_db()
    assert response.status_code == 400 and not new.validated
    assert "Het thema heeft nog geen naam" in response.content.decode()


def test_a_researcher_reads_the_name_once_a_colleague_validated_it(client, publish, two, make_user):
    anna, bert = two
    new = _split(publish, anna, purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
    curation.set_validated(Theme.objects.get(pk=new.pk), True, user=bert)
    client.force_login(make_user(Role.RESEARCHER))
    assert NAME in client.get(reverse("knowledge:theme", args=[new.key])).content.decode()
    assert any(code.name == NAME for code in exchange.export_data()[0].codes)


def test_a_sub_theme_split_off_under_a_validated_theme_still_waits_as_a_draft(publish, two):
    anna, _bert = two
    parent = publish.backed("p", 3)
    sub = publish.theme("p-sub", validated=False, label="Sub", parent=parent)
    Statement.objects.filter(theme=parent).update(subtheme=sub)
    new = curation.split(sub, Statement.objects.filter(subtheme=sub)[:1], NAME, user=anna)
    assert (new.name, new.name_draft, new.label) == ("", NAME, "")
