"""Propose teams of peer experts (ervaringsdeskundigen) for open assignments, and someone to
step in when running work lost one (``replacements``).

Django-free: plain dataclasses in, plain dataclasses out.

    from meervoud.matching import Expert, Assignment, solve, greedy, check_solution
    solution = solve(experts, assignments, time_limit=10)

See docs/matching.md for the model, the hard rules and the benchmark.
"""

from .check import check_places, check_solution
from .diagnose import diagnose
from .model import (ACTIVITIES, DOMAINS, LEVELS, ROLES, Assignment, Expert, Fix, Part, Proposal,
                    Solution, Unfillable)
from .pool import RULES, MatchConfig, Pool
from .replace import replacements
from .solver import evaluate, greedy, solve

__all__ = [
    "ACTIVITIES", "DOMAINS", "LEVELS", "ROLES", "RULES",
    "Assignment", "Expert", "Fix", "MatchConfig", "Part", "Pool", "Proposal", "Solution", "Unfillable",
    "check_places", "check_solution", "diagnose", "evaluate", "greedy", "replacements", "solve",
]
