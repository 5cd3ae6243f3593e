"""Plain-Dutch explanations, and the municipality centroids behind the distances."""

from __future__ import annotations

import csv
import re
from importlib import resources

from meervoud.matching import solve
from meervoud.matching.geo import centroids, default_distances

from .factories import assignment, expert


def test_explanation_names_experience_role_distance_and_free_hours():
    experts = [expert("x1", domains={"dak-thuisloosheid"}, roles={"bruggenbouwer"}, hours_per_week=10,
                      hours_committed=4, has_intervision=True),
               expert("x2", domains={"dak-thuisloosheid", "verslaving"}, home="GM1952",
                      preferences={"keukentafel"}, languages={"nl", "en"})]
    a = assignment("b", domains={"dak-thuisloosheid"}, role="bruggenbouwer", activity="keukentafel",
                   location="GM1952", languages={"nl", "en"})
    solution = solve(experts, [a])
    (proposal,) = solution.proposals
    x1 = proposal.explanations["x1"]
    assert x1.startswith("ervaring met dak- en thuisloosheid; rol: (culturele) bruggenbouwer;")
    assert re.search(r"; \d+ km; 6 van 10 uur nog vrij;", x1)
    assert "heeft intervisie" in x1
    x2 = proposal.explanations["x2"]
    assert "woont in dezelfde gemeente" in x2 and "spreekt Engels" in x2
    assert "wil graag dit soort werk doen" in x2
    assert 0 < proposal.score <= 100


def test_explanation_mentions_other_assignments_and_declines():
    experts = [expert("e1", declined={"verhalen-vertellen"}), expert("e2")]
    solution = solve(experts, [assignment("a1"), assignment("a2", location=None)])
    text = solution.proposals[0].explanations["e1"]
    assert "zei eerder nee tegen dit soort werk" in text
    assert "ook voorgesteld voor 1 andere opdracht" in text
    # both run in the same weeks: 8 hours minus the 2 of the other assignment
    assert "6 van 8 uur nog vrij" in solution.proposals[1].explanations["e2"]


def test_centroids_cover_every_municipality_inside_the_netherlands():
    with resources.files("meervoud.places").joinpath("data", "municipalities.csv").open() as handle:
        codes = {row["cbs_code"] for row in csv.DictReader(handle)}
    table = centroids()
    assert len(codes) == 342 and set(table) == codes
    for lat, lon in table.values():
        assert 50.75 <= lat <= 53.56 and 3.35 <= lon <= 7.23


def test_straight_line_distances_make_sense():
    d = default_distances()
    assert 45 <= d.km("GM0014", "GM0080") <= 60  # Groningen - Leeuwarden
    assert 30 <= d.km("GM0363", "GM0344") <= 40  # Amsterdam - Utrecht
    assert 250 <= d.km("GM0935", "GM0014") <= 290  # Maastricht - Groningen
    assert d.km("GM0014", "GM0014") == 0
    assert d.km("GM0014", None) == 0  # online
    assert d.km("GM0014", "GM9999") == float("inf")  # unknown code: never within reach
