"""Fairness across rounds (session 24): among near-equal fits, who joined fewer teams before comes
first; a clearly better fit still wins."""

from __future__ import annotations

from meervoud.matching import solve

from .factories import assignment, expert


def _team(experts, work) -> set[str]:
    (proposal,) = solve(experts, [work], time_limit=5).proposals
    return set(proposal.expert_ids)


def test_among_equal_fits_the_ones_without_earlier_teams_are_proposed():
    # ids that a tie would favour: the veterans come first by id
    veterans = [expert(f"a{i}", past_assignments=4) for i in range(2)]
    newcomers = [expert(f"z{i}", past_assignments=0) for i in range(2)]
    work = assignment("w")
    assert _team([*veterans, *newcomers], work) == {"z0", "z1"}
    assert _team([*newcomers, *veterans], work) == {"z0", "z1"}  # whatever the order


def test_a_better_fit_still_wins_over_a_newcomer():
    """The turn weighs at most ``MatchConfig.w_turns`` points: the experience the work asks for
    (a shared life domain, 35 points) counts for more."""
    veterans = [expert(f"z{i}", past_assignments=9, domains={"verslaving", "schulden"}) for i in range(2)]
    newcomers = [expert(f"a{i}", past_assignments=0, domains={"verslaving"}) for i in range(2)]
    work = assignment("w", domains={"verslaving", "schulden"})
    assert _team([*veterans, *newcomers], work) == {"z0", "z1"}
