"""Session 18: a project sent back is compared with the export it came from, the researcher is
told which of its stories left the research, every export is on record story by story, and the
commands speak Dutch about the files they read and write."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from meervoud.accounts.models import Role
from meervoud.audit.models import AuditEvent
from meervoud.exchange import refiqda, selectors, services, snapshots
from meervoud.exchange.models import ProjectExport, ProposalItem
from meervoud.exchange.refiqda import NS
from meervoud.knowledge import curation
from meervoud.knowledge.models import Statement, Theme
from meervoud.stories import services as stories
from meervoud.stories.models import Purpose

from .conftest import Qdpx

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)
pytestmark = pytest.mark.django_db


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@pytest.fixture
def ruben(make_user):
    return make_user(Role.RESEARCHER, "ruben")


@pytest.fixture
def curator(make_user):
    return make_user(Role.NARRATOR, "curator")


def _move(statement, key, user):
    curation.move_statements(Statement.objects.filter(pk=statement.pk), Theme.objects.get(key=key), user=user)


def _recode(qdpx: Qdpx, statement, code: str) -> None:
    source = qdpx.source(f"Verhaal {statement.story_id}")
    source.find(f".//{q('CodeRef')}").set("targetGUID", qdpx.code(code).get("guid"))


def _uncode(qdpx: Qdpx, statement) -> None:
    source = qdpx.source(f"Verhaal {statement.story_id}")
    source.remove(source.find(q("PlainTextSelection")))


def _without_stamp(qdpx: Qdpx) -> None:
    qdpx.root.remove(qdpx.find("q:Description"))


def _items(result) -> set:
    return {(item.kind, item.theme.key if item.theme else item.name,
             tuple(sorted(s.pk for s in item.statements.all())))
            for item in result.proposal.items.all()} if result.proposal else set()


# --------------------------------------------------------------------- the stamp and snapshot


def test_the_export_is_stamped_in_its_description_and_stays_deterministic(coded):
    first, second = services.export_project(), services.export_project()
    assert first.stamp == second.stamp and ProjectExport.objects.count() == 1
    project = refiqda.read_project(first.data)  # still valid against the standard's schema
    assert snapshots.read_stamp(project.description) == first.stamp
    assert first.story_ids == sorted(s.story_id for s in coded.values())
    snapshot = ProjectExport.objects.get().snapshot
    text = str(snapshot)
    assert all(s.text not in text for s in coded.values()), "the snapshot holds no story text"


def test_a_change_in_meervoud_gives_a_new_stamp(coded, curator):
    before = services.export_project().stamp
    _move(coded["a"], "wonen", curator)
    assert services.export_project().stamp != before
    assert ProjectExport.objects.count() == 2


# --------------------------------------------------------------------- comparing with the export


def test_a_real_change_still_becomes_a_proposal_after_curators_worked(coded, ruben, curator):
    qdpx = Qdpx(services.export_qdpx())
    _move(coded["a"], "wonen", curator)
    _uncode(qdpx, coded["b"])  # his own change
    result = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben)
    assert result.baseline == "export"
    assert _items(result) == {(ProposalItem.Kind.REMOVE, "werk", (coded["b"].pk,))}


def test_what_curators_did_meanwhile_is_not_proposed_again(coded, ruben, curator):
    qdpx = Qdpx(services.export_qdpx())
    _recode(qdpx, coded["a"], "wonen")
    _move(coded["a"], "wonen", curator)  # the peer experts saw it too
    result = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben)
    assert result.proposal is None


def test_a_move_shows_where_the_statement_is_now(coded, ruben, curator, publish):
    publish.theme("zorg", label="zorg")
    qdpx = Qdpx(services.export_qdpx())
    _recode(qdpx, coded["a"], "wonen")
    _move(coded["a"], "zorg", curator)
    (item,) = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben).proposal.items.all()
    assert (item.kind, item.from_theme.key, item.theme.key) == (ProposalItem.Kind.MOVE, "zorg", "wonen")


def test_a_rename_by_curators_is_not_undone(coded, ruben, curator):
    qdpx = Qdpx(services.export_qdpx())
    curation.rename(Theme.objects.get(key="werk"), "Werk en inkomen", user=curator)
    assert services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben).proposal is None


def test_a_project_without_stamp_is_compared_with_now_and_says_so(coded, ruben, curator, client):
    qdpx = Qdpx(services.export_qdpx())
    _without_stamp(qdpx)
    curation.merge(Theme.objects.get(key="werk"), Theme.objects.get(key="wonen"), user=curator)
    result = services.import_qdpx(qdpx.data(), file_name="oud.qdpx", user=ruben)
    assert result.baseline == "now" and result.proposal is not None  # the behaviour before stamps
    assert result.proposal.summary["baseline"] == "now"
    client.force_login(curator)
    page = client.get(reverse("exchange:proposal", args=[result.proposal.pk])).content.decode()
    assert "vergeleken met wat er nu in Meervoud staat" in page

    client.force_login(ruben)
    qdpx = Qdpx(services.export_qdpx())
    _without_stamp(qdpx)
    response = client.post(reverse("exchange:import"),
                           {"file": SimpleUploadedFile("oud.qdpx", qdpx.data())}, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert "met wat er nu in Meervoud staat" in said


def test_an_unknown_stamp_is_treated_as_no_stamp(coded, ruben):
    qdpx = Qdpx(services.export_qdpx())
    qdpx.find("q:Description").text = f"meervoud-export {uuid.uuid4()}"
    result = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben)
    assert result.baseline == "now" and result.proposal is None


# --------------------------------------------------------------------- stories that left


def test_a_deleted_story_is_named_and_nothing_of_it_is_read(coded, ruben):
    qdpx = Qdpx(services.export_qdpx())
    _recode(qdpx, coded["a"], "wonen")  # his work on a story that is gone meanwhile
    story_id = coded["a"].story_id
    stories.delete_story(coded["a"].story, via="link")
    result = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben)
    assert result.left == [f"Verhaal {story_id}"] and result.proposal is None


@pytest.mark.parametrize("stamped", [True, False])
def test_a_renamed_source_is_named_both_ways_and_own_sources_are_left_alone(coded, ruben, stamped):
    qdpx = Qdpx(services.export_qdpx())
    if not stamped:
        _without_stamp(qdpx)
    qdpx.source(f"Verhaal {coded['a'].story_id}").set("name", "Interview vrouw Delfzijl")
    own = etree.fromstring(etree.tostring(qdpx.source(f"Verhaal {coded['b'].story_id}")))
    own.set("guid", str(uuid.uuid4()))
    own.set("name", "Mijn eigen interview 7")
    qdpx.source(f"Verhaal {coded['b'].story_id}").addnext(own)
    stories.withdraw_consent(coded["a"].story, Purpose.RESEARCH, via="link")
    result = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben)
    assert result.left == [f"Interview vrouw Delfzijl (Verhaal {coded['a'].story_id})"]


def test_a_deleted_story_in_a_project_without_stamp_is_recognised_by_its_guid(coded, ruben):
    qdpx = Qdpx(services.export_qdpx())
    _without_stamp(qdpx)
    story_id = coded["c"].story_id
    stories.delete_story(coded["c"].story, via="link")
    assert services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben).left == [f"Verhaal {story_id}"]


def test_the_page_asks_to_delete_them_and_the_log_says_he_was_told(client, coded, ruben):
    data = services.export_qdpx()
    stories.withdraw_consent(coded["b"].story, Purpose.RESEARCH, via="link")
    client.force_login(ruben)
    response = client.post(reverse("exchange:import"),
                           {"file": SimpleUploadedFile("terug.qdpx", data)}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert any(f"Verhaal {coded['b'].story_id}" in m and "Haal ze uit je project" in m for m in said)
    assert AuditEvent.objects.filter(action="import", username="ruben",
                                     detail__contains="1 bronnen zonder toestemming").exists()


def test_the_command_prints_which_stories_left(coded, ruben, tmp_path):
    path = tmp_path / "terug.qdpx"
    path.write_bytes(services.export_qdpx())
    stories.withdraw_consent(coded["a"].story, Purpose.RESEARCH, via="link")
    err = io.StringIO()
    call_command("import_qdpx", str(path), "--user", "ruben", stdout=io.StringIO(), stderr=err)
    assert f"Verhaal {coded['a'].story_id}" in err.getvalue()


# --------------------------------------------------------------------- the audit log


def test_the_web_export_records_each_story_it_held_and_no_other(client, coded, publish, ruben):
    without = publish.statement("werk", "N-zonder", purposes=(Purpose.ANALYSIS,))
    client.force_login(ruben)
    client.get(reverse("exchange:export"))
    per_story = AuditEvent.objects.filter(action="export", object_type="stories.story")
    assert set(per_story.values_list("object_id", flat=True)) == {str(s.story_id) for s in coded.values()}
    assert set(per_story.values_list("username", flat=True)) == {"ruben"}
    assert not per_story.filter(object_id=str(without.story_id)).exists()
    summary = AuditEvent.objects.get(action="export", object_type="exchange.qdpx")
    assert "3 verhalen" in summary.detail and summary.object_id == str(ProjectExport.objects.get().stamp)


def test_the_export_command_records_each_story(coded, tmp_path):
    out = io.StringIO()
    call_command("export_qdpx", "-o", str(tmp_path / "p.qdpx"), stdout=out)
    assert "3 verhalen" in out.getvalue()
    logged = set(AuditEvent.objects.filter(action="export", object_type="stories.story")
                 .values_list("object_id", flat=True))
    assert logged == {str(s.story_id) for s in coded.values()}


# --------------------------------------------------------------------- the commands' Dutch


def test_import_command_says_a_folder_is_no_file(ruben, tmp_path):
    with pytest.raises(CommandError, match="is een map"):
        call_command("import_qdpx", str(tmp_path), "--user", "ruben")


def test_import_command_refuses_a_huge_file_before_reading_it(ruben, tmp_path, monkeypatch):
    from meervoud.exchange.management.commands import import_qdpx

    monkeypatch.setattr(import_qdpx, "MAX_UPLOAD_BYTES", 10)
    path = tmp_path / "groot.qdpx"
    path.write_bytes(b"x" * 11)
    with pytest.raises(CommandError, match="groot.qdpx is groter dan"):
        call_command("import_qdpx", str(path), "--user", "ruben")


def test_export_command_will_not_overwrite_a_read_only_file(db, tmp_path, monkeypatch):
    from meervoud.core import output

    target = tmp_path / "p.qdpx"
    target.write_bytes(b"oud")
    # root may write anywhere; pretend to be a user who may not
    monkeypatch.setattr(output.os, "access", lambda path, mode: path != target)
    with pytest.raises(CommandError, match="mag niet overschreven worden"):
        call_command("export_qdpx", "-o", str(target))
    assert target.read_bytes() == b"oud"
    assert not AuditEvent.objects.filter(action="export").exists()


def test_stories_of_sources_needs_the_guid_not_only_the_name(coded):
    story_id = coded["a"].story_id
    real = selectors.source_guid(story_id, "helped")
    assert selectors.stories_of_sources({real: f"Verhaal {story_id} – wat hielp"}) == {real: story_id}
    assert selectors.stories_of_sources({str(uuid.uuid4()): f"Verhaal {story_id}"}) == {}
