"""Two people, or a person and the analysis, at the same moment (session 20): the Dutch answers
and the edges of the fixes that tests/core/test_review_s20_concurrency.py asks for."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge import services as knowledge
from meervoud.knowledge.models import AnalysisRun, Statement, Theme, WithdrawnQuote
from meervoud.knowledge.services import forget_story
from meervoud.stories import services as story_services
from meervoud.stories.models import Story
from tests.knowledge.conftest import demo_subset, tfidf  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

WORDS = "Ik lag elke nacht wakker van de brieven van de deurwaarder en durfde niemand te bellen."


def _hidden(page, name: str, form: str) -> str:
    """The value of hidden input ``name`` in the form whose ``form`` input is ``form``."""
    html = page.content.decode()
    for chunk in html.split("<form")[1:]:
        chunk = chunk.split("</form>")[0]
        if f'name="form" value="{form}"' in chunk:
            return unescape(re.search(rf'name="{name}" value="([^"]*)"', chunk).group(1))
    raise AssertionError(f"no {form} form")


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


# ------------------------------------------------------------------------------- the name


def test_a_name_from_a_stale_page_is_refused_in_dutch_and_can_be_saved_after_reading(
        client, publish, make_user):
    publish.theme("t", validated=False)
    url = reverse("knowledge:theme", args=["t"])
    client.force_login(make_user(Role.NARRATOR, "ed-bert"))
    stale = _hidden(client.get(url), "name_was", "texts")
    curation.rename(Theme.objects.get(key="t"), "Brieven die niemand begrijpt",
                    user=make_user(Role.NARRATOR, "ed-anna"))

    conflict = client.post(url, {"form": "rename", "name": "Schulden", "name_was": stale})
    assert conflict.status_code == 409
    shown = _text(conflict)
    assert "Iemand anders heeft de naam van het thema intussen veranderd" in shown
    assert 'value="Schulden"' in conflict.content.decode()  # his name is still in the field
    assert Theme.objects.get(key="t").name == "Brieven die niemand begrijpt"

    # he read the new name and still wants his: the conflict page's form says so
    fresh = _hidden(conflict, "name_was", "texts")
    assert client.post(url, {"form": "rename", "name": "Schulden", "name_was": fresh}).status_code == 302
    assert Theme.objects.get(key="t").name == "Schulden"


def test_the_same_name_sent_twice_is_no_conflict(client, publish, make_user):
    publish.theme("t", validated=False)
    url = reverse("knowledge:theme", args=["t"])
    client.force_login(make_user(Role.NARRATOR, "ed-bert"))
    was = _hidden(client.get(url), "name_was", "texts")
    for _ in range(2):  # a double click: the second carries the version of before the first
        assert client.post(url, {"form": "rename", "name": "Schulden", "name_was": was}).status_code == 302
    theme = Theme.objects.get(key="t")
    assert theme.name == "Schulden"
    assert theme.curation_events.filter(action="rename").count() == 1


def test_a_new_label_from_the_analysis_is_no_conflict(publish, make_user):
    """Only the peer experts' own name is protected: the engine's label replaces nobody's words."""
    theme = publish.theme("t", validated=False)
    was = curation.name_version(theme)
    Theme.objects.filter(pk=theme.pk).update(label="een nieuw label")
    curation.rename(theme, "Schulden", user=make_user(Role.NARRATOR), based_on=was)
    assert Theme.objects.get(pk=theme.pk).name == "Schulden"


# ------------------------------------------------------------------------- the validation


def test_a_first_validation_from_a_stale_page_is_refused_in_dutch(client, publish, make_user):
    theme = publish.theme("t", validated=False, insight="Wachten maakt moedeloos.")
    url = reverse("knowledge:theme", args=["t"])
    client.force_login(make_user(Role.NARRATOR, "ed-bert"))
    stale = _hidden(client.get(url), "insight_was", "validate")
    curation.write_insight(theme, "CONCEPT, niet publiceren", user=make_user(Role.NARRATOR, "ed-anna"))

    conflict = client.post(url, {"form": "validate", "insight_was": stale})
    assert conflict.status_code == 409
    assert ("Iemand anders heeft de kennisuitspraak intussen veranderd. Er is niets gevalideerd."
            in _text(conflict))
    assert not Theme.objects.get(pk=theme.pk).validated

    # he read the new text on the conflict page and validates it after all
    fresh = _hidden(conflict, "insight_was", "validate")
    assert client.post(url, {"form": "validate", "insight_was": fresh}).status_code == 302
    assert Theme.objects.get(pk=theme.pk).validated


def test_a_validation_without_a_version_is_refused_only_when_a_new_text_waits(publish, make_user):
    """A page from before the versions: trusted for a first validation (nothing else was shown
    there), never to publish a waiting draft."""
    peer = make_user(Role.NARRATOR)
    theme = publish.theme("t", validated=False, insight="Eerste tekst.")
    curation.set_validated(theme, True, user=peer, based_on="")
    assert Theme.objects.get(pk=theme.pk).validated
    curation.write_insight(theme, "Tweede tekst.", user=peer)
    with pytest.raises(curation.InsightChanged):
        curation.set_validated(Theme.objects.get(pk=theme.pk), True, user=peer, based_on="")


# ------------------------------------------------------------------- withdrawn words


def test_withdrawn_words_cannot_be_written_again_and_only_digests_are_kept(publish, make_user):
    theme = publish.theme("t", validated=False)
    hers = publish.statement("t", "verteller-n", text=WORDS)
    forget_story(hers.story_id)

    # nothing of her words is stored: only keyed digests, which are not her words hashed plainly
    stored = list(WithdrawnQuote.objects.values_list("digest", flat=True))
    assert stored and not any("deurwaarder" in digest for digest in stored)

    curation.write_insight(theme, f"Een verteller: {WORDS} Dat zeggen er meer.",
                           user=make_user(Role.NARRATOR))
    theme.refresh_from_db()
    assert "deurwaarder" not in theme.insight and "[…]" in theme.insight
    assert theme.insight.startswith("Een verteller:") and "Dat zeggen er meer." in theme.insight
    assert curation.without_withdrawn("Brieven maken mensen bang, zeggen vertellers.") is None


def test_withdrawn_words_are_forgotten_once_no_page_from_before_can_be_sent(publish, make_user):
    hers = publish.statement("t", "verteller-n", text=WORDS)
    forget_story(hers.story_id)
    assert curation.without_withdrawn(WORDS) is not None
    later = timezone.now() + timedelta(days=2)
    assert curation.purge_withdrawn_quotes(later) > 0
    assert not WithdrawnQuote.objects.exists()
    assert curation.without_withdrawn(WORDS) is None


def test_the_conflict_page_gives_her_text_back_without_the_withdrawn_words(client, publish, make_user):
    theme = publish.theme("t", validated=False)
    hers = publish.statement("t", "verteller-n", text=WORDS)
    curation.write_insight(theme, f"Een verteller: {WORDS}", user=make_user(Role.NARRATOR, "ed-anna"))
    url = reverse("knowledge:theme", args=["t"])
    client.force_login(make_user(Role.NARRATOR, "ed-bert"))
    was = _hidden(client.get(url), "insight_was", "texts")
    forget_story(hers.story_id)

    conflict = client.post(url, {"form": "insight", "insight_was": was,
                                 "insight": f"Een verteller: {WORDS} Hulp bij de post helpt."})
    assert conflict.status_code == 409
    assert "deurwaarder" not in conflict.content.decode()
    assert "Hulp bij de post helpt." in conflict.context["insight_form"]["insight"].value()
    assert "Een verteller heeft intussen haar of zijn toestemming ingetrokken." in _text(conflict)


# ---------------------------------------------------------------- the analysis storing


def test_what_peer_experts_do_while_a_run_stores_stays(tfidf, demo_subset, make_user):
    demo_subset(10)
    knowledge.run_analysis(AnalysisRun.objects.create())
    theme = Theme.objects.filter(active=True, parent=None).order_by("-narrators", "key").first()
    peer = make_user(Role.NARRATOR, "ed-curator")
    allowed = knowledge.analysable_story_ids
    done = []

    def while_storing():
        if not done:
            done.append(True)
            fresh = Theme.objects.get(pk=theme.pk)
            curation.rename(fresh, "Eén vast aanspreekpunt", user=peer)
            curation.write_insight(fresh, "Wie één vaste persoon had, hield het vol.", user=peer)
        return allowed()

    mp = pytest.MonkeyPatch()
    mp.setattr(knowledge, "analysable_story_ids", while_storing)
    try:
        run = knowledge.run_analysis(AnalysisRun.objects.create())
    finally:
        mp.undo()
    assert run.status == AnalysisRun.Status.DONE
    theme.refresh_from_db()
    assert (theme.name, theme.insight, theme.curated) == (
        "Eén vast aanspreekpunt", "Wie één vaste persoon had, hield het vol.", True)
    assert theme.last_run_id == run.pk  # the engine's own fields were stored


def test_a_story_corrected_while_a_run_ran_keeps_what_its_correction_left(tfidf, demo_subset):
    """An analysed story is corrected while the next run runs: its stored statements stay as the
    correction left them (not re-cut from the old words, nor deleted), the run keeps no
    fingerprint for it (so the next run cuts it again) and a next run is queued."""
    demo_subset(10)
    knowledge.run_analysis(AnalysisRun.objects.create())
    story = Story.objects.filter(statements__isnull=False).order_by("pk").first()
    first = Statement.objects.filter(story=story, field="text").order_by("start").first()
    corrected = story.text.replace(first.text, "").strip()
    before = set(Statement.objects.filter(story=story).exclude(pk=first.pk).values_list("key", flat=True))
    engine = knowledge.build_pipeline()

    class CorrectedMidway:
        def run(self, *args, **kwargs):
            result = engine.run(*args, **kwargs)
            story_services.correct_story(Story.objects.get(pk=story.pk), via="link", text=corrected)
            return result

    run = knowledge.run_analysis(AnalysisRun.objects.create(), pipeline=CorrectedMidway())
    assert run.status == AnalysisRun.Status.DONE
    stored = Statement.objects.filter(story=story)
    assert not stored.filter(text=first.text).exists()
    assert before <= set(stored.values_list("key", flat=True)) or not before
    text = Story.objects.get(pk=story.pk).text
    for statement in stored.filter(field="text"):
        assert text[statement.start:statement.end] == statement.text  # where it stands now
    assert str(story.pk) not in run.summary["fingerprints"]
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).exists()


def test_two_people_rename_through_the_page_at_the_same_moment(publish, make_user):
    """Both pages were opened before either saved: the second is told, the first name stays."""
    publish.theme("t", validated=False)
    url = reverse("knowledge:theme", args=["t"])
    anna, bert = Client(), Client()
    anna.force_login(make_user(Role.NARRATOR, "ed-anna"))
    bert.force_login(make_user(Role.NARRATOR, "ed-bert"))
    annas, berts = (_hidden(c.get(url), "name_was", "texts") for c in (anna, bert))
    assert anna.post(url, {"form": "rename", "name": "A", "name_was": annas}).status_code == 302
    assert bert.post(url, {"form": "rename", "name": "B", "name_was": berts}).status_code == 409
    assert Theme.objects.get(key="t").name == "A"
