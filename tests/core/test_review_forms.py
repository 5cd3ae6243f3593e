"""Review of the web app's HTML forms: on bad input the user gets a clear error in their own
language, keeps what they typed, and nothing is lost, half written or a server error.

Every test here states the expected behaviour; each failed on the code it was written against."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Organisation, OrganisationKind, Role
from meervoud.places.selectors import find_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEERVOUD_UPLOAD_DIR = tmp_path / "uploads"
    return settings.MEERVOUD_UPLOAD_DIR


# -- helpers ---------------------------------------------------------------------------------

def _plan(make_user, municipality):
    from meervoud.plans import services

    user = make_user(Role.POLICY_OFFICER, "beleid-review")
    plan = services.create_plan(user=user, data={
        "municipality": municipality, "location": "Wijk Noord",
        "self_help_organisations": "Zelfregiecentrum Noord", "district_teams": "Wijkteam Noord",
        "project_lead": "Anna de Vries"})
    return user, plan


def _management(prefix: str, total: int, initial: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def _qdpx(project_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", project_xml)
    return buffer.getvalue()


# -- plans -----------------------------------------------------------------------------------

def test_goal_table_keeps_a_ticked_delete_after_an_error_in_another_row(client, make_user,
                                                                        municipality):
    """When a goal table comes back with an error in one row, a row the user ticked to delete
    still shows its (ticked) delete box, so the choice is not silently lost on the next save."""
    from meervoud.plans.models import Action

    user, plan = _plan(make_user, municipality)
    first = Action.objects.create(plan=plan, table="regie", goal="Doel een", what="Wat een", order=1)
    second = Action.objects.create(plan=plan, table="regie", goal="Doel twee", what="Wat twee",
                                   order=2)
    client.force_login(user)
    data = {**_management("rij", 2, 2),
            "rij-0-id": first.pk, "rij-0-version": first.version, "rij-0-goal": "Doel een",
            "rij-0-what": "Wat een", "rij-0-status": "gepland", "rij-0-DELETE": "on",
            "rij-1-id": second.pk, "rij-1-version": second.version, "rij-1-goal": "Doel twee",
            "rij-1-what": "Wat twee", "rij-1-status": "gepland", "rij-1-due": "2030-02-31"}
    response = client.post(reverse("plans:table", args=[plan.pk, "regie"]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "Voer een geldige datum in." in page
    assert 'name="rij-0-DELETE"' in page, "the delete box of row 1 vanished after the error"
    assert re.search(r'<input type="checkbox" name="rij-0-DELETE"[^>]*\bchecked\b', page)


def test_session_keeps_a_ticked_delete_after_an_error_in_another_block(client, make_user,
                                                                       municipality):
    """When a part of a programme comes back with an error in one block, a block the user
    ticked to delete still shows its (ticked) delete box and its own title as heading."""
    from meervoud.plans import services

    user, plan = _plan(make_user, municipality)
    programme = services.create_programme(plan, kind="workshop", user=user)
    session = programme.sessions.first()
    blocks = list(session.blocks.all())
    client.force_login(user)
    data = {"version": session.version, "title": session.title, "date": "", "start_time": "",
            "venue": "", **_management("blok", len(blocks), len(blocks))}
    for n, block in enumerate(blocks):
        data.update({f"blok-{n}-key": block.key, f"blok-{n}-title": block.title,
                     f"blok-{n}-minutes": block.minutes, f"blok-{n}-ORDER": n + 1})
    data["blok-0-DELETE"] = "on"
    data["blok-1-minutes"] = "1,5"
    response = client.post(reverse("plans:session", args=[plan.pk, programme.pk, session.pk]),
                           data)
    page = response.content.decode()
    assert response.status_code == 400 and "Voer een geheel getal in." in page
    assert 'name="blok-0-DELETE"' in page, "the delete box of the first block vanished"
    assert re.search(r'<input type="checkbox" name="blok-0-DELETE"[^>]*\bchecked\b', page)


def test_phase_date_error_is_english_in_the_english_interface(client, make_user, municipality):
    """A phase whose end date lies before its start date gets the date error in the user's
    language: in the English interface 'The end date is before the start date.'"""
    from meervoud.plans.models import ChecklistKind

    user, plan = _plan(make_user, municipality)
    phase = plan.checklists.filter(kind=ChecklistKind.PHASE).first()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    prefix = f"f{phase.pk}"
    response = client.post(reverse("plans:phase", args=[plan.pk, phase.pk]), {
        f"{prefix}-version": phase.version, f"{prefix}-starts_on": "2030-05-01",
        f"{prefix}-ends_on": "2030-04-01", f"{prefix}-note": "Start na de zomer"})
    page = response.content.decode()
    assert response.status_code == 400 and "Start na de zomer" in page
    assert "De einddatum ligt vóór de begindatum." not in page
    assert "The end date is before the start date." in page


# -- pool ------------------------------------------------------------------------------------

def test_declining_with_a_too_long_reason_keeps_the_text_and_names_the_limit(client, make_user):
    """An expert who says no with a reason over 500 characters sees the reason they typed again,
    with an error that says it may be at most 500 characters; the proposal stays open."""
    from meervoud.pool.models import Assignment, ExpertProfile, Proposal

    groningen = find_municipality("Groningen")
    org = Organisation.objects.create(name="Gemeente Groningen (review)",
                                      kind=OrganisationKind.MUNICIPALITY, municipality=groningen)
    user = make_user(Role.NARRATOR, "expert-review")
    profile = ExpertProfile.objects.create(user=user, display_name="Expert (review)",
                                           home=groningen, languages=["nl"])
    start = timezone.localdate() + timedelta(days=14)
    assignment = Assignment.objects.create(
        title="Training wijkteam", description="Wat is de vraag?", organisation=org,
        activity="training", hours_per_week=4, start=start, end=start + timedelta(days=30))
    proposal = Proposal.objects.create(assignment=assignment, expert=profile,
                                       status=Proposal.Status.SENT)
    client.force_login(user)
    reason = "Ik kan niet meedoen, want " + "ik zit die weken bij mijn zieke moeder en " * 14
    assert len(reason) > 500
    response = client.post(reverse("pool:respond", args=[proposal.pk]),
                           {"action": "decline", "reason": reason}, follow=True)
    page = response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SENT
    assert reason.strip() in page, "the reason the expert typed is gone"
    assert "500" in page, "the error does not say how long the reason may be"


# -- teaching --------------------------------------------------------------------------------

def test_sharing_a_file_with_a_long_non_latin_name_is_not_a_server_error(client, make_user):
    """A file whose name is long in bytes (here 166 Arabic characters: fine on the user's computer)
    is shared like any other, or refused with a message; never a server error."""
    from meervoud.teaching.models import Contribution

    client.force_login(make_user(Role.NARRATOR, "student-review"))
    name = "ورقة عمل " * 18 + ".pdf"
    assert len(name) < 255 < len(name.encode())
    client.raise_request_exception = False
    response = client.post(reverse("teaching:share"), {
        "kind": "bestand", "title": "Werkvorm in het Arabisch", "assignment": "",
        "author_role": "student",
        "file": SimpleUploadedFile(name, b"%PDF-1.4 lesmateriaal", "application/pdf")})
    assert response.status_code in (302, 400), f"server error {response.status_code}"
    if response.status_code == 302:
        assert Contribution.objects.get().original_name == name


# -- stories import --------------------------------------------------------------------------

def test_story_import_of_json_with_a_huge_number_gets_a_message_not_a_server_error(client,
                                                                                  make_user):
    """A JSON file with an absurdly long number in it (a damaged export) is refused on the
    import page with a Dutch message about the file; it is not a server error."""
    client.force_login(make_user(Role.COORDINATOR, "coord-review"))
    data = (b'[{"verteller": "V-1", "verhaal": "Een verhaal dat lang genoeg is om te tellen.", '
            b'"gemeente": "Groningen", "levensdomeinen": "verslaving", '
            b'"toestemming_analyse": "ja", "hoe_nu": ' + b"7" * 5000 + b"}]")
    client.raise_request_exception = False
    response = client.post(reverse("stories:import"),
                           {"file": SimpleUploadedFile("verhalen.json", data)})
    assert response.status_code == 200, f"server error {response.status_code}"
    page = response.content.decode()
    assert 'class="errorlist' in page or "Er is niets geïmporteerd" in page


def test_story_import_reads_a_dutch_decimal_comma_like_a_point(client, make_user):
    """A Dutch spreadsheet writes 50,0 where an English one writes 50.0; the import accepts
    "50.0" for the self-signification numbers, so it accepts "50,0" too, instead of calling it
    "geen getal"."""
    from meervoud.stories.models import Story

    client.force_login(make_user(Role.COORDINATOR, "coord-review"))
    header = ("verteller;verhaal;gemeente;levensdomeinen;toestemming_analyse;"
              "eigen_kracht;lotgenoten;professionals")
    row = ("V-review;Pas toen iemand meeging naar het loket kreeg ik een postadres en hulp.;"
           "Groningen;verslaving;ja;50,0;25,0;25,0")
    response = client.post(reverse("stories:import"), {"file": SimpleUploadedFile(
        "verhalen.csv", f"{header}\n{row}\n".encode())})
    assert "is geen getal" not in response.content.decode()
    story = Story.objects.get()
    assert (story.helped_own_strength, story.helped_peers, story.helped_professionals) == (50, 25, 25)


# -- exchange --------------------------------------------------------------------------------

def test_qdpx_with_broken_xml_gets_a_dutch_message_without_parser_internals(client, make_user):
    """A .qdpx whose project.qde is cut off gets a Dutch message that says where (line) and what
    to do, without the XML parser's English text or internal names such as '<string>'."""
    client.force_login(make_user(Role.RESEARCHER, "onderzoeker-review"))
    xml = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"'
    response = client.post(reverse("exchange:import"),
                           {"file": SimpleUploadedFile("project.qdpx", _qdpx(xml))})
    page = response.content.decode()
    assert response.status_code == 400 and "project.qde" in page
    assert "&lt;string&gt;" not in page and "<string>" not in page
    assert "construct error" not in page and "line 1, column" not in page
