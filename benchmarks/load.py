"""Load test with Locust: readers on the knowledge base and narrators telling a story, at once.

    benchmarks/load_production.sh --clients 50 --seconds 300    # the whole production set-up
    .venv-bench/bin/python benchmarks/load.py --base http://127.0.0.1:8000 --clients 50 --seconds 300

Readers browse `/kennisbank/`: the list, a filter, a search (words and meaning), theme pages.
Narrators go through the two-step intake like a browser: the empty form, step 1 with a story
(a fictional demo story with a made-up name and phone number added, so de-identification has
work), then step 2 with the de-identified text as the server returned it and consent for
analysis, then the thank-you page. Every client waits `--wait` seconds (a random value in the
range) between actions, as a person reading does.

Prints one JSON line: per action the requests, failures, median/p95/p99 ms and requests per
second, and the totals. A failure is any status other than 200 (after redirects), a connection
error, or a page without what it must contain. Exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import gevent
from locust import HttpUser, between, task
from locust.env import Environment

from forms import form_fields  # benchmarks/forms.py, next to this script

DEMO_STORIES = Path(__file__).resolve().parents[1] / "src/meervoud/demo/data"
NAMES = ["Sanne de Wit", "Mohamed El Amrani", "Kees Jansen", "Priya Ramdin", "Joost Bakker"]
INTAKE = "/verhaal/nieuw/"
SEARCHES = ["schulden", "geldproblemen", "wachtlijst", "een vaste hulpverlener", "wonen"]


def demo_texts() -> list[str]:
    texts = []
    for path in sorted(DEMO_STORIES.glob("stories_*.json")):
        texts += [story["text"] for story in json.loads(path.read_text())["stories"]]
    return texts


class Reader(HttpUser):
    weight = 4

    def on_start(self):
        html = self.client.get("/kennisbank/", name="kennisbank: lijst").text
        self.themes = sorted(set(re.findall(r'href="(/kennisbank/thema/[^"]+/)"', html)))
        self.provinces = form_fields(html, "").options.get("provincie", []) or [""]

    @task(3)
    def theme_list(self):
        self.client.get("/kennisbank/", name="kennisbank: lijst")

    @task(4)
    def theme_page(self):
        if not self.themes:
            raise RuntimeError("no published theme on /kennisbank/ (is the demo loaded?)")
        self.client.get(random.choice(self.themes), name="kennisbank: thema")

    @task(1)
    def filtered(self):
        self.client.get("/kennisbank/", params={"provincie": random.choice(self.provinces)},
                        name="kennisbank: filter provincie")

    @task(1)
    def search(self):
        self.client.get("/kennisbank/", params={"q": random.choice(SEARCHES)},
                        name="kennisbank: zoeken")


class Narrator(HttpUser):
    weight = 1
    texts = demo_texts()

    @task
    def tell_a_story(self):
        self.client.cookies.clear()  # every story from a new, anonymous narrator
        page = form_fields(self.client.get(INTAKE, name="intake: formulier").text, INTAKE)
        name = random.choice(NAMES)
        story = {
            "csrfmiddlewaretoken": page.values["csrfmiddlewaretoken"][0],
            "step": "story",
            "text": f"{random.choice(self.texts)}\nIk ben {name}, bel me op 06-{random.randint(10000000, 99999999)}.",
            "municipality": random.choice(page.options["municipality"]),
            "life_domains": random.sample(page.options["life_domains"], 2),
            "level": random.choice(page.options["level"]),
            "language": "nl",
        }
        with self.client.post(INTAKE, data=story, name="intake: stap 1 (ontdoen van namen)",
                              catch_response=True) as response:
            review = form_fields(response.text, INTAKE)
            text = (review.values.get("reviewed_text") or [""])[0]
            if review.values.get("step") != ["review"] or not text:
                return response.failure("step 2 (review) did not appear")
            first, *_, last = name.split()
            if re.search(rf"\b({first}|{last})\b", text):
                return response.failure("the name was not removed from the preview")
        data = {key: values if len(values) > 1 else values[0] for key, values in review.values.items()}
        data["consent_analysis"] = "on"
        data["action"] = "submit"
        with self.client.post(INTAKE, data=data, name="intake: stap 2 (versturen)",
                              catch_response=True) as response:
            if not response.url.endswith("/verhaal/bedankt/") or "/mijn-verhaal/" not in response.text:
                response.failure("no thank-you page with the personal link")


def summary(stats) -> dict:
    def entry(item) -> dict:
        return {
            "requests": item.num_requests, "failures": item.num_failures,
            "median_ms": item.median_response_time,
            "p95_ms": item.get_response_time_percentile(0.95),
            "p99_ms": item.get_response_time_percentile(0.99),
            "per_second": round(item.total_rps, 2),
        }
    return {
        "actions": {item.name: entry(item) for item in sorted(stats.entries.values(), key=lambda e: e.name)},
        "total": entry(stats.total),
        "errors": [{"action": error.name, "error": str(error.error), "count": error.occurrences}
                   for error in stats.errors.values()],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (readers : narrators = 4 : 1)")
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--spawn-rate", type=float, default=10, help="clients started per second")
    parser.add_argument("--wait", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                        help="seconds a client waits between actions")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    random.seed(args.seed)
    for user_class in (Reader, Narrator):
        user_class.host = args.base
        user_class.wait_time = between(*args.wait)
    env = Environment(user_classes=[Reader, Narrator], catch_exceptions=True)
    runner = env.create_local_runner()
    runner.start(args.clients, spawn_rate=args.spawn_rate)
    gevent.spawn_later(args.seconds, runner.quit)
    runner.greenlet.join()
    report = {"clients": args.clients, "seconds": args.seconds, "wait_seconds": list(args.wait),
              "users": dict(runner.target_user_classes_count),
              **summary(env.stats)}
    report["exceptions"] = [{"error": e["msg"], "count": e["count"]} for e in runner.exceptions.values()]
    print(json.dumps(report, ensure_ascii=False))
    failed = env.stats.total.num_failures or report["exceptions"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
