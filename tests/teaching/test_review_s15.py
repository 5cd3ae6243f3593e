"""Review of the teaching module (session 15): sharing, moderating and downloading material.

Each test describes what a teacher, a peer expert or a coordinator should get and fails on the
code as it is."""

import os

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.audit.models import AuditEvent
from meervoud.teaching import services
from meervoud.teaching.models import Contribution, ContributionStatus


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEERVOUD_UPLOAD_DIR = tmp_path / "uploads"
    return settings.MEERVOUD_UPLOAD_DIR


def pdf(name="werkvorm.pdf", content=b"%PDF-1.4 lesmateriaal"):
    return SimpleUploadedFile(name, content, "application/pdf")


def shared_file(author, title="Werkvorm rollenspel", text=""):
    return services.share(author=author, upload=pdf(), data={
        "kind": "bestand", "title": title, "author_role": "docent", "text": text})


@pytest.mark.django_db
def test_text_shared_with_a_file_is_shown_next_to_the_download(client, make_user):
    """A teacher shares a worksheet with a few lines on how she used it in class (the form asks
    for exactly that under "Tekst"). After approval, readers see only the download link: the
    explanation is stored and the moderator read it, but the module page never shows it."""
    teacher = make_user(Role.RESEARCHER, "docent1")
    client.force_login(teacher)
    response = client.post(reverse("teaching:share"), {
        "kind": "bestand", "title": "Werkvorm rollenspel", "author_role": "docent",
        "text": "Ik liet studenten in drietallen de rol van ervaringsdeskundige spelen.",
        "file": pdf()})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    services.moderate(contribution, approve=True, moderator=make_user(Role.COORDINATOR, "coord"))
    client.logout()
    page = client.get(reverse("teaching:module")).content.decode()
    assert "Download werkvorm.pdf" in page
    assert "Ik liet studenten in drietallen de rol van ervaringsdeskundige spelen." in page


@pytest.mark.django_db
def test_a_file_attached_to_a_text_contribution_is_not_silently_dropped(client, make_user):
    """"Tekst" is the preselected kind and every field is on the page at once. A peer expert
    writes about her workshop, attaches the handout and sends it without touching the radio
    buttons: she is thanked, but the handout is thrown away without a word."""
    client.force_login(make_user(Role.NARRATOR, "verteller1"))
    response = client.post(reverse("teaching:share"), {
        "kind": "tekst", "title": "Mijn workshop", "author_role": "ervaringsdeskundige",
        "text": "Zo gaf ik de workshop over herstel.", "file": pdf("handout.pdf")})
    if response.status_code == 302:
        contribution = Contribution.objects.get()
        assert contribution.file and contribution.original_name == "handout.pdf", \
            "the attached file was thrown away while the user was thanked"
    else:
        assert response.status_code == 400 and "bestand" in response.content.decode()


@pytest.mark.django_db
def test_a_file_that_only_claims_to_be_a_pdf_is_refused(client, make_user):
    """Only the extension is checked: a Windows program renamed to "werkvorm.pdf" is accepted
    and lands with the coordinator, who is invited to open it ("Bestand bekijken")."""
    client.force_login(make_user(Role.NARRATOR, "verteller1"))
    response = client.post(reverse("teaching:share"), {
        "kind": "bestand", "title": "Werkvorm", "author_role": "docent",
        "file": pdf("werkvorm.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00This program cannot be run in DOS mode")})
    assert response.status_code == 400
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_download_of_a_file_missing_on_disk_is_not_a_server_error(client, make_user):
    """`meervoud backup` holds the database only; after a restore on a new server (or any lost
    file) the module still lists "Download werkvorm.pdf", and clicking it gives a 500."""
    contribution = shared_file(make_user(Role.RESEARCHER, "docent1"))
    services.moderate(contribution, approve=True, moderator=make_user(Role.COORDINATOR, "coord"))
    contribution.file.storage.delete(contribution.file.name)
    client.raise_request_exception = False
    response = client.get(reverse("teaching:file", args=[contribution.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_share_page_with_an_odd_assignment_number_is_not_a_server_error(client, make_user):
    """`?opdracht=` is checked with str.isdigit(), which also accepts "²" and endless digit
    strings that int() refuses: the share page answers 500 instead of the empty form."""
    client.force_login(make_user(Role.RESEARCHER, "docent1"))
    client.raise_request_exception = False
    for value in ["²", "9" * 5000]:
        response = client.get(reverse("teaching:share"), {"opdracht": value})
        assert response.status_code == 200, value[:5]


@pytest.mark.django_db
def test_rejection_without_a_reason_is_refused(client, make_user):
    """The author only learns why material is not published from the coordinator's note on
    "Mijn bijdragen". The note is optional, so "Niet publiceren" with an empty box leaves the
    teacher with a bare "Niet gepubliceerd" and nothing to improve (good practices do require
    a reason)."""
    contribution = shared_file(make_user(Role.RESEARCHER, "docent1"))
    client.force_login(make_user(Role.COORDINATOR, "coord"))
    client.post(reverse("teaching:moderation"), {
        "contribution": contribution.pk, "decision": "reject", f"c{contribution.pk}-note": "  "})
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PENDING


@pytest.mark.django_db
def test_deciding_on_a_contribution_the_author_withdrew_explains_what_happened(client, make_user):
    """The coordinator opens the queue, the author deletes the contribution meanwhile, the
    coordinator clicks "Publiceren": a bare "page not found" instead of the queue with a
    message, as when another moderator decided first."""
    author = make_user(Role.RESEARCHER, "docent1")
    contribution = shared_file(author)
    client.force_login(make_user(Role.COORDINATOR, "coord"))
    assert client.get(reverse("teaching:moderation")).status_code == 200
    services.withdraw(Contribution.objects.get(pk=contribution.pk))
    response = client.post(reverse("teaching:moderation"), {
        "contribution": contribution.pk, "decision": "approve", f"c{contribution.pk}-note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("teaching:moderation")
    assert list(get_messages(response.wsgi_request))


@pytest.mark.django_db
def test_removing_an_account_removes_its_uploaded_files(make_user, django_capture_on_commit_callbacks):
    """A teacher asks for her account to be removed; the administrator deletes it in beheer.
    Her contributions go (cascade), but the uploaded files stay on the server for good,
    reachable by nobody and removable by nobody through Meervoud."""
    teacher = make_user(Role.RESEARCHER, "docent1")
    contribution = shared_file(teacher)
    path = contribution.file.path
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the delete is committed
        teacher.delete()
    assert not Contribution.objects.exists()
    assert not os.path.exists(path), "the uploaded file outlived its contribution"


@pytest.mark.django_db
def test_a_moderator_downloading_unpublished_material_is_logged(client, make_user):
    """Unpublished material is non-public data; the audit log is meant to record whenever such
    data leaves the system (audit.services.record). A coordinator downloading a pending file
    leaves no trace."""
    contribution = shared_file(make_user(Role.RESEARCHER, "docent1"))
    client.force_login(make_user(Role.COORDINATOR, "coord"))
    response = client.get(reverse("teaching:file", args=[contribution.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="download", object_type="teaching.contribution",
                                     object_id=str(contribution.pk)).exists()
