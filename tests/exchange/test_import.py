"""A researcher's project comes back: nothing changes until a peer expert accepts, item by item."""

import uuid

import pytest
from lxml import etree

from meervoud.accounts.models import Role
from meervoud.exchange import services
from meervoud.exchange.compare import Known, KnownCode, KnownSource, KnownStatement, compare
from meervoud.exchange.models import CodingProposal, ProposalItem
from meervoud.exchange.refiqda import NS, Coding, Project, QdpxError, Source
from meervoud.knowledge import curation
from meervoud.knowledge.models import CurationEvent, Statement, Theme
from meervoud.stories import services as stories
from meervoud.stories.models import Purpose

from .conftest import Qdpx

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def researcher_edits(qdpx: Qdpx, coded) -> None:
    """What a researcher does in ATLAS.ti: rename, add a code with a coding, remove one, recode one."""
    werk, wonen = qdpx.code("werk"), qdpx.code("wonen")
    werk.set("name", "Werk en inkomen")
    new = etree.SubElement(werk.getparent(), q("Code"), guid=str(uuid.uuid4()), name="Eenzaamheid",
                           isCodable="true")
    etree.SubElement(new, q("Description")).text = "Alleen staan tegenover instanties."
    source_c = qdpx.source(f"Verhaal {coded['c'].story_id}")
    selection = etree.SubElement(source_c, q("PlainTextSelection"), guid=str(uuid.uuid4()),
                                 startPosition="0", endPosition=str(len(qdpx.text(source_c)) - 3))
    coding = etree.SubElement(selection, q("Coding"), guid=str(uuid.uuid4()))
    etree.SubElement(coding, q("CodeRef"), targetGUID=new.get("guid"))
    source_b = qdpx.source(f"Verhaal {coded['b'].story_id}")
    source_b.remove(source_b.find(q("PlainTextSelection")))
    source_a = qdpx.source(f"Verhaal {coded['a'].story_id}")
    source_a.find(f".//{q('CodeRef')}").set("targetGUID", wonen.get("guid"))


@pytest.mark.django_db
def test_round_trip_becomes_a_proposal_and_accepting_curates(coded, make_user):
    researcher, expert = make_user(Role.RESEARCHER), make_user(Role.NARRATOR, "ed")
    qdpx = Qdpx(services.export_qdpx())
    researcher_edits(qdpx, coded)
    before = list(Statement.objects.values_list("key", "theme__key").order_by("key"))

    result = services.import_qdpx(qdpx.data(), file_name="onderzoek.qdpx", user=researcher)

    proposal = result.proposal
    assert proposal.uploaded_by == researcher and proposal.status == CodingProposal.Status.OPEN
    assert list(Statement.objects.values_list("key", "theme__key").order_by("key")) == before
    assert not Theme.objects.filter(name__in=["Werk en inkomen", "Eenzaamheid"]).exists()
    items = {item.kind: item for item in proposal.items.all()}
    assert proposal.items.count() == 4
    rename, new = items[ProposalItem.Kind.RENAME], items[ProposalItem.Kind.NEW_THEME]
    move, remove = items[ProposalItem.Kind.MOVE], items[ProposalItem.Kind.REMOVE]
    assert (rename.theme.key, rename.old_name, rename.name) == ("werk", "werk", "Werk en inkomen")
    assert new.name == "Eenzaamheid" and list(new.statements.all()) == [coded["c"]]
    assert (move.from_theme.key, move.theme.key, move.also_coded) == ("werk", "wonen", False)
    assert list(move.statements.all()) == [coded["a"]]
    assert remove.theme.key == "werk" and list(remove.statements.all()) == [coded["b"]]

    for item in proposal.items.all():
        services.accept_item(item, user=expert)

    werk = Theme.objects.get(key="werk")
    # 'werk' is validated (in the Kennisbank): the accepted new name waits for a second peer
    # expert, as a rename on the theme page does (four eyes, session 20)
    assert (werk.name, werk.name_draft, werk.name_written_by) == ("", "Werk en inkomen", expert)
    curation.set_validated(werk, True, user=make_user(Role.NARRATOR, "ed-colleague"))
    werk.refresh_from_db()
    assert werk.name == "Werk en inkomen" and werk.name_draft is None and werk.curated
    created = Theme.objects.get(name="Eenzaamheid")
    assert created.insight == "Alleen staan tegenover instanties."
    for statement in coded.values():
        statement.refresh_from_db()
    assert coded["c"].theme == created and coded["c"].pinned_theme == created
    assert coded["a"].theme.key == "wonen" and coded["a"].pinned_theme.key == "wonen"
    assert coded["b"].theme is None
    # the counts follow at once: 'werk' lost both its narrators, 'wonen' gave c and got a
    werk.refresh_from_db()
    counts = {theme.key: theme.narrators for theme in Theme.objects.all()}
    assert counts == {"werk": 0, "wonen": 1, created.key: 1}
    assert set(CurationEvent.objects.filter(user=expert).values_list("action", flat=True)) >= {
        "rename", "move", "import", "remove"}
    proposal.refresh_from_db()
    assert proposal.status == CodingProposal.Status.ACCEPTED and proposal.decided_at


@pytest.mark.django_db
def test_rejecting_changes_nothing_and_closes_the_proposal(coded, make_user):
    qdpx = Qdpx(services.export_qdpx())
    researcher_edits(qdpx, coded)
    proposal = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=make_user(Role.RESEARCHER)).proposal
    expert = make_user(Role.COORDINATOR)
    services.reject_item(proposal.items.get(kind=ProposalItem.Kind.RENAME), user=expert)
    assert services.reject_open_items(proposal, user=expert) == 3
    proposal.refresh_from_db()
    assert proposal.status == CodingProposal.Status.REJECTED
    assert Theme.objects.get(key="werk").name == ""
    assert Statement.objects.get(pk=coded["b"].pk).theme.key == "werk"
    with pytest.raises(services.ProposalError):
        services.accept_item(proposal.items.first(), user=expert)


@pytest.mark.django_db
def test_unchanged_export_gives_no_proposal(coded, make_user):
    result = services.import_qdpx(services.export_qdpx(), file_name="x.qdpx", user=make_user(Role.RESEARCHER))
    assert result.proposal is None and result.comparison.empty
    assert not CodingProposal.objects.exists()


@pytest.mark.django_db
def test_withdrawn_research_consent_blocks_accepting(coded, make_user):
    qdpx = Qdpx(services.export_qdpx())
    researcher_edits(qdpx, coded)
    proposal = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=make_user(Role.RESEARCHER)).proposal
    stories.withdraw_consent(coded["a"].story, Purpose.RESEARCH, via="link")
    with pytest.raises(services.ProposalError, match="toestemming"):
        services.accept_item(proposal.items.get(kind=ProposalItem.Kind.MOVE),
                             user=make_user(Role.COORDINATOR))
    assert Statement.objects.get(pk=coded["a"].pk).theme.key == "werk"


def _break_offsets(qdpx: Qdpx, coded) -> None:
    selection = qdpx.root.find(f".//{q('PlainTextSelection')}")
    selection.set("endPosition", "99999")


def _break_schema(qdpx: Qdpx, coded) -> None:
    del qdpx.code("wonen").attrib["isCodable"]


def _drop_source(qdpx: Qdpx, coded) -> None:
    qdpx.files.pop(next(name for name in qdpx.files if name.startswith("sources/")))


@pytest.mark.django_db
@pytest.mark.parametrize("spoil, message", [
    (_break_offsets, "valt buiten de tekst"),
    (_break_schema, "volgt de REFI-QDA-standaard niet"),
    (_drop_source, "ontbreekt in het archief"),
])
def test_a_bad_file_imports_nothing(coded, make_user, spoil, message):
    qdpx = Qdpx(services.export_qdpx())
    researcher_edits(qdpx, coded)  # valid changes that must not be half-imported
    spoil(qdpx, coded)
    with pytest.raises(QdpxError, match=message):
        services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=make_user(Role.RESEARCHER))
    assert not CodingProposal.objects.exists() and not ProposalItem.objects.exists()
    assert Theme.objects.get(key="werk").name == ""


def test_line_endings_from_another_tool_still_match():
    ours = "Eerste zin.\r\nTweede zin over werk."
    theirs = ours.replace("\r\n", "\n")
    start = theirs.index("Tweede")
    known = Known(
        codes={"g-werk": KnownCode("werk", "werk"), "g-wonen": KnownCode("wonen", "wonen")},
        sources={"src": KnownSource("Verhaal 1", ours, [
            KnownStatement("s1", 0, 11, "werk"),
            KnownStatement("s2", ours.index("Tweede"), len(ours), "werk")])})
    returned = Project(name="x", codes=[], sources=[Source("src", "Verhaal 1", theirs, codings=[
        Coding("sel1", "g-werk", 0, 11), Coding("sel2", "g-wonen", start, len(theirs))])])
    result = compare(known, returned)
    assert [(m.statement, m.target) for m in result.moves] == [("s2", "wonen")]
    assert not result.removals and not result.changed_sources


def test_a_changed_text_is_skipped_not_guessed():
    known = Known(codes={"g": KnownCode("werk", "werk")},
                  sources={"src": KnownSource("Verhaal 1", "Oude tekst.",
                                              [KnownStatement("s1", 0, 11, "werk")])})
    returned = Project(name="x", codes=[], sources=[Source("src", "Verhaal 1", "Nieuwe tekst.", codings=[])])
    result = compare(known, returned)
    assert result.empty and result.changed_sources == ["Verhaal 1"]


def test_a_second_code_on_a_statement_is_offered_as_a_move():
    known = Known(codes={"g-werk": KnownCode("werk", "werk"), "g-wonen": KnownCode("wonen", "wonen")},
                  sources={"src": KnownSource("V", "Een zin.", [KnownStatement("s1", 0, 8, "werk")])})
    returned = Project(name="x", codes=[], sources=[Source("src", "V", "Een zin.", codings=[
        Coding("a", "g-werk", 0, 8), Coding("b", "g-wonen", 1, 7)])])
    (move,) = compare(known, returned).moves
    assert (move.statement, move.target, move.kept) == ("s1", "wonen", True)


@pytest.mark.django_db
@pytest.mark.parametrize("description, expected", [
    ("Alleen staan tegenover instanties.\nTweede regel.", "Alleen staan tegenover instanties."),
    (None, "Nieuwe code zonder naam"),
])
def test_a_new_code_without_a_name_is_not_named_by_its_guid(coded, make_user, description, expected):
    qdpx = Qdpx(services.export_qdpx())
    werk = qdpx.code("werk")
    guid = str(uuid.uuid4())
    new = etree.SubElement(werk.getparent(), q("Code"), guid=guid, name="", isCodable="true")
    if description:
        etree.SubElement(new, q("Description")).text = description
    source = qdpx.source(f"Verhaal {coded['c'].story_id}")
    selection = etree.SubElement(source, q("PlainTextSelection"), guid=str(uuid.uuid4()),
                                 startPosition="0", endPosition=str(len(qdpx.text(source))))
    coding = etree.SubElement(selection, q("Coding"), guid=str(uuid.uuid4()))
    etree.SubElement(coding, q("CodeRef"), targetGUID=guid)

    result = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=make_user(Role.RESEARCHER))

    item = result.proposal.items.get(kind=ProposalItem.Kind.NEW_THEME)
    assert item.name == expected and guid not in item.name


@pytest.mark.django_db
def test_a_schema_error_says_in_dutch_which_element_and_what_to_change(coded, make_user):
    qdpx = Qdpx(services.export_qdpx())
    qdpx.code("wonen").set("guid", "niet-een-guid")
    with pytest.raises(QdpxError) as caught:
        services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=make_user(Role.RESEARCHER))
    message = str(caught.value)
    assert "element Code op regel" in message and "'niet-een-guid' is geen geldige GUID" in message
    assert "doesn't match" not in message
