"""Session 16: deleting your own contribution asks first; rejected contributions and their files
are removed by `meervoud retention` after a documented period, and the author is told when;
the author can keep a copy of their file; a moderator is not offered a decision on their own
contribution; one undeletable file does not stop retention from removing the others."""

import os
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from meervoud.accounts.models import Role
from meervoud.audit.retention import REJECTED_CONTRIBUTION_DAYS, apply_retention
from meervoud.teaching import services
from meervoud.teaching.models import Contribution, ContributionStatus
from meervoud.teaching.storage import UploadStorage


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEERVOUD_UPLOAD_DIR = tmp_path / "uploads"
    return settings.MEERVOUD_UPLOAD_DIR


def shared_file(author, title="Werkvorm rollenspel", name="werkvorm.pdf"):
    return services.share(author=author, upload=SimpleUploadedFile(name, b"%PDF-1.4 les", "application/pdf"),
                          data={"kind": "bestand", "title": title, "author_role": "docent"})


def rejected(author, moderator, *, days_ago: int, title="Werkvorm rollenspel"):
    contribution = shared_file(author, title=title, name=f"{title}.pdf")
    services.moderate(contribution, approve=False, moderator=moderator, note="Past niet bij de module")
    Contribution.objects.filter(pk=contribution.pk).update(
        moderated_at=timezone.now() - timedelta(days=days_ago))
    contribution.refresh_from_db()
    return contribution


# ------------------------------------------------------------------ deleting asks first

@pytest.mark.django_db
def test_deleting_a_contribution_asks_first_and_only_a_post_deletes(client, make_user):
    """"Verwijderen" on "Mijn bijdragen" deleted at once: one slip of the finger and a worksheet
    is gone, file and all. Now it leads to a question with "Ja, verwijderen" and a way back."""
    author = make_user(Role.RESEARCHER, "docent1")
    contribution = shared_file(author)
    client.force_login(author)
    confirm_url = reverse("teaching:withdraw", args=[contribution.pk])
    assert f'href="{confirm_url}"' in client.get(reverse("teaching:mine")).content.decode()
    # the old button on the list, which deleted without asking, is gone
    assert client.post(reverse("teaching:mine"), {"contribution": contribution.pk}).status_code == 405
    page = client.get(confirm_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Weet je zeker dat je ‘Werkvorm rollenspel’ wilt verwijderen?" in html
    assert "Ja, verwijderen" in html and f'href="{reverse("teaching:mine")}"' in html
    assert Contribution.objects.filter(pk=contribution.pk).exists()  # asking deletes nothing
    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == reverse("teaching:mine")
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Je bijdrage is verwijderd."]


@pytest.mark.django_db
def test_a_second_click_on_delete_explains_instead_of_page_not_found(client, make_user):
    """Two tabs, or the back button after deleting: the contribution is gone. The author gets
    their list with a sentence, not "Pagina niet gevonden". Someone else's contribution is
    neither shown nor deleted."""
    author = make_user(Role.RESEARCHER, "docent1")
    contribution = shared_file(author)
    client.force_login(author)
    confirm_url = reverse("teaching:withdraw", args=[contribution.pk])
    client.post(confirm_url, follow=True)  # deleted, and "Je bijdrage is verwijderd." read
    for send in [client.post, client.get]:
        response = send(confirm_url, follow=True)
        assert response.redirect_chain == [(reverse("teaching:mine"), 302)]
        assert "Deze bijdrage is er niet meer." in response.content.decode()

    other = shared_file(make_user(Role.RESEARCHER, "docent2"), title="Van een ander")
    response = client.post(reverse("teaching:withdraw", args=[other.pk]))
    assert response.status_code == 302 and Contribution.objects.filter(pk=other.pk).exists()
    assert "Van een ander" not in client.get(reverse("teaching:withdraw", args=[other.pk]),
                                             follow=True).content.decode()


# ------------------------------------------------------------------ retention of rejected material

@pytest.mark.django_db
def test_retention_removes_rejected_contributions_and_their_files_after_the_period(
        make_user, django_capture_on_commit_callbacks):
    """A rejected file stayed on the server for ever. Now `meervoud retention` removes it a
    fixed number of days after the rejection; the dry run only counts and keeps every file."""
    author, moderator = make_user(Role.RESEARCHER, "docent1"), make_user(Role.COORDINATOR, "coord")
    old = rejected(author, moderator, days_ago=REJECTED_CONTRIBUTION_DAYS + 1, title="oud")
    recent = rejected(author, moderator, days_ago=REJECTED_CONTRIBUTION_DAYS - 1, title="recent")
    published = shared_file(author, title="gepubliceerd")
    services.moderate(published, approve=True, moderator=moderator)
    waiting = shared_file(author, title="wacht")
    long_ago = timezone.now() - timedelta(days=1000)
    Contribution.objects.filter(pk__in=[published.pk, waiting.pk]).update(
        created_at=long_ago, moderated_at=long_ago)
    everything = {c.pk: c.file.path for c in Contribution.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        counts = {rule.key: n for rule, n in apply_retention(dry_run=True)}
    assert counts["afgewezen-bijdragen"] == 1
    assert set(Contribution.objects.values_list("pk", flat=True)) == set(everything)
    assert all(os.path.exists(path) for path in everything.values()), "a dry run deleted a file"

    with django_capture_on_commit_callbacks(execute=True):
        counts = {rule.key: n for rule, n in apply_retention(dry_run=False)}
    assert counts["afgewezen-bijdragen"] == 1
    assert set(Contribution.objects.values_list("pk", flat=True)) == {recent.pk, published.pk, waiting.pk}
    assert not os.path.exists(everything[old.pk])
    assert all(os.path.exists(everything[pk]) for pk in [recent.pk, published.pk, waiting.pk])


@pytest.mark.django_db
def test_a_rejection_without_a_date_counts_from_sharing(make_user):
    """An administrator can set "Niet gepubliceerd" in beheer without a moderation date; such a
    contribution must not be kept for ever either."""
    contribution = shared_file(make_user(Role.RESEARCHER, "docent1"))
    Contribution.objects.filter(pk=contribution.pk).update(
        status=ContributionStatus.REJECTED, moderated_at=None,
        created_at=timezone.now() - timedelta(days=REJECTED_CONTRIBUTION_DAYS + 1))
    apply_retention(dry_run=False)
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_one_file_that_cannot_be_deleted_does_not_keep_the_others(
        make_user, monkeypatch, django_capture_on_commit_callbacks):
    """The files go after the commit, one callback each. A file the server may not delete (wrong
    owner after a restore) raised in the first callback: the files after it stayed on disk for
    good, with no contribution left to remove them by, and the run was not logged."""
    author, moderator = make_user(Role.RESEARCHER, "docent1"), make_user(Role.COORDINATOR, "coord")
    stuck = rejected(author, moderator, days_ago=REJECTED_CONTRIBUTION_DAYS + 5, title="vast")
    others = [rejected(author, moderator, days_ago=REJECTED_CONTRIBUTION_DAYS + 5, title=f"los{n}")
              for n in range(2)]
    stuck_name, paths = stuck.file.name, [c.file.path for c in others]
    delete = UploadStorage.delete

    def refuse_one(storage, name):
        if name == stuck_name:
            raise PermissionError(name)
        delete(storage, name)

    monkeypatch.setattr(UploadStorage, "delete", refuse_one)
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(dry_run=False)
    assert not Contribution.objects.exists()
    assert not any(os.path.exists(path) for path in paths)


@pytest.mark.django_db
def test_the_author_is_told_how_long_a_rejected_contribution_is_kept(client, make_user):
    author = make_user(Role.RESEARCHER, "docent1")
    contribution = rejected(author, make_user(Role.COORDINATOR, "coord"), days_ago=10)
    client.force_login(author)
    page = client.get(reverse("teaching:mine")).content.decode()
    until = date_format(timezone.localtime(contribution.moderated_at
                                           + timedelta(days=REJECTED_CONTRIBUTION_DAYS)), "j F Y")
    assert (f"We bewaren een bijdrage die niet gepubliceerd wordt {REJECTED_CONTRIBUTION_DAYS} dagen. "
            f"Op {until} of kort daarna verwijderen we deze bijdrage.") in page


@pytest.mark.django_db
def test_the_retention_period_is_documented():
    with open("docs/security.md", encoding="utf-8") as handle:
        docs = handle.read()
    assert (f"| `afgewezen-bijdragen` | teaching contributions a moderator rejected, "
            f"{REJECTED_CONTRIBUTION_DAYS} days after the rejection") in docs


# ------------------------------------------------------------------ other problems found

@pytest.mark.django_db
def test_the_author_can_download_their_own_file_from_their_list(client, make_user):
    """"Bewaar zelf een kopie" is only possible if the author can reach the file: "Mijn
    bijdragen" listed the title, never the file."""
    author = make_user(Role.RESEARCHER, "docent1")
    contribution = shared_file(author)
    client.force_login(author)
    page = client.get(reverse("teaching:mine")).content.decode()
    assert f'href="{reverse("teaching:file", args=[contribution.pk])}"' in page
    assert client.get(reverse("teaching:file", args=[contribution.pk])).status_code == 200


@pytest.mark.django_db
def test_a_moderator_is_not_offered_a_decision_on_their_own_contribution(client, make_user):
    """A coordinator who shared material saw "Publiceren" and "Niet publiceren" under it, typed
    a note, clicked, and only then heard that someone else decides."""
    coordinator = make_user(Role.COORDINATOR, "coord")
    own = shared_file(coordinator, title="Eigen werkvorm")
    theirs = shared_file(make_user(Role.RESEARCHER, "docent1"), title="Andermans werkvorm")
    client.force_login(coordinator)
    page = client.get(reverse("teaching:moderation")).content.decode()
    own_card = page.split(f'id="bijdrage-{own.pk}"')[1].split("</section>")[0]
    their_card = page.split(f'id="bijdrage-{theirs.pk}"')[1].split("</section>")[0]
    assert 'name="decision"' in their_card
    assert 'name="decision"' not in own_card
    assert "Dit is je eigen bijdrage. Iemand anders beoordeelt die." in own_card


def test_taking_published_material_offline_needs_a_reason_for_the_author(make_user):
    from meervoud.teaching import services
    from meervoud.teaching.models import Contribution, ContributionStatus

    author = make_user("onderzoeker", "docent-s16")
    moderator = make_user("coordinator", "moderator-s16")
    shared = services.share(author=author, data={"kind": "tekst", "title": "Rollenspel",
                                                 "author_role": "docent", "text": "Zo deden wij het."})
    services.moderate(shared, approve=True, moderator=moderator)
    with pytest.raises(services.ModerationError):
        services.take_offline(shared, moderator=moderator, note=" ")
    services.take_offline(shared, moderator=moderator, note="Een student is herkenbaar.")
    shared = Contribution.objects.get(pk=shared.pk)
    assert shared.status == ContributionStatus.REJECTED
    assert shared.moderation_note == "Een student is herkenbaar."
