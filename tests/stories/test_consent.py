import pytest

from meervoud.stories import services
from meervoud.stories.models import ConsentEvent, Purpose, Story
from meervoud.stories.selectors import active_purposes, stories_for_analysis


def make_story(municipality, domains, purposes, text="Ik sliep maanden in de auto voordat ik hulp kreeg."):
    narrator = services.new_narrator()
    draft = services.StoryDraft(text=text, municipality=municipality, life_domains=domains)
    return services.create_story(narrator=narrator, draft=draft, purposes=set(purposes))


@pytest.mark.django_db
def test_story_without_analysis_consent_is_never_analysed(municipality, domains):
    analysed = make_story(municipality, domains, {Purpose.ANALYSIS, Purpose.QUOTE})
    quote_only = make_story(municipality, domains, {Purpose.QUOTE}, text="Een ander verhaal over de nachtopvang.")
    ids = set(stories_for_analysis().values_list("pk", flat=True))
    assert analysed.pk in ids
    assert quote_only.pk not in ids


@pytest.mark.django_db
def test_withdrawal_takes_story_out_of_analysis_and_is_recorded(municipality, domains):
    story = make_story(municipality, domains, {Purpose.ANALYSIS, Purpose.RESEARCH})
    assert services.withdraw_consent(story, Purpose.ANALYSIS, via="link") is True
    assert not stories_for_analysis().filter(pk=story.pk).exists()
    assert active_purposes(story) == {Purpose.RESEARCH}
    consent = story.consents.get(purpose=Purpose.ANALYSIS)
    assert consent.withdrawn_at is not None and consent.withdrawn_at >= consent.given_at
    events = list(ConsentEvent.objects.filter(story_id_ref=story.pk, purpose=Purpose.ANALYSIS)
                  .values_list("action", flat=True))
    assert events == ["given", "withdrawn"]
    # Withdrawing twice changes nothing and records nothing.
    assert services.withdraw_consent(story, Purpose.ANALYSIS, via="link") is False
    assert ConsentEvent.objects.filter(story_id_ref=story.pk, purpose=Purpose.ANALYSIS).count() == 2


@pytest.mark.django_db
def test_consent_given_again_after_withdrawal_is_a_new_record(municipality, domains):
    story = make_story(municipality, domains, {Purpose.ANALYSIS})
    services.withdraw_consent(story, Purpose.ANALYSIS, via="link")
    services.give_consent(story, Purpose.ANALYSIS, via="link")
    assert story.consents.filter(purpose=Purpose.ANALYSIS).count() == 2
    assert stories_for_analysis().filter(pk=story.pk).exists()


@pytest.mark.django_db
def test_consent_records_the_version_of_the_text(municipality, domains):
    from meervoud.stories.models import ConsentText

    story = make_story(municipality, domains, {Purpose.ANALYSIS})
    assert story.consents.get().consent_text.version == 1
    ConsentText.objects.create(purpose=Purpose.ANALYSIS, version=2, text_nl="Nieuw", text_en="New")
    later = make_story(municipality, domains, {Purpose.ANALYSIS}, text="Weer een ander verhaal hier.")
    assert later.consents.get().consent_text.version == 2
    assert story.consents.get().consent_text.version == 1


@pytest.mark.django_db
def test_deleting_a_story_withdraws_everything_on_record(municipality, domains):
    story = make_story(municipality, domains, {Purpose.ANALYSIS, Purpose.QUOTE})
    story_id = story.pk
    services.delete_story(story, via="link")
    assert not Story.objects.filter(pk=story_id).exists()
    withdrawn = set(ConsentEvent.objects.filter(story_id_ref=story_id, action="withdrawn")
                    .values_list("purpose", flat=True))
    assert withdrawn == {Purpose.ANALYSIS, Purpose.QUOTE}


@pytest.mark.django_db
def test_unknown_purpose_is_refused(municipality, domains):
    story = make_story(municipality, domains, {Purpose.ANALYSIS})
    with pytest.raises(ValueError):
        services.give_consent(story, "marketing", via="form")
