"""Who can step in when running work lost an expert: candidates for its open places only.

The experts still working stay where they are; the matching looks for the places that opened
(``places``) and never proposes anyone in ``exclude`` (whoever is or was on this work, or said no
to it: the caller knows). Every other hard rule is the one for a new team, over the assignment
as the caller passes it: from the day the newcomer joins (``start``) to its end, so a period she
was away before that day, or work of hers that ended, does not keep her out, and her hours count
from then on.

One assignment alone needs no solver: every eligible expert has room for it on her own, and
nobody can be placed twice, so the ``places`` best fits (ties by id) are the optimum of the same
objective :func:`solver.solve` uses (the fill reward is the same for any team, fairness only
counts across assignments).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Iterable, Sequence

import numpy as np

from .check import check_places
from .diagnose import diagnose
from .explain import dutch, explain_parts
from .model import Assignment, Expert, Proposal, Solution
from .pool import MatchConfig, Pool
from .solver import by_fit


def replacements(experts: Sequence[Expert], assignment: Assignment, *, places: int,
                 exclude: Iterable[str] = (), config: MatchConfig | None = None) -> Solution:
    """Propose ``places`` experts (1 up to the assignment's ``team_size``) to join running
    work, or say why nobody can (``Solution.unfillable``, its reasons counting towards
    ``places``; the only suggestion is a larger area). ``exclude``: expert ids never proposed.
    ``hard_rule_violations`` comes from :func:`check.check_places`."""
    started = time.perf_counter()
    config = config or MatchConfig()
    if int(places) != places or not 1 <= places <= assignment.team_size:
        raise ValueError(f"assignment {assignment.id}: places must be a whole number from 1 to "
                         f"team_size ({assignment.team_size})")
    places = int(places)
    exclude = frozenset(str(expert_id) for expert_id in exclude)
    pool = Pool([e for e in experts if e.id not in exclude], config)
    ev = pool.evaluate([assignment])
    eligible = np.flatnonzero(ev.eligible[:, 0])
    ranked = by_fit(ev, 0, eligible)
    proposals, unfillable = [], []
    objective = 0.0
    if len(ranked) >= places:
        team = ranked[:places]
        reasons = {pool.ids[r]: tuple(explain_parts(pool.experts[r], assignment,
                                                    float(ev.dist[r, 0]), []))
                   for r in team}
        fits = [float(ev.fit[r, 0]) for r in team]
        objective = round(config.fill_reward(places) + sum(fits), 1)
        proposals.append(Proposal(
            assignment.id, tuple(pool.ids[r] for r in team), round(float(np.mean(fits)), 1),
            {eid: "; ".join(dutch(part) for part in parts) for eid, parts in reasons.items()},
            reasons))
    else:
        unfillable.append(diagnose(pool, assignment, {}, need=places))
    stats = {"experts": len(pool), "excluded": len(exclude), "eligible": len(eligible),
             "places": places}
    solution = Solution(proposals=proposals, unfillable=unfillable, objective=objective,
                        bound=objective, gap=0.0, status="OPTIMAL", seconds=0.0,
                        hard_rule_violations=0, stats=stats)
    violations = check_places(experts, assignment, solution, places=places, exclude=exclude,
                              config=config)
    stats["violations"] = violations[:20]
    return replace(solution, hard_rule_violations=len(violations),
                   seconds=time.perf_counter() - started)
