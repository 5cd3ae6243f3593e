"""The handbook's content is complete and shaped as the rest of the product expects."""

from meervoud.plans import reference, selectors


def test_plan_format_follows_bijlage_1():
    fmt = reference.plan_format()
    assert [h["label"] for h in fmt["header"]] == [
        "Locatie/wijk", "Herstel-/zelfregieorganisatie(s)", "Wijkteam(s)", "Projectleider"]
    assert [s["title"] for s in fmt["sections"]] == ["Achtergrond", "Projectstructuur"]
    assert len(reference.question_fields()) == 11
    assert [t["key"] for t in fmt["tables"]] == ["regie", "samenwerking", "training"]
    for table in fmt["tables"]:
        assert {"goal", "what", "who", "when"} <= set(table["columns"])


def test_kotter_eight_steps_in_three_phases():
    phases = reference.roadmap()["phases"]
    assert [p["title"] for p in phases] == [
        "Creëer een veranderklimaat", "Organiseren en toerusten medewerkers",
        "Implementeren en volhouden"]
    steps = [s["number"] for p in phases for s in p["steps"]]
    assert steps == list(range(1, 9))
    assert phases[0]["steps"][0]["title"] == "Creëer een gevoel van urgentie"
    assert phases[2]["steps"][-1]["title"] == "Veranker de nieuwe aanpak"
    assert [p["section"][:3] for p in phases] == ["3.1", "3.2", "3.3"]
    for phase in phases:
        assert sum(len(g["items"]) for g in phase["groups"]) >= 5


def test_checklists_ten_tips_dos_donts_handvatten():
    lists = {c["key"]: c for c in reference.checklists()}
    assert len(lists["tips-gemeenten"]["groups"][0]["items"]) == 10
    dos, donts = lists["dos-donts"]["groups"]
    assert (dos["title"], len(dos["items"])) == ("Do's", 10)
    assert (donts["title"], len(donts["items"])) == ("Don'ts", 3)
    assert [len(lists[f"handvatten-{n}"]["groups"][0]["items"]) for n in (3, 4, 5)] == [8, 4, 2]


def test_training_has_three_parts_of_four_hours():
    training = reference.programme("training")
    assert [s["title"] for s in training["sessions"]] == ["Dagdeel 1", "Dagdeel 2", "Dagdeel 3"]
    assert [sum(b["minutes"] for b in s["blocks"]) for s in training["sessions"]] == [240, 240, 240]
    titles = [b["title"] for b in selectors.training_template()]
    assert "Oefening: Over de lijn" in titles and "Peer support" in titles


def test_workshop_template_shape_for_the_workshop_kit():
    agenda = selectors.workshop_template()
    assert len(agenda) == 8
    for block in agenda:
        assert {"title", "minutes", "description", "exercise", "materials"} <= set(block)
        assert isinstance(block["title"], str) and block["title"]
        assert isinstance(block["minutes"], int) and block["minutes"] > 0
        assert isinstance(block["materials"], list)
    assert sum(b["minutes"] for b in agenda) == 185
    assert [b["key"] for b in agenda][2:6] == ["herstel", "ervaringsdeskundigheid",
                                               "empowerment", "kwartiermaken"]
    assert agenda[6]["title"] == "Concreet: samenwerking in de wijk"
    # Callers get their own copy.
    agenda[0]["title"] = "veranderd"
    agenda[0]["materials"].append("x")
    assert selectors.workshop_template()[0]["title"] == "Welkom en voorstellen van de trainers"
    assert selectors.workshop_template()[0]["materials"] == []
