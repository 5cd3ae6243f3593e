"""Curation shows at once what the next analysis keeps: statements land where the pins put
them, and the themes concerned count their narrators again straight away."""

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation, services
from meervoud.knowledge.models import AnalysisRun, Statement, Theme
from meervoud.knowledge.selectors import theme_statements


@pytest.fixture
def analysed(tfidf, demo_subset):
    demo_subset(15)
    services.run_analysis(AnalysisRun.objects.create())


def _narrators(theme: Theme) -> set[str]:
    return set(theme_statements(theme).values_list("story__narrator__code", flat=True))


def _stored(theme: Theme) -> tuple[int, int, int]:
    theme.refresh_from_db()
    return theme.narrators, theme.evidence.get("narrators"), theme.evidence.get("statements")


def _counted(theme: Theme) -> tuple[int, int, int]:
    n = len(_narrators(theme))
    return n, n, theme_statements(theme).count()


def _largest_two():
    return list(Theme.objects.filter(active=True, parent=None).order_by("-narrators", "key")[:2])


@pytest.mark.django_db
def test_merging_counts_the_narrators_of_both_themes_at_once(analysed, make_user):
    source, target = _largest_two()
    together = _narrators(source) | _narrators(target)
    assert len(together) > target.narrators  # the merge must add someone, or this proves nothing

    curation.merge(source, target, user=make_user(Role.NARRATOR))

    assert _stored(target) == (len(together), len(together), _counted(target)[2])
    assert target.evidence["share"] > 0
    source.refresh_from_db()
    assert not source.active
    assert not Theme.objects.filter(parent=source, active=True).exists()


@pytest.mark.django_db
def test_moving_one_narrators_statements_moves_that_narrator(analysed, make_user):
    source, target = _largest_two()
    alone_in_source = sorted(_narrators(source) - _narrators(target))[0]
    moved = theme_statements(source).filter(story__narrator__code=alone_in_source)
    before = source.narrators, target.narrators

    curation.move_statements(list(moved), target, user=make_user(Role.NARRATOR))

    assert _stored(source) == _counted(source)
    assert _stored(target) == _counted(target)
    assert (source.narrators, target.narrators) == (before[0] - 1, before[1] + 1)


@pytest.mark.django_db
def test_a_statement_moved_to_another_theme_leaves_its_sub_theme(analysed, make_user):
    sub = Theme.objects.filter(active=True, parent__isnull=False).order_by("-narrators", "key").first()
    statement = Statement.objects.filter(subtheme=sub).order_by("key").first()
    target = Theme.objects.filter(active=True, parent=None).exclude(pk=sub.parent_id).first()

    curation.move_statements([statement], target, user=make_user(Role.NARRATOR))

    statement.refresh_from_db()
    assert (statement.theme_id, statement.subtheme_id) == (target.pk, None)
    assert not theme_statements(sub).filter(pk=statement.pk).exists()
    assert _stored(sub) == _counted(sub)
    assert _stored(sub.parent) == _counted(sub.parent)


@pytest.mark.django_db
def test_moving_into_a_sub_theme_is_what_the_next_analysis_keeps(analysed, make_user):
    sub = Theme.objects.filter(active=True, parent__isnull=False).order_by("-narrators", "key").first()
    statement = Statement.objects.exclude(theme=sub.parent).exclude(theme=None).order_by("key").first()

    curation.move_statements([statement], sub, user=make_user(Role.NARRATOR))
    statement.refresh_from_db()
    now = statement.theme_id, statement.subtheme_id
    assert now == (sub.parent_id, sub.pk)
    assert _stored(sub) == _counted(sub)

    services.run_analysis(AnalysisRun.objects.create())
    statement.refresh_from_db()
    assert (statement.theme_id, statement.subtheme_id) == now


@pytest.mark.django_db
def test_merging_a_sub_theme_takes_its_statements_along(analysed, make_user):
    sub = Theme.objects.filter(active=True, parent__isnull=False).order_by("-narrators", "key").first()
    keys = set(Statement.objects.filter(subtheme=sub).values_list("key", flat=True))
    target = Theme.objects.filter(active=True, parent=None).exclude(pk=sub.parent_id).first()

    curation.merge(sub, target, user=make_user(Role.NARRATOR))

    assert set(Statement.objects.filter(theme=target, key__in=keys).values_list("key", flat=True)) == keys
    assert not Statement.objects.filter(subtheme=sub).exists()
    assert _stored(target) == _counted(target)
    assert _stored(sub.parent) == _counted(sub.parent)


@pytest.mark.django_db
def test_splitting_a_sub_theme_makes_a_sibling_with_its_own_count(analysed, make_user):
    sub = Theme.objects.filter(active=True, parent__isnull=False).order_by("-narrators", "key").first()
    chosen = list(Statement.objects.filter(subtheme=sub).order_by("key")[:2])

    new = curation.split(sub, chosen, "Eigen woorden", user=make_user(Role.NARRATOR))

    assert new.parent_id == sub.parent_id
    for statement in chosen:
        statement.refresh_from_db()
        assert (statement.theme_id, statement.subtheme_id) == (sub.parent_id, new.pk)
    assert _stored(new) == _counted(new) and new.narrators >= 1
    assert new.keyword_share is None  # no keywords of its own until the next analysis
    assert _stored(sub) == _counted(sub)


@pytest.mark.django_db
def test_the_theme_page_shows_the_new_count_after_a_merge(client, make_user, analysed):
    source, target = _largest_two()
    together = len(_narrators(source) | _narrators(target))
    client.force_login(make_user(Role.NARRATOR))
    response = client.post(reverse("knowledge:theme", args=[source.key]),
                           {"form": "statements", "action": "merge", "target": target.pk, "confirm": "1"})
    page = client.get(response["Location"]).content.decode()
    assert f"<dt>Verschillende vertellers</dt><dd>{together}</dd>" in page


@pytest.mark.django_db
def test_a_theme_cannot_merge_into_its_own_sub_theme(client, make_user, analysed):
    sub = Theme.objects.filter(active=True, parent__isnull=False).order_by("-narrators", "key").first()
    client.force_login(make_user(Role.NARRATOR))
    response = client.post(reverse("knowledge:theme", args=[sub.parent.key]),
                           {"form": "statements", "action": "merge", "target": sub.pk, "confirm": "1"})
    assert response.status_code == 200
    assert "niet opgaan in een eigen subthema" in response.content.decode()
    sub.parent.refresh_from_db()
    assert sub.parent.active


@pytest.mark.django_db
def test_merging_a_theme_with_more_statements_than_sqlite_takes_as_parameters(analysed, make_user):
    import sqlite3

    from django.db import connection

    source, target = _largest_two()
    size = theme_statements(source).count()
    assert size >= 40
    together = _narrators(source) | _narrators(target)
    connection.ensure_connection()
    limited = connection.vendor == "sqlite"
    if limited:  # a corpus of 50,000 stories made small: the source holds more than SQLite takes
        before = connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, size - 1)
    try:
        curation.merge(source, target, user=make_user(Role.NARRATOR))
    finally:
        if limited:
            connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    assert _stored(target)[0] == len(together)
    assert not theme_statements(source).exists()


class CuratingMidway:
    """The real pipeline; a peer expert acts after the engine read the corpus, before storing."""

    def __init__(self, act):
        self.inner, self.act = services.build_pipeline(), act

    def run(self, *args, **kwargs):
        result = self.inner.run(*args, **kwargs)
        self.act()
        return result


def _analyse_while(act) -> AnalysisRun:
    run = services.run_analysis(AnalysisRun.objects.create(), pipeline=CuratingMidway(act))
    assert run.status == AnalysisRun.Status.DONE
    return run


def _analyse_queued():
    queued = AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED)
    assert queued.exists()  # the run that saw the curation queued another
    for run in queued:
        services.run_analysis(run)


@pytest.mark.django_db
def test_what_a_peer_expert_does_while_an_analysis_runs_is_not_undone(analysed, make_user):
    user = make_user(Role.NARRATOR)
    source, target = _largest_two()
    moved = list(theme_statements(source).order_by("key")[:3])
    corrected = Statement.objects.exclude(kind=Statement.Kind.NEED).order_by("key").last()

    def act():
        curation.move_statements(moved, target, user=user)
        corrected.kind = Statement.Kind.NEED  # a person's correction of the kind
        corrected.save(update_fields=["kind"])

    _analyse_while(act)
    assert set(Statement.objects.filter(pk__in=[s.pk for s in moved]).values_list("theme", flat=True)) == {
        target.pk}
    assert Statement.objects.get(pk=corrected.pk).kind == Statement.Kind.NEED
    for theme in (source, target):  # counted as they are now, not as the engine found them
        assert _stored(theme) == _counted(theme)
    _analyse_queued()
    assert set(Statement.objects.filter(pk__in=[s.pk for s in moved]).values_list("theme", flat=True)) == {
        target.pk}
    assert Statement.objects.get(pk=corrected.pk).kind == Statement.Kind.NEED


@pytest.mark.django_db
def test_a_split_or_merge_while_an_analysis_runs_is_not_undone(analysed, make_user):
    user = make_user(Role.NARRATOR)
    source, target = _largest_two()
    third = Theme.objects.filter(active=True, parent=None).order_by("-narrators", "key")[2]
    split_off = list(theme_statements(third).order_by("key")[:4])
    made = {}

    def act():
        made["theme"] = curation.split(third, Statement.objects.filter(pk__in=[s.pk for s in split_off]),
                                       "Tijdens de analyse", user=user)
        curation.merge(source, target, user=user)

    _analyse_while(act)
    new = Theme.objects.get(pk=made["theme"].pk)
    source.refresh_from_db()
    assert new.active and not source.active
    assert set(theme_statements(new).values_list("pk", flat=True)) == {s.pk for s in split_off}
    assert not theme_statements(source).exists()
    _analyse_queued()
    new.refresh_from_db()
    source.refresh_from_db()
    assert new.active and new.title == "Tijdens de analyse" and not source.active
    assert {s.pk for s in split_off} <= set(theme_statements(new).values_list("pk", flat=True))
