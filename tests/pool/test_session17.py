"""Session 17: an expert who stops after saying yes is told apart from one who said no. The
coordinator reads who stopped, the expert's history says so, and the matching does not ask
them again for that assignment."""

import pytest
from django.urls import reverse

from meervoud.pool import services
from meervoud.pool.models import Assignment, Proposal

from tests.pool.builders import assignment, expert, officer_of, org, sent

pytestmark = pytest.mark.django_db


def _accepted_team(make_user):
    made = assignment(org())
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    mine, theirs = sent(made, anna, bert)
    services.accept(mine)
    services.accept(theirs)
    return made, anna, bert, mine, theirs


def test_taking_back_a_yes_is_stored_as_stopping_not_as_a_no(make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user)
    services.decline(mine, "Ik ben ziek geworden")
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.STOPPED
    assert mine.get_status_display() == "Gestopt na ja"
    assert mine.decline_reason == "Ik ben ziek geworden"
    # the matching does not ask her again for this assignment
    assert str(made.pk) in services.to_expert(anna).declined


def test_a_no_to_a_question_stays_a_no(make_user):
    made = assignment(org())
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    mine, _theirs = sent(made, anna, bert)
    services.decline(mine, "Past niet in mijn week")
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.DECLINED


def test_the_coordinator_records_a_stop_in_running_work_as_stopping(client, make_user):
    made, anna, bert, mine, _theirs = _accepted_team(make_user)
    made.refresh_from_db()
    services.start(made)
    left = services.expert_stops(mine, "Nieuwe baan")
    assert left == 1
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.STOPPED
    # a second stop of the same proposal is refused, not recorded twice
    with pytest.raises(ValueError):
        services.expert_stops(mine, "Nog eens")


def test_the_overview_says_who_stopped_and_who_said_no(client, make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user)
    services.decline(mine, "Ik ben ziek geworden")
    other = assignment(org("Wijkteam Zwolle (review)", "Zwolle"), title="Workshop buurthuis")
    cees, dirk = expert(make_user, "Cees"), expert(make_user, "Dirk")
    no, _ = sent(other, cees, dirk)
    services.decline(no, "Past niet")
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("pool:overview")).content.decode()
    assert "Anna (test) stopte na een ja: Ik ben ziek geworden." in page
    assert "Cees (test) zei nee: Past niet." in page


def test_the_expert_history_on_her_profile_says_she_stopped(client, make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user)
    services.decline(mine, "Ik ben ziek geworden")
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("pool:expert_edit", args=[anna.pk])).content.decode()
    assert "Gestopt na ja: Ik ben ziek geworden" in page
    made.refresh_from_db()
    assert made.status == Assignment.Status.OPEN


# -- the matching's reasons, in the reader's language ----------------------------------------

def _unfillable_and_proposed(make_user):
    """One assignment the pool can fill (Anna and Bert) and one about NAH nobody can do."""
    from datetime import timedelta

    from meervoud.places.selectors import find_municipality
    from meervoud.stories.models import LifeDomain
    from tests.pool.builders import TODAY

    organisation = org()
    fillable = assignment(organisation, title="Training wijkteam")
    expert(make_user, "Anna", languages=("nl", "tr"))
    expert(make_user, "Bert")
    impossible = assignment(organisation, title="Maastricht, NAH", start=TODAY + timedelta(days=10))
    impossible.location = find_municipality("Maastricht")
    impossible.save()
    impossible.domains.set([LifeDomain.objects.get(slug="nah")])
    services.propose_teams(time_limit=5)
    fillable.refresh_from_db()
    impossible.refresh_from_db()
    return fillable, impossible


def test_the_coordinators_note_and_the_reasons_read_in_english(client, make_user):
    """The matching stores codes and values; each page words them in its reader's language."""
    fillable, impossible = _unfillable_and_proposed(make_user)
    proposal = fillable.proposals.get(expert__display_name="Anna (test)")
    assert proposal.reasons and all("code" in part for part in proposal.reasons)
    client.force_login(make_user("coordinator"))

    dutch = client.get(reverse("pool:assignment", args=[fillable.pk])).content.decode()
    assert "ervaring met verslaving" in dutch and "uur nog vrij" in dutch

    client.cookies["django_language"] = "en"
    english = client.get(reverse("pool:assignment", args=[fillable.pk]))
    page = english.content.decode()
    assert "experience with addiction" in page and "hours still free" in page, page
    assert "uur nog vrij" not in page

    why = client.get(reverse("pool:assignment", args=[impossible.pk]))
    text = why.content.decode()
    assert "No team possible yet." in text
    assert "experience with NAH" in text or "acquired brain injury" in text.lower(), text
    assert "nodig" not in text and "ervaringsdeskundige" not in text


def test_the_asker_reads_only_what_the_expert_brings_in_her_language(client, make_user):
    fillable, _impossible = _unfillable_and_proposed(make_user)
    services.ask_team(fillable)
    client.force_login(officer_of(make_user, fillable.organisation))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("pool:assignment", args=[fillable.pk])).content.decode()
    assert "experience with addiction" in page
    # not her diary or her home: the free hours and the distance are for coordinators
    assert "hours still free" not in page and " km" not in page


def test_nobody_is_worded_as_nobody_in_both_languages():
    """A funnel that leaves nobody says "niemand" / "nobody", not "0 ervaringsdeskundigen"."""
    from django.utils import translation

    from meervoud.pool import reasons

    part = {"code": "funnel", "rule": "language", "count": 0, "need": 2, "with_domains": [],
            "languages": ["tr"]}
    assert reasons.word(part) == "niemand spreekt Turks (nodig: 2)"
    assert reasons.word({**part, "count": 3}) == "3 ervaringsdeskundigen spreken Turks (nodig: 2)"
    with translation.override("en"):
        assert reasons.word(part) == "nobody speaks Turkish (needed: 2)"
