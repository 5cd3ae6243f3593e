"""Small builders with sensible defaults: a Groningen pool, a four-week assignment."""

from __future__ import annotations

from datetime import date, timedelta

from meervoud.matching import Assignment, Expert

START = date(2026, 3, 2)


def expert(id: str, **kw) -> Expert:
    values = dict(domains={"verslaving"}, roles={"bondgenoot"}, activities={"verhalen-vertellen"},
                  levels={"micro"}, languages={"nl"}, home="GM0014", max_km=30.0,
                  hours_per_week=8.0, hours_committed=0.0)
    values.update(kw)
    return Expert(id=id, **values)


def assignment(id: str, **kw) -> Assignment:
    values = dict(domains={"verslaving"}, activity="verhalen-vertellen", level="micro",
                  hours_per_week=2.0, start=START, end=START + timedelta(days=27),
                  location="GM0014", paid=False, team_size=2)
    values.update(kw)
    return Assignment(id=id, **values)
