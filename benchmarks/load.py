"""Page latency under concurrent clients, against a running Meervoud server.

Each client is a thread with its own keep-alive connection that requests one path in a loop.
The paths are measured one after the other, each under the same number of concurrent clients
for the same time. Prints one JSON line: per path the requests, errors, throughput,
median/p95/p99 latency in ms, and each path's median divided by the first (trivial) path's.

    meervoud demo            # or: meervoud serve, with data
    python benchmarks/load.py --clients 20 --seconds 30 \\
        --path /gezond/ --path /kennisbank/ --path theme

"theme" stands for the first theme linked from /kennisbank/. Only the standard library is used,
so it runs from any Python without the project's environment.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import threading
import time
import urllib.parse


def first_theme(base: str) -> str:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    conn.request("GET", "/kennisbank/")
    html = conn.getresponse().read().decode()
    found = re.search(r'href="(/kennisbank/thema/[^"]+/)"', html)
    if not found:
        raise SystemExit("Geen gepubliceerd thema gevonden op /kennisbank/ (demo geladen?)")
    return found.group(1)


def client(base: str, path: str, until: float, latencies: list, errors: list) -> None:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
    while time.perf_counter() < until:
        start = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
            continue
        latencies.append((time.perf_counter() - start) * 1000)
    conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--path", action="append", dest="paths")
    args = parser.parse_args()
    paths = [first_theme(args.base) if p == "theme" else p for p in (args.paths or ["/gezond/", "/kennisbank/", "theme"])]
    results = {p: ([], []) for p in paths}
    for path in paths:
        until = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=client, args=(args.base, path, until, *results[path]))
                   for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    report = {"clients_per_path": args.clients, "seconds": args.seconds, "paths": {}}
    baseline = None
    for path, (latencies, errors) in results.items():
        if not latencies:
            report["paths"][path] = {"requests": 0, "errors": len(errors)}
            continue
        median = statistics.median(latencies)
        baseline = baseline or median
        report["paths"][path] = {
            "requests": len(latencies), "errors": len(errors),
            "per_second": round(len(latencies) / args.seconds, 1),
            "median_ms": round(median, 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1), "ratio_to_first": round(median / baseline, 2),
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
