import pytest
from django.urls import reverse

from meervoud.accounts.models import Role, User
from meervoud.demo import services
from meervoud.stories.models import Source, Story
from meervoud.stories.selectors import stories_for_analysis


def test_demo_stories_are_many_varied_and_marked_fictional():
    import json

    records = services.story_records()
    assert len(records) >= 150
    for path in services.DATA_DIR.glob("stories_*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["fictional"] is True
    narrators = {record["verteller"] for record in records}
    assert len(narrators) >= 100
    assert len(narrators) < len(records)  # some narrators tell more than one story
    municipalities = {record["gemeente"] for record in records}
    assert {"Groningen", "Leeuwarden", "Zutphen", "Arnhem", "Gouda", "Amsterdam", "Utrecht",
            "Enschede"} <= municipalities
    domains = {d for record in records for d in record["levensdomeinen"].split(";")}
    assert len(domains) >= 14
    texts = [record["verhaal"] for record in records]
    assert len(set(texts)) == len(texts)


@pytest.mark.django_db
def test_demo_loads_through_the_importer_once(client):
    report = services.load_demo_stories()
    assert report.ok, report.errors[:5]
    assert Story.objects.count() == len(services.story_records())
    assert not Story.objects.exclude(is_fictional=True).exists()
    assert not Story.objects.exclude(source=Source.DEMO).exists()
    assert services.load_demo_stories() is None
    assert stories_for_analysis().count() < Story.objects.count()  # a few refused analysis
    accounts = dict(services.create_demo_accounts())
    assert set(accounts) == {user for user, _role, _org in services.DEMO_USERS}
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    client.login(username="coordinator", password=services.DEMO_PASSWORD)
    story = Story.objects.first()
    assert "fictief" in client.get(reverse("stories:list")).content.decode()
    assert "verzonnen verhaal" in client.get(reverse("stories:detail", args=[story.pk])).content.decode()


@pytest.mark.django_db
def test_demo_validates_only_themes_with_enough_narrators_and_not_mixed_once(publish):
    from meervoud.knowledge.models import CurationEvent, Theme

    services.create_demo_accounts()
    publish.theme("groot", validated=False, narrators=7)
    publish.theme("klein", validated=False, narrators=3)
    publish.theme("gemengd", validated=False, narrators=8, keyword_share=0.1)
    publish.theme("naamloos", validated=False, narrators=8, label="")  # no word of k narrators
    assert services.validate_demo_themes() == 1
    assert list(Theme.objects.filter(validated_at__isnull=False).values_list("key", flat=True)) == ["groot"]
    assert CurationEvent.objects.filter(theme__key="groot", action="validate",
                                        user__username="verteller").exists()
    publish.theme("later", validated=False, narrators=9)
    assert services.validate_demo_themes() == 0  # peer experts' choices are never redone
