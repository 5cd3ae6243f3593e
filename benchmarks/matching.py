"""Benchmark meervoud.matching on a synthetic pool: optimiser against first come, first served.

Generates a realistic pool (meervoud.matching.synthetic: real municipalities and
centroids, skewed life domains, capacities, blocked periods, exclusions), solves
all assignments at once, runs the greedy baseline on the same data, checks every
hard rule of both with check_solution, and prints ONE JSON line.

    python benchmarks/matching.py --experts 5000 --assignments 1000 [--seed S] [--time-limit T]

Fairness figures are over the experts who qualify for at least one assignment
(pass every hard rule for it): gini of their number of assignments, how many get
none, the most any one gets, and how many get three or more.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

from meervoud.matching import MatchConfig, Pool, greedy, solve
from meervoud.matching.metrics import summary
from meervoud.matching.synthetic import generate


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=5000)
    parser.add_argument("--assignments", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=20.0, help="CP-SAT seconds")
    parser.add_argument("--k", type=int, default=MatchConfig.k, help="candidates per assignment")
    parser.add_argument("--workers", type=int, default=MatchConfig.workers)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    experts, assignments = generate(args.experts, args.assignments, seed=args.seed)
    generate_seconds = time.perf_counter() - t0
    config = MatchConfig(time_limit=args.time_limit, k=args.k, workers=args.workers, seed=args.seed)

    optimal = solve(experts, assignments, config)
    baseline = greedy(experts, assignments, config)

    pool = Pool(experts, config)
    qualified_rows = pool.evaluate(assignments).eligible.any(axis=1)
    qualified = [pool.ids[r] for r in range(len(pool)) if qualified_rows[r]]
    mine, theirs = summary(optimal, qualified), summary(baseline, qualified)

    result = {
        "experts": args.experts,
        "assignments": args.assignments,
        "seed": args.seed,
        "time_limit": args.time_limit,
        "k": args.k,
        "workers": args.workers,
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "seconds": round(optimal.seconds, 2),
        "status": optimal.status,
        "objective": optimal.objective,
        "bound": optimal.bound,
        "gap": optimal.gap,
        "hard_rule_violations": optimal.hard_rule_violations,
        "greedy_seconds": round(baseline.seconds, 2),
        "greedy_objective": baseline.objective,
        "greedy_hard_rule_violations": baseline.hard_rule_violations,
        "qualified_experts": len(qualified),
        "structurally_unfillable": optimal.stats.get("structurally_unfillable"),
        "eligible_pairs": optimal.stats.get("eligible_pairs"),
        "candidate_pairs": optimal.stats.get("candidate_pairs"),
        "build_seconds": optimal.stats.get("build_seconds"),
        "lp_seconds": optimal.stats.get("lp_seconds"),
        "cpsat_seconds": optimal.stats.get("cpsat_seconds", 0.0),
        "generate_seconds": round(generate_seconds, 2),
    }
    for key, value in mine.items():
        result[key] = value
    for key, value in theirs.items():
        result[f"greedy_{key}"] = value
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
