"""Session 26: "Samenvoegen ongedaan maken". A wrong merge is undone from the target's page while
nothing relevant changed since: the merged theme comes back with its key, name, collective
statement, validation (the one a second peer expert gave, as it was), sub-themes, pins and
statements; a later analysis or later curation of the two themes makes it impossible, and the
page says why. Statements of stories withdrawn since stay gone, and words cut from the history
stay cut."""

import html
import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.knowledge import curation, unmerge
from meervoud.knowledge.models import AnalysisRun, CurationEvent, ManualCoding, Statement, Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.publication.selectors import is_published, withheld_themes
from meervoud.stories import services as story_services
from meervoud.stories.models import Purpose

pytestmark = pytest.mark.django_db

NEW_ANALYSIS = "na het samenvoegen is er een nieuwe analyse geweest"
CHANGED = "nog veranderd"
DONE = "al ongedaan gemaakt"


def _text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def people(make_user):
    """Anna and Bert curate; Carla is the second peer expert who validated before."""
    return (make_user(Role.NARRATOR, "ed-anna"), make_user(Role.NARRATOR, "ed-bert"),
            make_user(Role.NARRATOR, "ed-carla"))


@pytest.fixture
def wrong_merge(publish, people):
    """"Wachten op hulp" (validated by Carla, a sub-theme, a pinned statement, a coder's code)
    was merged by Bert into "Doel", which sounded alike but is not."""
    _anna, bert, carla = people
    k = k_threshold()
    validated_at = timezone.now() - timedelta(days=30)
    source = publish.backed("bron", k, name="Wachten op hulp", label="Hulp", keywords=["hulp"],
                            insight="Wie lang wacht, geeft op.", validated_by=carla)
    Theme.objects.filter(pk=source.pk).update(validated_at=validated_at)
    sub = publish.theme("bron-sub", validated=False, label="Laat", parent=source)
    in_sub = publish.statement("bron-sub", "V-sub")
    Statement.objects.filter(pk=in_sub.pk).update(theme=source, subtheme=sub)
    pinned = Statement.objects.filter(theme=source, subtheme=None).order_by("pk").first()
    Statement.objects.filter(pk=pinned.pk).update(pinned_theme=source)
    ManualCoding.objects.create(statement=pinned, coder=carla, theme=source)
    target = publish.backed("doel", 2, validated=False, label="Doel")
    before = {key: (theme, sub_key, pin) for key, theme, sub_key, pin in Statement.objects.values_list(
        "key", "theme__key", "subtheme__key", "pinned_theme__key")}
    curation.merge(Theme.objects.get(pk=source.pk), Theme.objects.get(pk=target.pk), user=bert)
    assert not Theme.objects.get(pk=source.pk).active, "precondition"
    assert set(Statement.objects.values_list("theme__key", flat=True)) == {"doel"}, "precondition"
    return {"before": before, "validated_at": validated_at, "merge": CurationEvent.objects.get(action="merge")}


def _undo(user, event=None):
    event = event or CurationEvent.objects.filter(action="merge").first()
    return unmerge.undo_merge(Theme.objects.get(pk=event.theme_id), event.pk, user=user)


def _placed() -> dict:
    return {key: (theme, sub, pin) for key, theme, sub, pin in Statement.objects.values_list(
        "key", "theme__key", "subtheme__key", "pinned_theme__key")}


# ------------------------------------------------------------------------------ what comes back


def test_the_undo_restores_key_name_insight_validation_sub_theme_and_statements(wrong_merge, people):
    anna, _bert, carla = people
    undone = _undo(anna)

    source = Theme.objects.get(key="bron")
    assert undone.theme.pk == source.pk and source.active
    assert (source.name, source.label, source.keywords, source.insight) == (
        "Wachten op hulp", "Hulp", ["hulp"], "Wie lang wacht, geeft op.")
    # the validation Carla gave, as it was: not a new one by Anna, who undid the merge
    assert source.validated_by == carla and source.validated_at == wrong_merge["validated_at"]
    assert Theme.objects.get(key="bron-sub").active
    assert _placed() == wrong_merge["before"], "every statement back where it was, pins too"
    assert ManualCoding.objects.get().theme == source, "a coder's code follows the theme back"
    # counted again at once, as after other curation
    assert source.narrators == k_threshold() + 1 and Theme.objects.get(key="doel").narrators == 2
    assert Theme.objects.get(key="bron-sub").narrators == 1
    assert is_published(source)


def test_a_validated_target_gets_back_the_validation_the_merge_took(publish, people):
    anna, bert, carla = people
    target = publish.backed("doel", 2, label="Doel", insight="Eerste tekst.", insight_draft="Nieuwe tekst.",
                            insight_written_by=anna, validated_by=carla)
    publish.backed("bron", 2, validated=False, label="Bron")
    curation.merge(Theme.objects.get(key="bron"), target, user=bert)
    merged = Theme.objects.get(key="doel")
    assert not merged.validated and merged.insight == "Nieuwe tekst.", "precondition: the merge took it"

    _undo(anna)

    target.refresh_from_db()
    assert target.validated and target.validated_by == carla
    assert (target.insight, target.insight_draft, target.insight_written_by) == ("Eerste tekst.", "Nieuwe tekst.", anna)


def test_a_label_only_theme_the_merge_unvalidated_gets_its_label_and_validation_back(publish, people):
    """Merged, it holds no statement: its label falls away and, without a name, its validation
    with it (``label_changed``). Undone, both come back as they were."""
    anna, bert, carla = people
    source = publish.backed("bron", k_threshold(), label="Hulp", keywords=["hulp"], validated_by=carla)
    publish.backed("doel", 2, validated=False, label="Doel")
    curation.merge(source, Theme.objects.get(key="doel"), user=bert)
    gone = Theme.objects.get(key="bron")
    assert (gone.label, gone.validated) == ("", False), "precondition"

    _undo(anna)

    source.refresh_from_db()
    assert (source.label, source.keywords, source.validated_by) == ("Hulp", ["hulp"], carla)
    assert is_published(source)


def test_a_name_the_identifying_check_now_refuses_comes_back_validated_but_withheld(publish, people):
    """Validated before the check knew it: restored as it was, and kept out of the Kennisbank
    as every such theme is (``publication.withheld``)."""
    anna, bert, carla = people
    source = publish.backed("bron", k_threshold(), name="Het gesprek met Fatima", validated_by=carla)
    publish.backed("doel", 2, validated=False, label="Doel")
    curation.merge(source, Theme.objects.get(key="doel"), user=bert)

    _undo(anna)

    source.refresh_from_db()
    assert source.active and source.validated_by == carla
    assert "bron" in withheld_themes() and not is_published(source)


# ------------------------------------------------------------------------------ when it is refused


def test_refused_after_a_later_analysis(wrong_merge, people):
    anna, _bert, _carla = people
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, started_at=timezone.now(),
                               finished_at=timezone.now() + timedelta(seconds=1))
    with pytest.raises(unmerge.UndoRefused) as refused:
        _undo(anna)
    assert NEW_ANALYSIS in refused.value.message
    assert not Theme.objects.get(key="bron").active
    assert not CurationEvent.objects.filter(action__in=["unmerge", "unmerged"]).exists()


def test_refused_while_an_analysis_runs(wrong_merge, people):
    anna, _bert, _carla = people
    AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=timezone.now(),
                               beat_at=timezone.now())
    with pytest.raises(unmerge.UndoRefused) as refused:
        _undo(anna)
    assert "er loopt een analyse" in refused.value.message


def test_an_analysis_that_finished_before_the_merge_does_not_count(wrong_merge, people):
    anna, _bert, _carla = people
    earlier = wrong_merge["merge"].at - timedelta(minutes=5)
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, started_at=earlier, finished_at=earlier)
    assert _undo(anna).theme.active


def test_refused_after_a_statement_that_came_with_it_was_moved_on(wrong_merge, publish, people):
    anna, bert, _carla = people
    elsewhere = publish.theme("elders", validated=False, label="Elders")
    came = Statement.objects.filter(key__in=[k for k, v in wrong_merge["before"].items() if v[0] == "bron"])
    curation.move_statements(list(came[:1]), elsewhere, user=bert)
    with pytest.raises(unmerge.UndoRefused) as refused:
        _undo(anna)
    assert CHANGED in refused.value.message and "Uitspraken naar een ander thema verplaatst" in refused.value.message


def test_refused_after_a_statement_was_moved_into_a_sub_theme_of_the_target(wrong_merge, publish, people):
    """The target's own history does not say so (only the sub-theme's does): the statements
    themselves are no longer where the merge put them."""
    anna, bert, _carla = people
    doel_sub = publish.theme("doel-sub", validated=False, label="Doel sub", parent=Theme.objects.get(key="doel"))
    came = Statement.objects.filter(key__in=[k for k, v in wrong_merge["before"].items() if v[0] == "bron"])
    curation.move_statements(list(came[:1]), doel_sub, user=bert)
    with pytest.raises(unmerge.UndoRefused) as refused:
        _undo(anna)
    assert "staan intussen ergens anders" in refused.value.message


@pytest.mark.parametrize("change", ["rename target", "insight target", "rename merged"])
def test_refused_after_later_curation_of_either_theme(wrong_merge, people, change):
    anna, bert, _carla = people
    if change == "rename target":
        curation.rename(Theme.objects.get(key="doel"), "Doel en meer", user=bert)
    elif change == "insight target":
        curation.write_insight(Theme.objects.get(key="doel"), "Samen een nieuwe tekst.", user=bert)
    else:
        curation.rename(Theme.objects.get(key="bron"), "Anders", user=bert)
    with pytest.raises(unmerge.UndoRefused) as refused:
        _undo(anna)
    assert CHANGED in refused.value.message
    assert not Theme.objects.get(key="bron").active


def test_a_corrected_kind_or_a_quote_decision_does_not_stand_in_the_way(wrong_merge, people):
    """They are about a sentence, wherever it stands: they stay as they are."""
    anna, bert, _carla = people
    target = Theme.objects.get(key="doel")
    statement = Statement.objects.filter(theme=target).order_by("pk").first()
    curation.set_kinds(target, {statement.key: (statement.kind, "need")}, user=bert)
    _undo(anna)
    assert Statement.objects.get(pk=statement.pk).kind == "need"


def test_only_the_last_merge_can_be_undone(wrong_merge, publish, people):
    anna, bert, _carla = people
    publish.backed("derde", 2, validated=False, label="Derde")
    curation.merge(Theme.objects.get(key="derde"), Theme.objects.get(key="doel"), user=bert)
    with pytest.raises(unmerge.UndoRefused) as refused:
        _undo(anna, wrong_merge["merge"])
    assert CHANGED in refused.value.message
    _undo(anna)  # the last one, "derde"
    assert Theme.objects.get(key="derde").active and not Theme.objects.get(key="bron").active


def test_a_target_merged_away_since_is_told_as_gone(wrong_merge, publish, people):
    anna, bert, _carla = people
    publish.backed("verder", 2, validated=False, label="Verder")
    curation.merge(Theme.objects.get(key="doel"), Theme.objects.get(key="verder"), user=bert)
    with pytest.raises(curation.ThemeGone):
        _undo(anna, wrong_merge["merge"])
    assert not Theme.objects.get(key="bron").active


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="an undo and a merge at once need two connections to a server; SQLite makes them take turns")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_undo_and_a_merge_of_the_target_at_once_on_postgresql_leave_every_statement_in_use(
        reference_data, publish, people):
    anna, bert, _carla = people
    publish.backed("bron", 2, validated=False, label="Bron")
    publish.backed("doel", 2, validated=False, label="Doel")
    publish.backed("verder", 2, validated=False, label="Verder")
    curation.merge(Theme.objects.get(key="bron"), Theme.objects.get(key="doel"), user=bert)
    event = CurationEvent.objects.get(action="merge")
    both_loaded = threading.Barrier(2, timeout=30)
    outcome: list = []

    def act(name, action):
        try:
            both_loaded.wait()
            action()
            outcome.append(name)
        except (curation.ThemeGone, unmerge.UndoRefused):
            outcome.append(f"{name} refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("undo", lambda: unmerge.undo_merge(
            Theme.objects.get(key="doel"), event.pk, user=anna))),
        threading.Thread(target=act, args=("merge", lambda: curation.merge(
            Theme.objects.get(key="doel"), Theme.objects.get(key="verder"), user=bert))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome) in (["merge", "undo"], ["merge", "undo refused"])
    assert all(Statement.objects.values_list("theme__active", flat=True))
    in_bron = Statement.objects.filter(theme__key="bron").count()
    assert in_bron == (2 if "undo" in outcome else 0)


# ------------------------------------------------------------------------------ consent and words


def test_statements_of_a_story_withdrawn_since_do_not_come_back(wrong_merge, people):
    anna, _bert, _carla = people
    came = [k for k, v in wrong_merge["before"].items() if v[0] == "bron"]
    withdrawn = Statement.objects.get(key=came[0])
    story_services.withdraw_consent(withdrawn.story, Purpose.ANALYSIS, via="link")
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).exists(), "precondition: queued, not run"

    _undo(anna)

    assert not Statement.objects.filter(key=came[0]).exists()
    assert set(Statement.objects.filter(key__in=came).values_list("theme__key", flat=True)) == {"bron"}
    assert Theme.objects.get(key="bron").narrators == k_threshold()


def test_words_cut_from_the_history_stay_cut_and_the_validation_of_the_old_text_is_not_restored(publish, people):
    anna, bert, carla = people
    told = "Ik wachtte elf maanden op een gesprek met iemand van de gemeente."
    source = publish.backed("bron", k_threshold(), name="Wachten op hulp", validated_by=carla,
                            insight=f"Een verteller zei: {told}")
    quoted = publish.statement("bron", "V-quote", text=told)
    publish.backed("doel", 2, validated=False, label="Doel")
    curation.merge(source, Theme.objects.get(key="doel"), user=bert)
    story_services.withdraw_consent(quoted.story, Purpose.QUOTE, via="link")

    undone = _undo(anna)

    source.refresh_from_db()
    assert "elf maanden" not in source.insight and "[…]" in source.insight
    assert not source.validated and undone.validation_lost
    assert all("elf maanden" not in str(event.detail) for event in CurationEvent.objects.all())


# ------------------------------------------------------------------------------ the page


def _undo_url(key="doel"):
    return reverse("knowledge:merge_undo", args=[key])


def test_the_target_page_offers_the_undo_and_both_histories_show_it(client, wrong_merge, people):
    anna, _bert, _carla = people
    client.force_login(anna)
    page = client.get(reverse("knowledge:theme", args=["doel"]))
    assert "Samenvoegen ongedaan maken" in _text(page)
    assert f'name="samenvoeging" value="{wrong_merge["merge"].pk}"' in page.content.decode()

    response = client.post(_undo_url(), {"samenvoeging": wrong_merge["merge"].pk}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("knowledge:theme", args=["bron"])
    assert "Het samenvoegen is ongedaan gemaakt" in _text(response)
    source_history = _text(response)
    assert "Samenvoegen met een ander thema ongedaan gemaakt: Doel" in source_history
    assert "Samengevoegd met een ander thema: Doel" in source_history
    target_history = _text(client.get(reverse("knowledge:theme", args=["doel"])))
    assert "Samenvoegen ongedaan gemaakt: Wachten op hulp" in target_history
    assert "Een ander thema hiermee samengevoegd: Wachten op hulp" in target_history
    assert "Samenvoegen ongedaan maken" not in target_history, "nothing left to undo"


def test_the_page_says_why_it_can_no_longer_be_undone(client, wrong_merge, people):
    anna, _bert, _carla = people
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, started_at=timezone.now(),
                               finished_at=timezone.now() + timedelta(seconds=1))
    client.force_login(anna)
    page = client.get(reverse("knowledge:theme", args=["doel"]))
    assert 'id="merge-undo-refused"' in page.content.decode() and NEW_ANALYSIS in _text(page)
    assert 'name="samenvoeging"' not in page.content.decode()

    response = client.post(_undo_url(), {"samenvoeging": wrong_merge["merge"].pk}, follow=True)
    assert NEW_ANALYSIS in _text(response) and not Theme.objects.get(key="bron").active


def test_a_second_click_says_it_was_already_undone(client, wrong_merge, people):
    anna, bert, _carla = people
    client.force_login(anna)
    client.post(_undo_url(), {"samenvoeging": wrong_merge["merge"].pk})
    with pytest.raises(unmerge.MergeUndone):
        _undo(bert, wrong_merge["merge"])

    response = client.post(_undo_url(), {"samenvoeging": wrong_merge["merge"].pk}, follow=True)

    assert DONE in _text(response)
    assert CurationEvent.objects.filter(action="unmerge").count() == 1
    assert Statement.objects.filter(theme__key="bron").count() == k_threshold() + 1


def test_only_curators_undo(client, wrong_merge, make_user):
    url, data = _undo_url(), {"samenvoeging": wrong_merge["merge"].pk}
    client.force_login(make_user(Role.RESEARCHER, "ruben"))
    assert client.post(url, data).status_code == 403
    assert 'name="samenvoeging"' not in client.get(reverse("knowledge:theme", args=["doel"])).content.decode()
    client.logout()
    assert client.post(url, data).status_code == 302  # to log in
    assert not Theme.objects.get(key="bron").active
    client.force_login(make_user(Role.COORDINATOR, "coco"))
    assert client.get(url).status_code == 405
    client.post(url, data)
    assert Theme.objects.get(key="bron").active


def test_an_event_that_is_not_a_merge_of_this_theme_is_not_found(client, wrong_merge, people):
    anna, _bert, _carla = people
    client.force_login(anna)
    merged_into = CurationEvent.objects.get(action="merged-into")
    assert client.post(_undo_url(), {"samenvoeging": merged_into.pk}).status_code == 404
    assert client.post(_undo_url("bron"), {"samenvoeging": wrong_merge["merge"].pk}).status_code == 404
    assert client.post(_undo_url(), {"samenvoeging": "x"}).status_code == 404
