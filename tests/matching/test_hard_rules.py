"""One test per hard rule: the solver keeps it, and check_solution notices when it is broken."""

from __future__ import annotations

from datetime import timedelta

import pytest

from meervoud.matching import Assignment, Proposal, Solution, check_solution, greedy, solve

from .factories import START, assignment, expert


def solved(experts, assignments, **kw):
    solution = solve(experts, assignments, time_limit=10, **kw)
    assert solution.hard_rule_violations == 0, solution.stats["violations"]
    assert check_solution(experts, assignments, solution) == []
    return solution


def with_teams(teams: dict[str, tuple[str, ...]]) -> Solution:
    proposals = [Proposal(aid, tuple(ids), 0.0, {}) for aid, ids in teams.items()]
    return Solution(proposals, [], 0.0, 0.0, 0.0, "TEST", 0.0, 0)


def peak(experts, assignments, solution, expert_id):
    by_id = {a.id: a for a in assignments}
    mine = [by_id[p.assignment_id] for p in solution.proposals if expert_id in p.expert_ids]
    e = next(e for e in experts if e.id == expert_id)
    return max((e.hours_committed + sum(b.hours_per_week for b in mine if b.start <= a.start <= b.end)
                for a in mine), default=e.hours_committed)


def test_hours_capacity_over_overlapping_assignments():
    # two experts with 5 free hours; a1 and a2 overlap (3 h each), a3 comes later
    experts = [expert("e1", hours_per_week=8, hours_committed=3),
               expert("e2", hours_per_week=8, hours_committed=3)]
    later = START + timedelta(days=60)
    assignments = [assignment("a1", hours_per_week=3),
                   assignment("a2", hours_per_week=3, start=START + timedelta(days=7)),
                   assignment("a3", hours_per_week=3, start=later, end=later + timedelta(days=13))]
    solution = solved(experts, assignments)
    teams = solution.teams()
    assert "a3" in teams  # no overlap: both can do it as well
    assert ("a1" in teams) != ("a2" in teams)  # 3 + 3 > 5 for overlapping periods
    for e in experts:
        assert peak(experts, assignments, solution, e.id) <= 8
    reason = " ".join(u.reasons[0] for u in solution.unfillable)
    assert "te weinig uren vrij" in reason
    # and the checker catches a plan that gives both overlapping assignments to them
    broken = with_teams({"a1": ("e1", "e2"), "a2": ("e1", "e2")})
    assert any("uur per week" in m for m in check_solution(experts, assignments, broken))


def test_committed_hours_count():
    experts = [expert("e1", hours_per_week=8, hours_committed=7), expert("e2"), expert("e3")]
    solution = solved(experts, [assignment("a1", hours_per_week=2)])
    assert "e1" not in solution.teams()["a1"]


def test_dated_commitments_take_hours_only_while_they_run():
    """e1 and e2 each have 6 of their 8 hours taken by work from 1 to 20 March: they cannot take
    a 3-hour assignment in March, they can in June. A commitment that starts halfway through two
    candidate assignments counts on its first day, where the three overlap."""
    june = START + timedelta(days=90)
    busy = ((START - timedelta(days=1), START + timedelta(days=18), 6.0),)
    experts = [expert("e1", commitments=busy), expert("e2", commitments=busy)]
    march = assignment("march", hours_per_week=3)
    later = assignment("june", hours_per_week=3, start=june, end=june + timedelta(days=13))
    for solve_with in (solved, lambda e, a: greedy(e, a)):
        solution = solve_with(experts, [march, later])
        assert solution.teams() == {"june": ("e1", "e2")}
        assert check_solution(experts, [march, later], solution) == []
    broken = with_teams({"march": ("e1", "e2")})
    assert any("9 uur per week" in m for m in check_solution(experts, [march], broken))

    # 2 + 2 hours fit next to nothing, but not next to 6 hours that start on day 10 of both
    mid = ((START + timedelta(days=10), START + timedelta(days=40), 6.0),)
    experts = [expert(f"e{i}", hours_per_week=8, commitments=mid) for i in range(1, 3)]
    a1, a2 = assignment("a1", hours_per_week=1), assignment("a2", hours_per_week=1, start=START + timedelta(days=5))
    solution = solved(experts, [a1, a2])
    assert len(solution.teams()) == 2  # 1 + 1 + 6 = 8 fits
    a1, a2 = assignment("a1", hours_per_week=2), assignment("a2", hours_per_week=2, start=START + timedelta(days=5))
    solution = solved(experts, [a1, a2])
    assert len(solution.teams()) == 1  # 2 + 2 + 6 > 8 from day 10 on
    assert len(greedy(experts, [a1, a2]).teams()) == 1


@pytest.mark.parametrize("blocked_end_offset, allowed", [(0, False), (-1, True)])
def test_blocked_periods(blocked_end_offset, allowed):
    a = assignment("a1")
    # blocked until the first day of the assignment (inclusive) or the day before
    end = a.start + timedelta(days=blocked_end_offset)
    star = expert("star", roles={"bondgenoot", "bruggenbouwer"}, has_intervision=True,
                  preferences={"verslaving"}, blocked=[(a.start - timedelta(days=20), end)])
    experts = [star, expert("e2"), expert("e3")]
    solution = solved(experts, [a])
    assert ("star" in solution.teams()["a1"]) is allowed
    if not allowed:
        broken = with_teams({"a1": ("star", "e2")})
        assert any("niet beschikbaar" in m for m in check_solution(experts, [a], broken))


def test_team_is_full_or_nothing():
    experts = [expert("e1"), expert("e2"), expert("e3", domains={"nah"})]
    assignments = [assignment("three", team_size=3), assignment("two", team_size=2,
                                                                   start=START + timedelta(days=90),
                                                                   end=START + timedelta(days=100))]
    solution = solved(experts, assignments)
    assert "three" not in solution.teams()  # only two experts with addiction experience
    assert [u.assignment_id for u in solution.unfillable] == ["three"]
    assert len(solution.teams()["two"]) == 2
    for p in solution.proposals:
        assert len(p.expert_ids) >= 2
    broken = with_teams({"three": ("e1", "e2")})
    assert any("gevraagd 3" in m for m in check_solution(experts, assignments, broken))


def test_never_a_team_of_one():
    experts = [expert("only"), expert("other", domains={"nah"})]
    for solution in (solved(experts, [assignment("a1")]), greedy(experts, [assignment("a1")])):
        assert solution.proposals == []
        assert solution.unfillable[0].assignment_id == "a1"
    broken = with_teams({"a1": ("only",)})
    assert any("minimaal twee" in m for m in check_solution(experts, [assignment("a1")], broken))


def test_team_size_below_two_is_refused():
    with pytest.raises(ValueError, match="minimaal twee"):
        Assignment(id="x", activity="training", hours_per_week=1, start=START, end=START, team_size=1)


def test_excluded_assignment_is_never_proposed():
    star = expert("star", roles={"bondgenoot", "bruggenbouwer"}, has_intervision=True,
                  preferences={"verslaving"}, excluded_assignments={"a1"})
    experts = [star, expert("e2"), expert("e3")]
    solution = solved(experts, [assignment("a1"), assignment("a2")])
    assert "star" not in solution.teams()["a1"]
    assert "star" in solution.teams()["a2"]
    broken = with_teams({"a1": ("star", "e2")})
    assert any("nooit" in m for m in check_solution(experts, [assignment("a1")], broken))


def test_distance_limit_unless_online():
    # Maastricht is far from Groningen
    far = expert("far", home="GM0935", max_km=30, roles={"bondgenoot", "bruggenbouwer"},
                 has_intervision=True)
    experts = [far, expert("e2"), expert("e3")]
    in_person = assignment("a1", location="GM0014", role="bruggenbouwer")
    online = assignment("a2", location=None, role="bruggenbouwer", start=START + timedelta(days=60),
                        end=START + timedelta(days=70))
    solution = solved(experts, [in_person, online])
    assert "far" not in solution.teams()["a1"]
    assert "far" in solution.teams()["a2"]
    broken = with_teams({"a1": ("far", "e2")})
    assert any("km" in m for m in check_solution(experts, [in_person], broken))


def test_paid_and_volunteer_compatibility():
    experts = [expert("no-pay", paid_ok=False, volunteer_ok=True),
               expert("pay-only", paid_ok=True, volunteer_ok=False),
               expert("both1"), expert("both2")]
    later = START + timedelta(days=60)
    paid = assignment("paid", paid=True, team_size=3)
    unpaid = assignment("unpaid", paid=False, team_size=3, start=later, end=later + timedelta(days=7))
    solution = solved(experts, [paid, unpaid])
    assert set(solution.teams()["paid"]) == {"pay-only", "both1", "both2"}
    assert set(solution.teams()["unpaid"]) == {"no-pay", "both1", "both2"}
    broken = with_teams({"paid": ("no-pay", "both1", "both2")})
    assert any("betaald" in m for m in check_solution(experts, [paid], broken))


def test_one_expert_at_most_once_per_assignment():
    experts = [expert("e1"), expert("e2")]
    solution = solved(experts, [assignment("a1")])
    ids = solution.teams()["a1"]
    assert len(ids) == len(set(ids)) == 2
    broken = with_teams({"a1": ("e1", "e1")})
    assert any("dubbel" in m for m in check_solution(experts, [assignment("a1")], broken))


def test_language_and_domain_qualifications():
    experts = [expert("en1", languages={"en"}), expert("en2", languages={"en", "nl"}),
               expert("nl1"), expert("nah", domains={"nah"}, languages={"en"})]
    solution = solved(experts, [assignment("a1", languages={"en"})])
    assert set(solution.teams()["a1"]) == {"en1", "en2"}
