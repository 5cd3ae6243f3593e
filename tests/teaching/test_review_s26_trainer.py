"""Session 26 review, the trainer and the teacher: a trainer runs the three-part training and the
workshop of a plan with a colleague trainer; a teacher of the learning network shares material
on the teaching module and a coordinator judges it. Each test is something they run into."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meervoud.plans import exports
from meervoud.plans import services as plans
from meervoud.plans.models import Programme, ProgrammeKind, ProjectRole
from meervoud.teaching import services
from meervoud.teaching.models import Contribution, ContributionStatus
from tests.plans.test_review_s26_local import form_on, page_forms

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- the trainer: programmes of a plan -------------------------------------------------------

@pytest.fixture
def plan_user(make_user):
    return make_user("beleid", "beleid1")


@pytest.fixture
def plan(plan_user, municipality):
    return plans.create_plan(user=plan_user, data={"municipality": municipality,
                                                   "location": "Wijk Noord"})


@pytest.fixture
def trainers(plan, plan_user, make_user):
    """Two trainers on the plan's team: a peer expert and the coordinator of the local
    self-help organisation, as the handbook asks."""
    first, second = make_user("verteller", "trainer1"), make_user("coordinator", "trainer2")
    plans.add_member(plan, user=first, role=ProjectRole.PEER_EXPERT)
    plans.add_member(plan, user=second, role=ProjectRole.COORDINATOR)
    return first, second


@pytest.fixture
def training(plan, plan_user):
    return plans.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)


def _session_url(plan, programme, session):
    return reverse("plans:session", args=[plan.pk, programme.pk, session.pk])


def test_a_dagdeel_saved_by_the_other_trainer_meanwhile_is_shown_to_compare(client, plan,
                                                                            training, trainers):
    first, second = trainers
    session = training.sessions.get(key="dagdeel-1")
    url = _session_url(plan, training, session)
    client.force_login(first)
    mine = form_on(client, url, "blok-TOTAL_FORMS")
    client.force_login(second)
    theirs = form_on(client, url, "blok-TOTAL_FORMS")
    theirs["blok-2-title"] = "Oefening: Over de lijn, met stellingen over de wijk"
    theirs["date"] = "2026-03-10"
    assert client.post(url, theirs).status_code == 302
    client.force_login(first)
    mine["start_time"] = "13:00"
    response = client.post(url, mine)
    assert response.status_code == 409
    page = response.content.decode()
    # "Vergelijk het met de nieuwe versie": the new version is on the page to compare with
    assert "Oefening: Over de lijn, met stellingen over de wijk" in page
    assert "10 maart 2026" in page


def test_dagdeel_opslaan_clicked_twice_is_no_conflict_with_herself(client, plan, training,
                                                                   trainers):
    first, _second = trainers
    session = training.sessions.get(key="dagdeel-2")
    url = _session_url(plan, training, session)
    client.force_login(first)
    data = form_on(client, url, "blok-TOTAL_FORMS")
    data["date"], data["start_time"] = "2026-03-17", "13:00"
    data["blok-1-minutes"] = "40"
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302, _messages(again)
    session.refresh_from_db()
    assert [b.minutes for b in session.blocks.all()][:2] == [15, 40]


def test_training_toevoegen_clicked_twice_makes_one_training(client, plan, plan_user):
    client.force_login(plan_user)
    data = next(data for action, data in page_forms(client.get(
        reverse("plans:detail", args=[plan.pk])).content.decode())
        if action == reverse("plans:programme_create", args=[plan.pk]))
    data["kind"] = ProgrammeKind.TRAINING
    url = reverse("plans:programme_create", args=[plan.pk])
    first, second = client.post(url, data), client.post(url, data)
    assert Programme.objects.filter(plan=plan, kind=ProgrammeKind.TRAINING).count() == 1
    assert first["Location"] == second["Location"]
    # a second training on purpose (another group) comes from a newly opened page
    data = next(data for action, data in page_forms(client.get(
        reverse("plans:detail", args=[plan.pk])).content.decode())
        if action == reverse("plans:programme_create", args=[plan.pk]))
    client.post(url, {**data, "kind": ProgrammeKind.TRAINING})
    assert Programme.objects.filter(plan=plan, kind=ProgrammeKind.TRAINING).count() == 2


def test_the_plans_pdf_names_trainers_and_place_as_the_word_file_does(plan, plan_user, training):
    from docx import Document
    from pypdf import PdfReader

    plans.update_programme(training, data={"title": training.title,
                                           "trainers": "Karin Bos en Piet Dijkstra",
                                           "venue": "Buurthuis De Linde"},
                           version=training.version, user=plan_user)
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(exports.plan_pdf(plan))).pages)
    word = "\n".join(p.text for p in Document(io.BytesIO(exports.plan_docx(plan))).paragraphs)
    for document in (text, word):
        assert "Karin Bos en Piet Dijkstra" in document
        assert "Buurthuis De Linde" in document


# -- the teacher and the coordinator: material on the teaching module ------------------------

@pytest.fixture
def teacher(make_user):
    return make_user("onderzoeker", "docent1")


@pytest.fixture
def moderators(make_user):
    return make_user("coordinator", "beoordelaar1"), make_user("coordinator", "beoordelaar2")


def _share(teacher, **fields):
    data = {"kind": "tekst", "title": "Over de lijn in de klas", "author_role": "docent",
            "text": "Ik gebruikte opdracht 1 met studenten van Jan de Boer.", "assignment": 1}
    data.update(fields)
    return services.share(author=teacher, data=data)


def test_a_coordinator_takes_published_material_offline_from_her_page(client, teacher,
                                                                       moderators):
    first, second = moderators
    shared = _share(teacher)
    services.moderate(shared, approve=True, moderator=first)
    client.force_login(second)
    page = client.get(reverse("teaching:moderation")).content.decode()
    offline = [data for _action, data in page_forms(page) if f"c{shared.pk}-note" in data]
    assert offline, "no way to take the published contribution offline"
    data = {**offline[0], f"c{shared.pk}-note": "Een student is herkenbaar.", "decision": "offline"}
    client.post(reverse("teaching:moderation"), data)
    shared.refresh_from_db()
    assert shared.status == ContributionStatus.REJECTED
    assert "Over de lijn in de klas" not in client.get(reverse("teaching:module")).content.decode()


def test_the_teacher_corrects_a_rejected_contribution_and_sends_it_again(client, teacher,
                                                                          moderators):
    shared = _share(teacher)
    services.moderate(shared, approve=False, moderator=moderators[0],
                      note="Haal de naam van de docent weg.")
    client.force_login(teacher)
    mine = client.get(reverse("teaching:mine")).content.decode()
    url = reverse("teaching:revise", args=[shared.pk])
    assert url in mine
    data = form_on(client, url, "title")
    assert data["text"] == "Ik gebruikte opdracht 1 met studenten van Jan de Boer."  # hers, back
    data["text"] = "Ik gebruikte opdracht 1 met een groep tweedejaars."
    response = client.post(url, data)
    assert response.status_code == 302
    again = Contribution.objects.get(author=teacher)
    assert again.status == ContributionStatus.PENDING
    assert again.text == "Ik gebruikte opdracht 1 met een groep tweedejaars."
    assert (again.title, again.assignment) == ("Over de lijn in de klas", 1)
    assert again.moderation_note == ""


def test_a_corrected_contribution_keeps_its_file_unless_she_picks_another(client, teacher,
                                                                          moderators, settings,
                                                                          tmp_path):
    settings.MEERVOUD_UPLOAD_DIR = tmp_path
    upload = SimpleUploadedFile("werkvorm.pdf", b"%PDF-1.4 werkvorm", content_type="application/pdf")
    shared = services.share(author=teacher, upload=upload, data={
        "kind": "bestand", "title": "Werkvorm stigma", "author_role": "docent",
        "text": "Zie bijlage, met de naam van een student erin."})
    services.moderate(shared, approve=False, moderator=moderators[0], note="Naam in de tekst.")
    client.force_login(teacher)
    url = reverse("teaching:revise", args=[shared.pk])
    data = form_on(client, url, "title")
    data["text"] = "Zie bijlage."
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    again = Contribution.objects.get(author=teacher)
    assert again.original_name == "werkvorm.pdf"
    with again.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 werkvorm"


def test_a_moderators_page_from_before_the_correction_cannot_publish_it_unseen(client, teacher,
                                                                               moderators):
    shared = _share(teacher)
    client.force_login(moderators[0])
    stale = form_on(client, reverse("teaching:moderation"), f"c{shared.pk}-note")
    client.force_login(teacher)
    url = reverse("teaching:revise", args=[shared.pk])
    data = form_on(client, url, "title")
    data["text"] = "Een andere tekst, die nog niemand las."
    client.post(url, data)
    client.force_login(moderators[0])
    client.post(reverse("teaching:moderation"), {**stale, "decision": "approve"})
    assert not Contribution.objects.filter(status=ContributionStatus.APPROVED).exists()
    assert Contribution.objects.get(author=teacher).status == ContributionStatus.PENDING


def test_someone_elses_contribution_cannot_be_corrected(client, teacher, make_user):
    shared = _share(teacher)
    client.force_login(make_user("onderzoeker", "docent2"))
    url = reverse("teaching:revise", args=[shared.pk])
    response = client.post(url, {"kind": "tekst", "title": "Van mij", "author_role": "docent",
                                 "text": "Overgenomen"})
    assert response.status_code in (302, 404)
    shared.refresh_from_db()
    assert shared.text.startswith("Ik gebruikte opdracht 1")
    assert Contribution.objects.count() == 1


def test_a_file_chosen_on_a_form_with_a_mistake_is_asked_for_again(client, teacher):
    client.force_login(teacher)
    upload = SimpleUploadedFile("werkvorm.pdf", b"%PDF-1.4 werkvorm", content_type="application/pdf")
    response = client.post(reverse("teaching:share"), {
        "kind": "bestand", "title": "", "author_role": "docent", "file": upload})
    assert response.status_code == 400
    assert "Kies het bestand opnieuw" in response.content.decode()
