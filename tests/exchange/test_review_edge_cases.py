"""Edge cases found in review: odd or hostile files, odd input on the pages, and results that a
researcher, a coordinator or a policy maker would take for the truth."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from meervoud.accounts.models import Role
from meervoud.exchange import refiqda, services
from meervoud.exchange.models import CodingProposal, ProposalItem
from meervoud.exchange.refiqda import NS
from meervoud.stories.models import Purpose

from .conftest import Qdpx

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def login(client, make_user, role):
    user = make_user(role, f"u-{role}")
    client.force_login(user)
    return user


# ------------------------------------------------------------------------ damaged archives


def _data_start(data: bytes, name: str) -> tuple[int, int]:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    header = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[header + 26:header + 30])
    return header, header + 30 + name_length + extra_length


def _corrupt_deflate_stream(data: bytes) -> bytes:
    """A flipped byte in the compressed project.qde (a broken download)."""
    _header, start = _data_start(data, "project.qde")
    spoilt = bytearray(data)
    spoilt[start] = 0xFF  # deflate block type 3 does not exist
    return bytes(spoilt)


def _unknown_zip_version(data: bytes) -> bytes:
    """The central directory asks for a ZIP version Python cannot extract."""
    directory = data.index(b"PK\x01\x02")
    spoilt = bytearray(data)
    spoilt[directory + 6:directory + 8] = struct.pack("<H", 87)
    return bytes(spoilt)


def _bad_name_in_local_header(data: bytes) -> bytes:
    """A local header that says its name is UTF-8 but holds a byte that is not."""
    header, _start = _data_start(data, "project.qde")
    spoilt = bytearray(data)
    flags = struct.unpack("<H", spoilt[header + 6:header + 8])[0] | 0x800
    spoilt[header + 6:header + 8] = struct.pack("<H", flags)
    spoilt[header + 30] = 0xFF
    return bytes(spoilt)


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", [_corrupt_deflate_stream, _unknown_zip_version,
                                   _bad_name_in_local_header])
def test_a_damaged_archive_is_refused_with_a_message_not_a_server_error(client, make_user, publish,
                                                                         spoil):
    """A damaged .qdpx (broken download, odd ZIP tool) is refused on the page with a Dutch
    message (400) and nothing is stored, instead of crashing with a server error."""
    publish.statement("werk", "N1", purposes=RESEARCH)
    data = spoil(services.export_qdpx())
    login(client, make_user, Role.RESEARCHER)
    response = client.post(reverse("exchange:import"), {"file": SimpleUploadedFile("kapot.qdpx", data)})
    assert response.status_code == 400
    assert "Er is niets opgeslagen" in response.content.decode()
    assert not CodingProposal.objects.exists()


# ------------------------------------------------------------------------ deciding on items


@pytest.mark.django_db
def test_an_odd_item_number_on_the_review_page_is_not_a_server_error(client, make_user, publish):
    """A posted item number that is a Unicode digit int() refuses ("²") gives 404, not a 500."""
    publish.statement("werk", "N1", purposes=RESEARCH)
    qdpx = Qdpx(services.export_qdpx())
    qdpx.code("werk").set("name", "Werk en inkomen")
    proposal = services.import_qdpx(qdpx.data(), file_name="x.qdpx",
                                    user=make_user(Role.RESEARCHER)).proposal
    login(client, make_user, Role.COORDINATOR)
    response = client.post(reverse("exchange:proposal", args=[proposal.pk]),
                           {"item": "²", "action": "accept"})
    assert response.status_code == 404
    assert proposal.items.get().status == ProposalItem.Status.OPEN


# ------------------------------------------------------------------------ export


@pytest.mark.django_db
def test_export_survives_a_word_line_break_in_a_collective_statement(publish):
    """A collective statement pasted from Word holds a vertical tab (Word's soft line break);
    the export still works and carries the statement's words."""
    publish.theme("werk", insight="Werk geeft houvast.\x0bOok een klein baantje helpt.")
    publish.statement("werk", "N1", purposes=RESEARCH)
    data = services.export_qdpx()
    (code,) = refiqda.read_project(data).codes
    assert "Ook een klein baantje helpt." in code.description


# ------------------------------------------------------------------------ import results


@pytest.mark.django_db
def test_an_upload_whose_texts_all_changed_says_so_instead_of_no_changes(client, make_user, publish):
    """When every returned source's text differs from Meervoud's (the researcher's tool edited it),
    the codings are skipped; the researcher is told which sources were skipped, not that the
    file holds no changes."""
    publish.theme("werk", label="werk")
    publish.theme("wonen", label="wonen")
    statement = publish.statement("werk", "N1", purposes=RESEARCH)
    qdpx = Qdpx(services.export_qdpx())
    source = qdpx.source(f"Verhaal {statement.story_id}")
    source.find(f".//{q('CodeRef')}").set("targetGUID", qdpx.code("wonen").get("guid"))
    path = "sources/" + source.get("plainTextPath").removeprefix("internal://")
    qdpx.files[path] = qdpx.files[path].replace(b"hulp", b"steun")  # a typo fixed in ATLAS.ti
    login(client, make_user, Role.RESEARCHER)
    response = client.post(reverse("exchange:import"),
                           {"file": SimpleUploadedFile("terug.qdpx", qdpx.data())}, follow=True)
    page = response.content.decode()
    assert "In dit bestand staan geen wijzigingen" not in page
    assert f"Verhaal {statement.story_id}" in page, "the skipped source is not named"


def _duplicate_source(qdpx: Qdpx, coded) -> None:
    """The same document twice (same GUID), the researcher took the coding off in both."""
    source = qdpx.source(f"Verhaal {coded['b'].story_id}")
    source.remove(source.find(q("PlainTextSelection")))
    source.addnext(etree.fromstring(etree.tostring(source)))


def _duplicate_code(qdpx: Qdpx, coded) -> None:
    """The same code GUID twice in the codebook, with two different names."""
    werk = qdpx.code("werk")
    werk.set("name", "Werk en inkomen")
    twin = etree.fromstring(etree.tostring(werk))
    twin.set("name", "Betaald werk")
    werk.addnext(twin)


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", [_duplicate_source, _duplicate_code])
def test_duplicate_guids_do_not_give_duplicate_or_contradicting_items(make_user, publish, spoil):
    """A file in which two sources or two codes share a GUID is refused, or at least yields one
    item per change: never two items about the same statement or the same theme."""
    publish.theme("werk", label="werk")
    coded = {key: publish.statement("werk", f"N-{key}", purposes=RESEARCH) for key in "ab"}
    qdpx = Qdpx(services.export_qdpx())
    spoil(qdpx, coded)
    try:
        result = services.import_qdpx(qdpx.data(), file_name="dubbel.qdpx",
                                      user=make_user(Role.RESEARCHER))
    except refiqda.QdpxError:
        assert not CodingProposal.objects.exists()
        return
    items = [(item.kind, item.theme_id, tuple(item.statements.values_list("pk", flat=True)))
             for item in result.proposal.items.all()]
    assert len(items) == len(set(items)), items
    renames = [item for item in result.proposal.items.all() if item.kind == ProposalItem.Kind.RENAME]
    assert len(renames) <= 1, [item.name for item in renames]


# ------------------------------------------------------------------------ good practices


@pytest.mark.django_db
def test_a_resubmitted_practice_no_longer_shows_the_old_rejection_reason(client, make_user,
                                                                         make_practice):
    """After the proposer fixes a rejected practice it waits for review again; the proposer's list
    then says "Voorgesteld" without the old reason for rejecting it."""
    from meervoud.places.selectors import find_municipality
    from meervoud.practices.models import PracticeStatus
    from meervoud.practices.services import reject_practice

    proposer = make_user("beleid")
    practice = make_practice("Herstelgroep in de bibliotheek", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    reject_practice(practice, user=make_user("coordinator"), reason="Er staat een naam van een bewoner in.")
    client.force_login(proposer)
    client.post(reverse("practices:edit", args=[practice.slug]), {
        "title": "Herstelgroep in de bibliotheek", "summary": "Zonder namen, nu.",
        "municipalities": [find_municipality("Groningen").pk], "website": ""})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED
    page = client.get(reverse("practices:propose")).content.decode()
    assert "Herstelgroep in de bibliotheek" in page
    assert "Er staat een naam van een bewoner in." not in page


# ------------------------------------------------------------------------ information needs


@pytest.mark.django_db
def test_gap_filter_on_a_life_domain_judges_that_life_domain(publish):
    """Filtered on one life domain, a need's verdict is about that life domain: a need whose
    'verslaving' knowledge is covered is not listed as an open research question on 'verslaving'
    (the per-region table on the same page says it is covered)."""
    from meervoud.needs.models import InformationNeed
    from meervoud.needs.selectors import Verdict, area_gaps, need_gaps
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.models import LifeDomain

    publish.backed("hulp-zoeken", 12, domains=["verslaving"], name="Hulp zoeken is moeilijk")
    need = InformationNeed.objects.create(
        municipality=find_municipality("Groningen"), questions="Wat helpt bij verslaving en bij nieuwkomers?",
        formats=["rapport"], contact_name="X", contact_email="x@example.org")
    need.life_domains.set(LifeDomain.objects.filter(slug__in=["verslaving", "nieuwkomers"]))

    (area,) = area_gaps(domain="verslaving")
    assert area.domain.verdict == Verdict.COVERED
    assert [row.need.pk for row in need_gaps(domain="verslaving", verdict=Verdict.OPEN)] == []
    assert [row.need.pk for row in need_gaps(domain="verslaving", verdict=Verdict.COVERED)] == [need.pk]


@pytest.mark.django_db
def test_a_project_re_zipped_inside_a_folder_is_read_with_its_sources(make_user, publish):
    """A researcher who unpacked the .qdpx and zipped the folder again (Explorer, Finder) has
    everything one folder deeper; the project in that folder is read (as intended), and so are
    its sources next to it."""
    publish.statement("werk", "N1", purposes=RESEARCH)
    qdpx = Qdpx(services.export_qdpx())
    qdpx.code("werk").set("name", "Werk en inkomen")
    flat = Qdpx(qdpx.data()).files
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in flat.items():
            archive.writestr(f"meervoud-project/{name}", content)
    result = services.import_qdpx(buffer.getvalue(), file_name="opnieuw-ingepakt.zip",
                                  user=make_user(Role.RESEARCHER))
    assert result.proposal is not None
    assert result.proposal.items.get().name == "Werk en inkomen"
    assert result.proposal.summary["compared_sources"] == 1
