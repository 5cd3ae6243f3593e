"""Curation, coding and counting at their edges: stale pages, double submissions, large
selections, withdrawals and curation while an analysis runs. Each of these failed before the
session-11 review (2026-11-23). Most build themes with the ``publish`` fixture (no engine run)."""

import sqlite3

import pytest
from django.db import connection
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge.models import CurationEvent, ManualCoding, Statement, Theme
from meervoud.knowledge.selectors import agreement, theme_statements
from meervoud.knowledge.services import refresh_evidence


def _with_sub(publish, narrators: int = 3):
    """A theme whose statements all sit in its one sub-theme, counted."""
    parent = publish.theme("ouder", validated=False)
    sub = publish.theme("kind", validated=False, parent=parent)
    statements = publish.many("ouder", narrators)
    Statement.objects.filter(pk__in=[s.pk for s in statements]).update(subtheme=sub)
    refresh_evidence([parent.pk, sub.pk])
    return parent, sub, statements


@pytest.mark.django_db
def test_moving_a_statement_from_a_sub_theme_to_its_parent_takes_it_out_of_the_sub_theme(
        client, make_user, publish):
    parent, sub, statements = _with_sub(publish)
    client.force_login(make_user(Role.NARRATOR))
    # on the sub-theme's page the parent is offered as a target: "this one does not belong here"
    response = client.post(reverse("knowledge:theme", args=[sub.key]), {
        "form": "statements", "action": "move", "statements": [statements[0].key], "target": parent.pk})
    assert response.status_code == 302  # "Opgeslagen."

    statements[0].refresh_from_db()
    sub.refresh_from_db()
    assert statements[0].subtheme_id is None  # out of the sub-theme, directly in its theme
    assert sub.narrators == 2


@pytest.mark.django_db
def test_a_statement_that_left_the_theme_meanwhile_gives_a_visible_error(client, make_user, publish):
    publish.many("a", 2)
    other = publish.theme("b")
    gone = Statement.objects.filter(theme__key="a").order_by("pk").first()
    user = make_user(Role.NARRATOR)
    client.force_login(user)
    url = reverse("knowledge:theme", args=["a"])
    data = {"form": "statements", "action": "move", "statements": [gone.key], "target": other.pk}
    client.post(url, data)
    # the same form sent again (double click, back button, or a second curator's stale page)
    response = client.post(url, data)

    assert response.status_code == 200  # not carried out, the page is shown again ...
    errors = response.context["action_form"].errors
    assert "statements" in errors
    page = response.content.decode()
    assert str(errors["statements"][0]) in page  # ... and says why


@pytest.mark.django_db
def test_a_theme_already_merged_away_cannot_be_merged_again(client, make_user, publish):
    moved = publish.many("a", 2)
    first, second = publish.theme("b"), publish.theme("c")
    client.force_login(make_user(Role.NARRATOR))
    url = reverse("knowledge:theme", args=["a"])
    client.post(url, {"form": "statements", "action": "merge", "target": first.pk, "confirm": "1"})
    # the page of "a" still open in another tab (or a second curator's): merge it into "c"
    response = client.post(url, {"form": "statements", "action": "merge", "target": second.pk, "confirm": "1"})

    assert set(Statement.objects.filter(pk__in=[s.pk for s in moved]).values_list("theme", flat=True)) == {
        first.pk}  # nothing went to "c" ...
    # ... and "c" records no merge of "a": the page says the theme no longer exists
    assert not CurationEvent.objects.filter(theme=second, action="merge").exists(), response.status_code
    assert response.status_code == 200 and "bestaat niet meer" in response.content.decode()


@pytest.mark.django_db
def test_a_merged_away_theme_does_not_keep_showing_its_old_count(client, make_user, publish):
    source = publish.theme("a")
    publish.many("a", 3)
    target = publish.theme("b")
    publish.many("b", 1)
    refresh_evidence([source.pk, target.pk])
    curation.merge(source, target, user=make_user(Role.NARRATOR, "curator"))

    source.refresh_from_db()
    assert not theme_statements(source).exists()
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(reverse("knowledge:theme", args=[source.key])).content.decode()
    assert "0 uitspraken" in page
    assert (source.narrators, "<dt>Verschillende vertellers</dt><dd>3</dd>" in page) == (0, False)


@pytest.mark.django_db
def test_withdrawn_consent_counts_the_share_of_every_theme_again(publish):
    from meervoud.stories.models import Purpose
    from meervoud.stories.services import withdraw_consent

    leaving = publish.many("a", 3)[0]
    publish.many("b", 2)
    a, b = Theme.objects.get(key="a"), Theme.objects.get(key="b")
    refresh_evidence([a.pk, b.pk])
    b.refresh_from_db()
    assert b.evidence["share"] == pytest.approx(2 / 5)

    withdraw_consent(leaving.story, Purpose.ANALYSIS, via="web")

    a.refresh_from_db()
    b.refresh_from_db()
    assert a.evidence["share"] == pytest.approx(2 / 4)
    assert b.evidence["share"] == pytest.approx(2 / 4)  # not 2 of 5: one narrator fewer in all


@pytest.mark.django_db
def test_a_coder_called_engine_is_not_replaced_by_the_engine(make_user, publish):
    statements = publish.many("a", 3)
    publish.theme("b")
    other = Theme.objects.get(key="b")
    for username in ("engine", "coder-b"):
        coder = make_user(Role.NARRATOR, username)
        ManualCoding.objects.bulk_create(ManualCoding(statement=s, coder=coder, theme=other)
                                         for s in statements)

    report = agreement()

    # two people and the engine coded: three coders, the person called "engine" among them
    assert len(report["coders"]) == 3, report["coders"]


def _many_statements(publish, theme_key: str, count: int) -> list[Statement]:
    """``count`` statements in one theme, cut from one story (cheap to make)."""
    first = publish.statement(theme_key, "veel-1")
    Statement.objects.bulk_create(
        Statement(key=f"{first.key}-{i}", story=first.story, text=f"zin {i}", start=i, end=i + 1,
                  content_hash=f"h{i:06d}", theme=first.theme) for i in range(count - 1))
    return list(Statement.objects.filter(theme=first.theme).order_by("pk"))


class _SqliteLimit:
    """SQLite before 3.32 takes 999 parameters in one query (core.db says Meervoud supports it)."""

    def __init__(self, limit: int):
        self.limit = limit

    def __enter__(self):
        connection.ensure_connection()
        if connection.vendor != "sqlite":
            pytest.skip("SQLite's parameter limit")
        self.before = connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, self.limit)

    def __exit__(self, *exc):
        connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, self.before)


@pytest.mark.django_db
def test_moving_more_statements_than_one_in_list_takes(make_user, publish):
    # e.g. a researcher's new code over a large corpus (exchange.curation.create_theme moves them all)
    statements = _many_statements(publish, "a", 1000)
    target = publish.theme("b")

    with _SqliteLimit(999):
        moved = curation.move_statements(statements, target, user=make_user(Role.NARRATOR))

    assert moved == 1000 and Statement.objects.filter(theme=target).count() == 1000


@pytest.mark.django_db
def test_agreement_over_more_coded_statements_than_one_in_list_takes(make_user, publish):
    statements = _many_statements(publish, "a", 1000)
    coder = make_user(Role.NARRATOR, "coder-a")
    ManualCoding.objects.bulk_create(ManualCoding(statement=s, coder=coder, theme=s.theme)
                                     for s in statements)

    with _SqliteLimit(999):
        report = agreement()

    assert report["units"] == 1000


@pytest.mark.django_db
def test_a_run_counts_only_the_statements_it_stored_when_consent_was_withdrawn_meanwhile(tfidf, demo_subset):
    from meervoud.knowledge import services
    from meervoud.knowledge.models import AnalysisRun
    from meervoud.stories.models import Purpose, Story
    from meervoud.stories.services import withdraw_consent

    demo_subset(10)
    leaving = Story.objects.order_by("pk").first()

    class WithdrawnMidway:
        def __init__(self):
            self.inner = services.build_pipeline()

        def run(self, *args, **kwargs):
            result = self.inner.run(*args, **kwargs)
            withdraw_consent(leaving, Purpose.ANALYSIS, via="web")
            return result

    run = services.run_analysis(AnalysisRun.objects.create(), pipeline=WithdrawnMidway())

    assert run.stories == Story.objects.exclude(pk=leaving.pk).count()  # the story left: right
    assert run.statements == Statement.objects.count()  # its statements are not counted


@pytest.mark.django_db
def test_a_statement_taken_out_of_its_theme_while_an_analysis_runs_is_not_counted(tfidf, demo_subset,
                                                                                  make_user):
    from meervoud.exchange.curation import remove_from_theme
    from meervoud.knowledge import services
    from meervoud.knowledge.models import AnalysisRun

    demo_subset(10)
    services.run_analysis(AnalysisRun.objects.create())
    theme = Theme.objects.filter(active=True, parent=None).order_by("-narrators", "key").first()
    codes = list(theme_statements(theme).values_list("story__narrator__code", flat=True))
    alone = next(code for code in sorted(set(codes)) if codes.count(code) == 1)
    statement = theme_statements(theme).get(story__narrator__code=alone)
    before = theme.narrators

    class RemovedMidway:  # a coding proposal's "remove" accepted while the engine runs
        def __init__(self):
            self.inner = services.build_pipeline()

        def run(self, *args, **kwargs):
            result = self.inner.run(*args, **kwargs)
            assert remove_from_theme(statement, theme, user=make_user(Role.COORDINATOR))
            return result

    services.run_analysis(AnalysisRun.objects.create(), pipeline=RemovedMidway())

    statement.refresh_from_db()
    theme.refresh_from_db()
    assert statement.theme_id is None  # the removal stays ...
    counted = len(set(theme_statements(theme).values_list("story__narrator__code", flat=True)))
    assert theme.narrators == counted, (before, theme.narrators, counted)  # ... and is counted


@pytest.mark.django_db
def test_skipping_statements_when_coding_does_not_leave_the_coder_stuck(client, make_user, publish):
    _many_statements(publish, "a", 12)
    client.force_login(make_user(Role.NARRATOR, "coder-a"))
    url = reverse("knowledge:coding")
    shown = [s.pk for s in client.get(url).context["statements"]]
    assert len(shown) == 10

    # "Sla over" on every one of them (the coder does not know these)
    client.post(url, {f"code-{pk}": "" for pk in shown})

    again = [s.pk for s in client.get(url).context["statements"]]
    assert again and not set(again) & set(shown)  # the next ones, not the same ten forever
    assert not ManualCoding.objects.filter(skipped=False).exists()  # a skip is no code


@pytest.mark.django_db
def test_a_collective_statement_and_a_name_can_be_cleared_again(client, make_user, publish):
    theme = publish.theme("a", validated=False)
    client.force_login(make_user(Role.NARRATOR))
    url = reverse("knowledge:theme", args=["a"])
    client.post(url, {"form": "insight", "insight": "Wachten maakt alles erger."})
    client.post(url, {"form": "rename", "name": "Wachten"})
    theme.refresh_from_db()
    assert (theme.insight, theme.title) == ("Wachten maakt alles erger.", "Wachten")

    # written in the wrong theme, or a name that no longer fits: empty gives them back
    assert client.post(url, {"form": "insight", "insight": ""}).status_code == 302
    assert client.post(url, {"form": "rename", "name": "  "}).status_code == 302
    theme.refresh_from_db()
    assert (theme.insight, theme.name, theme.title) == ("", "", theme.label)


@pytest.mark.django_db
def test_validating_twice_keeps_who_validated_first(client, make_user, publish):
    theme = publish.theme("a", validated=False)
    first, second = make_user(Role.NARRATOR, "eerste"), make_user(Role.NARRATOR, "tweede")
    url = reverse("knowledge:theme", args=["a"])
    client.force_login(first)
    client.post(url, {"form": "validate"})
    theme.refresh_from_db()
    when = theme.validated_at
    client.force_login(second)  # the same button on a page opened before the first click
    client.post(url, {"form": "validate"})
    theme.refresh_from_db()
    assert (theme.validated_by, theme.validated_at) == (first, when)
    assert CurationEvent.objects.filter(theme=theme, action="validate").count() == 1


@pytest.mark.django_db
def test_the_history_says_in_dutch_what_changed_and_keeps_a_merged_themes_words(client, make_user, publish):
    source = publish.theme("a", validated=False, name="Wachtlijsten", insight="Wachten maakt het erger.")
    publish.many("a", 2)
    target = publish.theme("b", validated=False)
    curator = make_user(Role.NARRATOR, "curator")
    curation.rename(target, "Wachten op hulp", user=curator)
    curation.merge(source, target, user=curator)

    client.force_login(curator)
    page = client.get(reverse("knowledge:theme", args=["b"])).content.decode()
    history = page.split("Wat is er veranderd", 1)[1]
    assert "Naam veranderd: b → Wachten op hulp" in history
    assert "Een ander thema hiermee samengevoegd: Wachtlijsten (“Wachten maakt het erger.”)" in history
    assert "· merge" not in history and "· rename" not in history  # no internal codes


@pytest.mark.django_db
def test_an_analysis_whose_process_stopped_does_not_block_a_new_one(client, make_user):
    from datetime import timedelta

    from django.utils import timezone

    from meervoud.knowledge.models import AnalysisRun

    client.force_login(make_user(Role.COORDINATOR))
    now = timezone.now()
    run = AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=now, beat_at=now,
                                     step="cluster", done=0, total=1)
    themes = client.get(reverse("knowledge:themes")).content.decode()
    assert "Er loopt een analyse" in themes and "Analyseer opnieuw" not in themes
    page = client.get(reverse("knowledge:run", args=[run.pk])).content.decode()
    assert "Thema&#x27;s zoeken" in page and "· cluster" not in page  # the step in Dutch

    # the worker restarted mid-run: no sign of life for an hour, the run will never finish
    AnalysisRun.objects.filter(pk=run.pk).update(beat_at=now - timedelta(hours=1))
    themes = client.get(reverse("knowledge:themes")).content.decode()
    assert "Er loopt een analyse" not in themes and "Analyseer opnieuw" in themes
    page = client.get(reverse("knowledge:run", args=[run.pk])).content.decode()
    assert "onderbroken" in page and 'http-equiv="refresh"' not in page


@pytest.mark.django_db
def test_merging_an_unvalidated_theme_into_a_validated_one_asks_for_validation_again(
        make_user, publish):
    """Peer experts validated what the target held; statements that nobody validated change
    it, so after the merge the target waits for validation again and its history says why.
    Two validated themes merged stay validated."""
    user = make_user(Role.NARRATOR)
    publish.many("checked", 2)
    publish.many("unchecked", 2)
    publish.many("also-checked", 2)
    checked, unchecked, also = (Theme.objects.get(key=k) for k in ("checked", "unchecked", "also-checked"))
    Theme.objects.filter(pk=unchecked.pk).update(validated_at=None)
    unchecked.refresh_from_db()
    assert checked.validated and also.validated and not unchecked.validated

    curation.merge(unchecked, checked, user=user)
    checked.refresh_from_db()
    assert not checked.validated
    assert any("nog niet gevalideerd" in event.description for event in checked.curation_events.all())

    fresh = publish.theme("fresh")
    publish.many("fresh", 2)
    curation.merge(also, fresh, user=user)
    fresh.refresh_from_db()
    assert fresh.validated


@pytest.mark.django_db
def test_the_theme_statements_left_says_where_they_went(make_user, publish):
    """A move is in both histories: the target's ('hierheen verplaatst') and the theme the
    statements left ('naar een ander thema verplaatst', with the target's name); so is a merge
    on the theme that was merged away."""
    user = make_user(Role.NARRATOR)
    moved = publish.many("from", 3)
    target = publish.theme("to", label="Wachten op hulp")
    publish.many("to", 2)
    source = Theme.objects.get(key="from")
    curation.move_statements(moved[:2], target, user=user)
    left = [event.description for event in source.curation_events.all()]
    assert left == ["Uitspraken naar een ander thema verplaatst (2): Wachten op hulp"], left

    curation.merge(source, target, user=user)
    assert source.curation_events.first().description == "Samengevoegd met een ander thema: Wachten op hulp"
