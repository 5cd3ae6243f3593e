"""The pages and commands: who may export, upload and decide, and that errors say what is wrong."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.exchange import refiqda, services
from meervoud.exchange.models import CodingProposal, ProposalItem
from meervoud.knowledge import curation
from meervoud.knowledge.models import Theme
from meervoud.stories.models import Purpose

from .conftest import Qdpx

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)


def login(client, make_user, role):
    user = make_user(role, f"u-{role}")
    client.force_login(user)
    return user


def renamed_qdpx(name: str = "Werk en inkomen") -> bytes:
    qdpx = Qdpx(services.export_qdpx())
    qdpx.code("werk").set("name", name)
    return qdpx.data()


@pytest.mark.django_db
@pytest.mark.parametrize("role, status", [
    (Role.RESEARCHER, 200), (Role.COORDINATOR, 200), (Role.ADMINISTRATOR, 200),
    (Role.NARRATOR, 403), (Role.POLICY_OFFICER, 403),
])
def test_who_may_download_the_export(client, make_user, publish, role, status):
    publish.statement("werk", "N1", purposes=RESEARCH)
    login(client, make_user, role)
    response = client.get(reverse("exchange:export"))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith('attachment; filename="meervoud-')
        assert refiqda.read_project(b"".join(response)).sources


@pytest.mark.django_db
def test_anonymous_visitors_go_to_the_login_page(client):
    for name in ("overview", "export", "proposals"):
        response = client.get(reverse(f"exchange:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role, link", [
    (Role.RESEARCHER, "exchange:overview"), (Role.NARRATOR, "exchange:proposals"),
    (Role.POLICY_OFFICER, None),
])
def test_navigation_shows_the_exchange_to_who_may_use_it(client, make_user, role, link):
    login(client, make_user, role)
    page = client.get(reverse("core:home")).content.decode()
    for name in ("exchange:overview", "exchange:proposals"):
        assert (f'href="{reverse(name)}"' in page) == (name == link)


@pytest.mark.django_db
def test_upload_makes_a_proposal_that_a_peer_expert_accepts_on_the_page(client, make_user, publish):
    publish.statement("werk", "N1", purposes=RESEARCH)
    login(client, make_user, Role.RESEARCHER)
    upload = SimpleUploadedFile("onderzoek.qdpx", renamed_qdpx(), content_type="application/zip")
    response = client.post(reverse("exchange:import"), {"file": upload})
    assert response.status_code == 302
    proposal = CodingProposal.objects.get()
    assert proposal.file_name == "onderzoek.qdpx"
    assert "onderzoek.qdpx" in client.get(reverse("exchange:overview")).content.decode()
    assert client.get(reverse("exchange:proposal", args=[proposal.pk])).status_code == 403

    login(client, make_user, Role.NARRATOR)
    assert "onderzoek.qdpx" in client.get(reverse("exchange:proposals")).content.decode()
    page = client.get(reverse("exchange:proposal", args=[proposal.pk])).content.decode()
    assert "Werk en inkomen" in page
    item = proposal.items.get()
    response = client.post(reverse("exchange:proposal", args=[proposal.pk]),
                           {"item": item.pk, "action": "accept"}, follow=True)
    assert "Overgenomen" in response.content.decode()
    # the theme is validated: the accepted name waits until another peer expert validates it
    werk = Theme.objects.get(key="werk")
    assert (werk.name, werk.name_draft) == ("", "Werk en inkomen")
    item.refresh_from_db()
    assert item.status == ProposalItem.Status.ACCEPTED

    client.force_login(make_user(Role.NARRATOR, "ed-colleague"))
    theme_url = reverse("knowledge:theme", args=["werk"])
    assert "Valideer de nieuwe naam" in client.get(theme_url).content.decode()
    response = client.post(theme_url, {"form": "validate", "name_was": curation.name_version(werk),
                                       "insight_was": curation.insight_version(werk.insight)})
    assert response.status_code == 302
    assert Theme.objects.get(key="werk").name == "Werk en inkomen"


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", [
    (b"geen zip", "geen ZIP-archief"),
    (None, "geen project.qde"),
])
def test_upload_errors_are_shown_and_nothing_is_kept(client, make_user, publish, content, message):
    publish.statement("werk", "N1", purposes=RESEARCH)
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("sources/a.txt", "tekst")
        content = buffer.getvalue()
    login(client, make_user, Role.RESEARCHER)
    response = client.post(reverse("exchange:import"),
                           {"file": SimpleUploadedFile("x.qdpx", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Er is niets opgeslagen" in page
    assert not CodingProposal.objects.exists()


@pytest.mark.django_db
def test_peer_experts_cannot_upload(client, make_user, publish):
    publish.statement("werk", "N1", purposes=RESEARCH)
    login(client, make_user, Role.NARRATOR)
    response = client.post(reverse("exchange:import"), {"file": SimpleUploadedFile("x.qdpx", renamed_qdpx())})
    assert response.status_code == 403
    assert not CodingProposal.objects.exists()


@pytest.mark.django_db
def test_commands_export_and_import(publish, make_user, tmp_path):
    publish.statement("werk", "N1", purposes=RESEARCH)
    make_user(Role.RESEARCHER, "onderzoeker")
    target = tmp_path / "meervoud.qdpx"
    call_command("export_qdpx", "-o", str(target))
    assert refiqda.read_project(target.read_bytes()).sources
    changed = tmp_path / "terug.qdpx"
    changed.write_bytes(renamed_qdpx())
    out = io.StringIO()
    call_command("import_qdpx", str(changed), "--user", "onderzoeker", stdout=out)
    assert "1 nieuwe namen" in out.getvalue()
    assert CodingProposal.objects.get().file_name == "terug.qdpx"


@pytest.mark.django_db
def test_import_command_refuses_a_bad_file(make_user, tmp_path):
    make_user(Role.RESEARCHER, "onderzoeker")
    bad = tmp_path / "kapot.qdpx"
    bad.write_bytes(b"kapot")
    with pytest.raises(CommandError, match="geen ZIP"):
        call_command("import_qdpx", str(bad), "--user", "onderzoeker")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_qdpx", str(bad), "--user", "niemand")
    assert not CodingProposal.objects.exists()


@pytest.mark.django_db
def test_review_page_shows_every_kind_of_item(client, make_user, publish):
    from .test_import import researcher_edits

    publish.theme("werk", label="werk")
    publish.theme("wonen", label="wonen")
    coded = {key: publish.statement(theme, f"N-{key}", purposes=RESEARCH)
             for key, theme in (("a", "werk"), ("b", "werk"), ("c", "wonen"))}
    qdpx = Qdpx(services.export_qdpx())
    researcher_edits(qdpx, coded)
    proposal = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=make_user(Role.RESEARCHER)).proposal
    expert = login(client, make_user, Role.COORDINATOR)
    services.accept_item(proposal.items.get(kind=ProposalItem.Kind.NEW_THEME), user=expert)
    page = client.get(reverse("exchange:proposal", args=[proposal.pk])).content.decode()
    assert "Eenzaamheid" in page and "Alleen staan tegenover instanties." in page
    assert reverse("knowledge:theme", args=[Theme.objects.get(name="Eenzaamheid").key]) in page
    assert "haalde deze uitspraak uit" in page and "naar" in page
    for statement in coded.values():
        assert statement.text in page
    assert page.count('value="accept"') == 3
