import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.teaching import reference, selectors, services
from meervoud.teaching.models import Contribution, ContributionStatus


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEERVOUD_UPLOAD_DIR = tmp_path / "uploads"
    return settings.MEERVOUD_UPLOAD_DIR


def test_module_content_from_the_source():
    module = reference.module()
    assert len(module["goals"]) == 3
    assert module["goals"][1] == ("Je kent het onderscheid tussen ervaringsdeskundigheid, "
                                  "ervaringen en ervaringskennis.")
    assert [a["title"] for a in module["assignments"]] == [
        "In gesprek over ervaringsdeskundigheid", "Een vak apart?",
        "Welke rol heeft de ervaringsdeskundige?", "In gesprek"]
    assert len(module["assignments"][0]["questions"]) == 10


@pytest.mark.django_db
def test_module_is_public(client):
    page = client.get(reverse("teaching:module")).content.decode()
    assert "Leerdoelen" in page and "Opdracht 2: Een vak apart?" in page
    assert "Log in om je eigen materiaal te delen" in page
    response = client.get(reverse("teaching:share"))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


@pytest.mark.django_db
def test_shared_text_is_seen_only_after_approval(client, make_user):
    student = make_user(Role.NARRATOR, "student1")
    client.force_login(student)
    response = client.post(reverse("teaching:share"), {
        "kind": "tekst", "title": "Onze discussie over rollen", "assignment": "3",
        "author_role": "student", "text": "We bespraken de rol van bruggenbouwer."})
    assert response.status_code == 302 and response["Location"] == reverse("teaching:mine")
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.PENDING and contribution.assignment == 3
    assert "Wacht op beoordeling" in client.get(reverse("teaching:mine")).content.decode()
    client.logout()
    assert "Onze discussie over rollen" not in client.get(reverse("teaching:module")).content.decode()

    coordinator = make_user(Role.COORDINATOR, "coord1")
    client.force_login(coordinator)
    assert "1 bijdrage wacht op beoordeling" in client.get(reverse("teaching:module")).content.decode()
    queue = client.get(reverse("teaching:moderation")).content.decode()
    assert "We bespraken de rol van bruggenbouwer." in queue
    client.post(reverse("teaching:moderation"), {"contribution": contribution.pk,
                                                 "decision": "approve", f"c{contribution.pk}-note": ""})
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.APPROVED
    assert contribution.moderated_by == coordinator
    client.logout()
    page = client.get(reverse("teaching:module")).content.decode()
    assert "Onze discussie over rollen" in page and "Gedeeld op" in page and "(student)" in page


@pytest.mark.django_db
def test_only_moderators_moderate(client, make_user):
    client.force_login(make_user(Role.POLICY_OFFICER))
    assert client.get(reverse("teaching:moderation")).status_code == 403
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(reverse("teaching:moderation")).status_code == 200


@pytest.mark.django_db
def test_file_is_private_until_approved(client, make_user, uploads):
    teacher = make_user(Role.RESEARCHER, "docent1")
    client.force_login(teacher)
    upload = SimpleUploadedFile("werkvorm.pdf", b"%PDF-1.4 lesmateriaal", "application/pdf")
    response = client.post(reverse("teaching:share"), {
        "kind": "bestand", "title": "Werkvorm rollenspel", "assignment": "", "author_role": "docent",
        "file": upload})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.assignment is None and contribution.original_name == "werkvorm.pdf"
    assert str(uploads) in contribution.file.path
    url = reverse("teaching:file", args=[contribution.pk])
    assert client.get(url).status_code == 200  # the author
    client.logout()
    assert client.get(url).status_code == 404
    services.moderate(contribution, approve=True, moderator=make_user(Role.COORDINATOR, "moderator"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 lesmateriaal"
    assert 'attachment; filename="werkvorm.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_validation(client, make_user):
    client.force_login(make_user(Role.NARRATOR))
    bad = [
        ({"kind": "tekst", "title": "x", "author_role": "docent"}, "Schrijf de tekst"),
        ({"kind": "link", "title": "x", "author_role": "docent", "url": "javascript:alert(1)"},
         "Voer een geldige URL in"),
        ({"kind": "bestand", "title": "x", "author_role": "docent",
          "file": SimpleUploadedFile("virus.exe", b"MZ")}, "Dit soort bestand"),
    ]
    for data, message in bad:
        response = client.post(reverse("teaching:share"), data)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_rejected_and_withdrawn(client, make_user):
    author = make_user(Role.NARRATOR, "auteur")
    contribution = services.share(author=author, data={
        "kind": "link", "title": "Filmpje", "url": "https://example.org/film",
        "author_role": "docent"})
    services.moderate(contribution, approve=False, moderator=make_user(Role.COORDINATOR, "moderator"),
                      note="Past niet bij de module")
    assert not selectors.published().exists()
    client.force_login(author)
    assert "Past niet bij de module" in client.get(reverse("teaching:mine")).content.decode()
    client.post(reverse("teaching:withdraw", args=[contribution.pk]))
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_a_decision_stands_and_nobody_moderates_their_own_contribution(client, make_user):
    """Four eyes: a coordinator's own contribution is judged by someone else. A second
    moderator working from a page opened before the first decision cannot overwrite it; both
    get a message, and nothing changes."""
    first, second = make_user(Role.COORDINATOR, "eerste"), make_user(Role.COORDINATOR, "tweede")
    own = services.share(author=first, data={"kind": "link", "title": "Eigen filmpje",
                                             "url": "https://example.org/film", "author_role": "docent"})
    client.force_login(first)
    response = client.post(reverse("teaching:moderation"), {"contribution": own.pk, "decision": "approve"},
                           follow=True)
    own.refresh_from_db()
    assert own.status == "wacht" and "iemand anders" in response.content.decode()
    client.force_login(second)
    client.post(reverse("teaching:moderation"), {"contribution": own.pk, "decision": "approve"})
    client.force_login(make_user(Role.ADMINISTRATOR, "derde"))
    response = client.post(reverse("teaching:moderation"), {"contribution": own.pk, "decision": "reject"},
                           follow=True)
    own.refresh_from_db()
    assert own.status == "goedgekeurd" and own.moderated_by == second
    assert "al besloten" in response.content.decode()
