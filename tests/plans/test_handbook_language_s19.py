"""Session 19: the handbook's content Meervoud ships is shown in the reader's language.

The Dutch texts are their own msgids (plans/reference.py). A plan keeps its copy in Dutch with
the handbook's keys, so the copy follows the reader's language until the team changes a text;
what the team wrote stays as typed, in every language.

Most tests here use a stand-in English ("[en] " before the Dutch), so they check the mechanism
whatever the compiled catalogue holds; `test_every_shipped_text_has_an_english_translation`
checks the catalogue itself.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from meervoud.plans import reference, services
from meervoud.plans.models import Action, Checklist, ChecklistItem, GoalTable, ProgrammeKind

pytestmark = pytest.mark.django_db

CACHES = ("_in", "_checklists_in", "_programmes_in", "_table_rows_in")


def _clear_caches():
    from meervoud.teaching import reference as teaching

    for name in CACHES:
        getattr(reference, name).cache_clear()
    teaching._module.cache_clear()


@pytest.fixture
def english(monkeypatch):
    """A stand-in English for the shipped texts: "[en] " and the Dutch."""
    def fake(text):
        return f"[en] {text}" if translation.get_language() == "en" else text

    _clear_caches()
    monkeypatch.setattr(reference, "gettext", fake)
    yield
    _clear_caches()


# -- the msgids ------------------------------------------------------------------------------

def test_the_msgids_files_list_every_shipped_text():
    """makemessages finds the data's texts only through msgids.py: after changing the data, run
    `python -m meervoud.plans.reference` (and `python -m meervoud.teaching.reference`)."""
    from meervoud.plans import msgids as plans_msgids
    from meervoud.teaching import msgids as teaching_msgids
    from meervoud.teaching import reference as teaching

    assert Path(plans_msgids.__file__).read_text(encoding="utf-8") == reference.msgids_source()
    assert Path(teaching_msgids.__file__).read_text(encoding="utf-8") == teaching.msgids_source()
    assert "Tien tips voor een goede start" in plans_msgids.MSGIDS
    assert "Thema A: Herstel en veerkracht" in plans_msgids.MSGIDS
    assert "Definitie van ervaringsdeskundigheid" in teaching_msgids.MSGIDS
    assert not {"fase-1", "tips-gemeenten", "dagdeel-1", "ervaringsdeskundigheid"} & (
        set(plans_msgids.MSGIDS) | set(teaching_msgids.MSGIDS)), "keys are no texts"


def test_every_shipped_text_has_an_english_translation():
    """Waits on the translations being merged into the catalogue (makemessages, then the .po)."""
    from meervoud.plans import msgids as plans_msgids
    from meervoud.teaching import msgids as teaching_msgids
    from tests.core.test_translations import _entries

    translated = {e["msgid"] for e in _entries() if all(e["msgstr"])}
    missing = [m for m in plans_msgids.MSGIDS + teaching_msgids.MSGIDS if m not in translated]
    assert not missing, f"{len(missing)} shipped texts without English: {missing[:3]}"


def test_an_empty_text_stays_empty_in_english():
    with translation.override("en"):
        assert reference.text("") == ""  # gettext("") would be the catalogue's header


# -- the plan's copy of the handbook ---------------------------------------------------------

def _item(plan, key: str, item_key: str) -> ChecklistItem:
    return ChecklistItem.objects.select_related("checklist").get(checklist__plan=plan,
                                                                 checklist__key=key, key=item_key)


def test_the_plans_checklists_are_stored_in_dutch_and_shown_in_the_readers_language(english, plan):
    tip = _item(plan, "tips-gemeenten", "punt-1")
    step = _item(plan, "fase-1", "stap-1")
    assert tip.text == "Formuleer een visie op de inzet van ervaringsdeskundigheid."
    assert step.text == "Creëer een gevoel van urgentie" and step.group == "Stappen van Kotter"
    phase = step.checklist
    assert phase.title == "Fase 1: Creëer een veranderklimaat"
    with translation.override("en"):
        assert tip.shown.text == "[en] Formuleer een visie op de inzet van ervaringsdeskundigheid."
        assert tip.checklist.shown.title == "[en] Tien tips voor een goede start"
        assert step.shown.group == "[en] Stappen van Kotter"
        assert phase.shown.title == "[en] Fase 1: [en] Creëer een veranderklimaat"
        assert phase.shown.section.startswith("[en] 3.1")
    with translation.override("nl"):
        assert tip.shown.text == tip.text and phase.shown.title == phase.title


def test_what_the_team_wrote_stays_as_typed_in_every_language(english, plan, plan_user):
    handbook_list = Checklist.objects.get(plan=plan, key="dos-donts")
    own_point = services.add_item(handbook_list, text="Formuleer een visie op de inzet van "
                                                       "ervaringsdeskundigheid.", user=plan_user)
    own_list, _new = services.create_own_checklist(plan, title="Tien tips voor een goede start",
                                                   user=plan_user)
    with translation.override("en"):
        # the same words as the handbook's, but the team's: not translated
        assert own_point.shown.text == own_point.text
        assert own_list.shown.title == "Tien tips voor een goede start"
        assert own_point.shown.group == "[en] Eigen punten"  # Meervoud's heading, not theirs


def test_a_plan_made_in_english_keeps_the_handbook_in_dutch(english, plan_user, municipality):
    with translation.override("en"):
        plan = services.create_plan(user=plan_user, data={"municipality": municipality,
                                                          "location": "Wijk Zuid"})
        row = plan.actions.get(table=GoalTable.TRAINING, order=1)
        assert row.key == "rij-1" and row.what.startswith("Training voor sociaal werkers")
        assert row.shown.what.startswith("[en] Training voor sociaal werkers")
    assert not ChecklistItem.objects.filter(checklist__plan=plan, text__startswith="[en]").exists()
    assert plan.title == "Empowerment en inzet ervaringsdeskundigheid in de wijk"


def test_a_goal_table_row_saved_as_shown_stays_the_handbooks(english, plan, plan_user):
    row = plan.actions.get(table=GoalTable.TRAINING, order=1)
    with translation.override("en"):
        change = services.RowChange(pk=row.pk, version=row.version, values={
            "goal": "Samen leren", "what": row.shown.what + "\r\n", "who": "", "when": "",
            "due": None, "participants": None, "status": row.status, "progress": ""})
        services.save_actions(plan, GoalTable.TRAINING, [change], user=plan_user)
    row = Action.objects.get(pk=row.pk)
    assert row.goal == "Samen leren"
    assert row.what == "Training voor sociaal werkers en ervaringsdeskundigen (drie dagdelen)"


def _session_form(session, *, title_of_first: str | None = None) -> tuple[dict, list[dict]]:
    """What the dagdeel's form sends back as the reader saw it (a browser's line ends)."""
    blocks = []
    for block in session.blocks.all():
        blocks.append({"key": block.key, "title": block.shown.title, "minutes": block.minutes,
                       "description": block.shown.description.replace("\n", "\r\n"),
                       "exercise": block.shown.exercise,
                       "materials": block.shown.materials.replace("\n", "\r\n")})
    if title_of_first:
        blocks[0]["title"] = title_of_first
    return {"title": session.shown.title, "date": None, "start_time": None, "venue": ""}, blocks


def test_a_programme_saved_in_english_as_shown_stays_the_handbooks(english, plan, plan_user):
    programme = services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)
    session = programme.sessions.get(key="dagdeel-1")
    with translation.override("en"):
        data, blocks = _session_form(session, title_of_first="Onze eigen opening")
        services.save_session(session, data=data, blocks=blocks, version=session.version,
                              user=plan_user)
        services.update_programme(programme, data={
            "title": programme.shown.title, "audience": programme.shown.audience,
            "venue": "Buurthuis", "trainers": "", "intro": programme.shown.intro, "notes": ""},
            version=programme.version, user=plan_user)
    session.refresh_from_db()
    programme.refresh_from_db()
    first, second, *_rest = session.blocks.all()
    assert session.title == "Dagdeel 1"
    assert programme.title == "Training Empowerment en ervaringsdeskundigheid in de wijk"
    assert programme.venue == "Buurthuis"
    assert first.title == "Onze eigen opening"  # changed: the team's text from now on
    herstel = session.blocks.get(key="herstel")
    assert herstel.description == reference.programme("training", dutch=True)["sessions"][0][
        "blocks"][3]["description"]
    assert herstel.materials.split("\n")[0] == "Flap-over"
    with translation.override("en"):
        assert first.shown.title == "Onze eigen opening"
        assert second.shown.title == "[en] Kennismaking en verwachtingen"
        assert herstel.shown_material_list[0] == "[en] Flap-over"
        assert session.shown.title == "[en] Dagdeel 1"


def test_the_programme_pages_show_the_copy_in_the_readers_language(client, english, plan, plan_user):
    programme = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    session = programme.sessions.get()
    client.force_login(plan_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in (reverse("plans:programme", args=[plan.pk, programme.pk]),
                reverse("plans:session", args=[plan.pk, programme.pk, session.pk]),
                reverse("plans:programme_print", args=[plan.pk, programme.pk])):
        page = client.get(url).content.decode()
        assert "[en] Thema A: Herstel en veerkracht" in page, url
        assert "[en] Workshop Empowerment in de wijk" in page, url


# -- documents -------------------------------------------------------------------------------

def test_the_dutch_plan_as_word_file_is_dutch_and_counts_one_point_as_one(client, plan, plan_user):
    import docx
    from lxml import etree

    own, _new = services.create_own_checklist(plan, title="Eigen lijst", user=plan_user)
    services.add_item(own, text="Een folder maken", user=plan_user)
    client.force_login(plan_user)
    content = client.get(reverse("plans:docx", args=[plan.pk])).content
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("word/styles.xml"))
    proofed = [styles.find(f"{w}style[@{w}styleId='Normal']/{w}rPr/{w}lang").get(f"{w}val"),
               styles.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}lang").get(f"{w}val")]
    assert proofed == ["nl-NL", "nl-NL"]  # the style and the default: python-docx says en-US
    document = docx.Document(io.BytesIO(content))
    assert document.core_properties.language == "nl-NL"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "0 van 1 punt gedaan" in text and "1 punten" not in text


# -- the workshop kit ------------------------------------------------------------------------

def test_the_workshop_kit_is_matched_in_dutch_and_shown_in_the_readers_language(english, publish):
    from meervoud.publication import documents, workshop

    publish.theme("buurt", name="Een plek in de buurt", keywords=["buurthuis", "wijk"])
    for i in range(6):
        publish.statement("buurt", f"B{i}", "Groningen", kind="helped",
                          text=f"Verhaal {i}: in het buurthuis kon ik binnenlopen en de buren leren kennen.")

    def kit(language, form="live"):
        with translation.override(language):
            return workshop.build(documents.resolve(gemeente="Groningen"), AnonymousUser(), form=form)

    dutch, english_kit = kit("nl"), kit("en")
    assert [(b.key, [t.theme.key for t in b.themes]) for b in english_kit.blocks] == [
        (b.key, [t.theme.key for t in b.themes]) for b in dutch.blocks]
    herstel = next(b for b in english_kit.blocks if b.key == "herstel")
    assert herstel.title == "[en] Thema A: Herstel en veerkracht"
    assert herstel.description.startswith("[en] Betekenis")
    online = next(b for b in kit("en", "online").blocks if b.key == "kwartiermaken")
    assert "flap" not in online.exercise.lower() and "whiteboard" in online.exercise
    # the flip chart of the English translation is recognised as well
    assert workshop._FLAP.sub("the digital whiteboard", "Brainstorm on a flip chart: how?") == (
        "Brainstorm on the digital whiteboard: how?")


# -- copies made before copies had keys ------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_copies_made_before_keys_get_the_key_of_the_handbook_text_they_still_are():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("plans", "0004_spent_tokens")], [("plans", "0005_handbook_keys")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        province = old.get_model("places", "Province").objects.create(name="Testprovincie")
        region = old.get_model("places", "Region").objects.create(name="Testregio", province=province)
        municipality = old.get_model("places", "Municipality").objects.create(
            cbs_code="GM9998", name="Testgemeente", region=region)
        plan = old.get_model("plans", "Plan").objects.create(
            title="Plan", municipality=municipality, location="Wijk Noord")
        checklist_model, item_model = old.get_model("plans", "Checklist"), old.get_model("plans", "ChecklistItem")
        tips = checklist_model.objects.create(plan=plan, key="tips-gemeenten", kind="tips", title="Tips")
        phase = checklist_model.objects.create(plan=plan, key="fase-2", kind="fase", title="Fase 2")
        tip = item_model.objects.create(checklist=tips, text="Creëer draagvlak, maak kwartier, "
                                                             "bespreek verwachtingen.")
        own = item_model.objects.create(checklist=tips, text="Creëer draagvlak, maak kwartier, "
                                                             "bespreek verwachtingen.", is_custom=True)
        step = item_model.objects.create(checklist=phase, is_step=True, step_number=4,
                                          text="Communiceer de visie")
        programme = old.get_model("plans", "Programme").objects.create(
            plan=plan, kind="training", title="Training")
        session = old.get_model("plans", "Session").objects.create(programme=programme,
                                                                   title="Dagdeel 2")
        renamed = old.get_model("plans", "Session").objects.create(programme=programme,
                                                                   title="Terugkomdag")
        row = old.get_model("plans", "Action").objects.create(
            plan=plan, table="training", what="Workshop voor het wijkteam (en eventuele andere "
                                                "betrokkenen)")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(after).apps
    keys = dict(new.get_model("plans", "ChecklistItem").objects.values_list("pk", "key"))
    assert (keys[tip.pk], keys[own.pk], keys[step.pk]) == ("punt-3", "", "stap-4")
    sessions = dict(new.get_model("plans", "Session").objects.values_list("pk", "key"))
    assert (sessions[session.pk], sessions[renamed.pk]) == ("dagdeel-2", "")
    assert new.get_model("plans", "Action").objects.get(pk=row.pk).key == "rij-2"
