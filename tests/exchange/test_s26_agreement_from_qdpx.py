"""Session 26, issue 3: a researcher's coding that comes back through REFI-QDA counts as her hand
coding in the agreement between coders (Cohen's kappa, Krippendorff's alpha), against other
coders and against the engine, whatever the curators do with her proposal.

Her own coding is what she applied herself: a coding Meervoud's export wrote and she left as it
was is the engine's code, not her judgement. A statement that carries more than one code, or a
code that is no theme, does not count; the import says how many counted and why others did not.
"""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from meervoud.accounts.models import Role
from meervoud.exchange import notices, services
from meervoud.exchange.refiqda import NS
from meervoud.knowledge.models import ManualCoding
from meervoud.knowledge.selectors import agreement
from meervoud.stories.models import Consent, Purpose
from meervoud.stories.services import withdraw_consent

from .conftest import Qdpx

pytestmark = pytest.mark.django_db

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@pytest.fixture
def five(publish):
    """'werk' holds a and b, 'wonen' c, d and e; each statement is a whole story of its own
    narrator, who consents to research."""
    publish.theme("werk", label="werk")
    publish.theme("wonen", label="wonen")
    return {name: publish.statement("werk" if name in "ab" else "wonen", f"N-{name}", purposes=RESEARCH)
            for name in "abcde"}


def code_by_hand(qdpx: Qdpx, statement, *codes: str, user: str | None = None) -> None:
    """What she does in ATLAS.ti: take Meervoud's coding off the statement and code it herself
    (new codings, made by her). ``codes``: names of codes in her project."""
    source = qdpx.source(f"Verhaal {statement.story_id}")
    for selection in source.findall(q("PlainTextSelection")):
        source.remove(selection)
    selection = etree.SubElement(source, q("PlainTextSelection"), guid=str(uuid.uuid4()),
                                 startPosition="0", endPosition=str(len(qdpx.text(source))))
    for name in codes:
        coding = etree.SubElement(selection, q("Coding"), guid=str(uuid.uuid4()))
        if user:
            coding.set("creatingUser", user)
        etree.SubElement(coding, q("CodeRef"), targetGUID=qdpx.code(name).get("guid"))


def new_code(qdpx: Qdpx, name: str) -> None:
    codes = qdpx.code("werk").getparent()
    etree.SubElement(codes, q("Code"), guid=str(uuid.uuid4()), name=name, isCodable="true")


def project(five, coding: dict[str, tuple[str, ...]], *, new: str | None = None) -> bytes:
    qdpx = Qdpx(services.export_qdpx())
    if new:
        new_code(qdpx, new)
    for name, codes in coding.items():
        code_by_hand(qdpx, five[name], *codes)
    return qdpx.data()


RUBEN = {"a": ("werk",), "b": ("wonen",), "c": ("wonen",), "d": ("wonen",), "e": ("werk", "wonen")}
SANNE = {"a": ("werk",), "b": ("werk",), "c": ("wonen",), "d": ("werk",), "e": ("Eenzaamheid",)}


def kappa(report, one: str, other: str):
    pairs = report["cohen_kappa"]
    return pairs[f"{one}~{other}"] if f"{one}~{other}" in pairs else pairs[f"{other}~{one}"]


def units(report, one: str, other: str):
    pairs = report["pair_units"]
    return pairs[f"{one}~{other}"] if f"{one}~{other}" in pairs else pairs[f"{other}~{one}"]


@pytest.fixture
def researchers(make_user):
    return make_user(Role.RESEARCHER, "ruben"), make_user(Role.RESEARCHER, "sanne")


def test_two_researchers_codings_count_and_kappa_is_the_hand_computation(five, researchers):
    """ruben: a werk, b wonen, c wonen, d wonen; sanne: a werk, b werk, c wonen, d werk; the
    engine: a, b werk, c, d wonen. ruben~sanne: p_o = 2/4, p_e = 1/4·3/4 + 3/4·1/4 = 3/8, so
    kappa = (1/2 − 3/8) / (5/8) = 0.2. Each against the engine: p_o = 3/4, p_e = 1/2, kappa =
    0.5. Alpha between the two (nominal): D_o = 4/8, D_e = 2·4·4 / (8·7) = 4/7, alpha = 1 − 7/8.
    Statement e counts for nobody: ruben gave it two themes, sanne a code that is no theme."""
    ruben, sanne = researchers
    first = services.import_qdpx(project(five, RUBEN), file_name="ruben.qdpx", user=ruben)
    second = services.import_qdpx(project(five, SANNE, new="Eenzaamheid"), file_name="sanne.qdpx",
                                  user=sanne)

    assert (first.codings.counted, first.codings.ambiguous, first.codings.new_code) == (4, 1, 0)
    assert (second.codings.counted, second.codings.ambiguous, second.codings.new_code) == (4, 0, 1)
    report = agreement()
    assert report["units"] == 4
    assert kappa(report, "ruben", "sanne") == pytest.approx(0.2)
    assert kappa(report, "ruben", "(computer)") == pytest.approx(0.5)
    assert kappa(report, "sanne", "(computer)") == pytest.approx(0.5)
    assert units(report, "ruben", "sanne") == units(report, "ruben", "(computer)") == 4
    assert report["krippendorff_alpha_people"] == pytest.approx(0.125)
    assert not ManualCoding.objects.filter(statement=five["e"]).exists()


def test_her_coding_counts_whatever_the_curators_decide(five, researchers, make_user):
    """Agreement measures coders, not curation: rejecting her proposal keeps her coding, and
    accepting it moves the statement by hand, which takes it out of the engine's row only."""
    ruben, _sanne = researchers
    result = services.import_qdpx(project(five, RUBEN), file_name="ruben.qdpx", user=ruben)
    expert = make_user(Role.COORDINATOR, "coco")
    assert services.reject_open_items(result.proposal, user=expert) > 0
    assert ManualCoding.objects.filter(coder=ruben).count() == 4
    assert agreement()["pair_units"]["(computer)~ruben"] == 4

    again = services.import_qdpx(project(five, RUBEN), file_name="ruben-2.qdpx", user=ruben)
    move = again.proposal.items.get(kind="move", statements=five["b"])
    services.accept_item(move, user=expert)
    report = agreement()
    assert ManualCoding.objects.filter(coder=ruben).count() == 4
    assert report["pair_units"]["(computer)~ruben"] == 3  # b was placed by a person now


def test_meervouds_own_coding_she_left_alone_is_not_hers(five, researchers):
    """Untouched, the export's codings are the engine's codes: counting them would make her agree
    with the computer on every statement she never looked at. Also when her program gave the
    codings new GUIDs but kept Meervoud as who made them."""
    ruben, _sanne = researchers
    untouched = services.import_qdpx(services.export_qdpx(), file_name="leeg.qdpx", user=ruben)
    assert untouched.codings.counted == 0 and not ManualCoding.objects.exists()
    assert not [n for n in notices.of_import(untouched) if "overeenstemming" in n.text]

    qdpx = Qdpx(services.export_qdpx())
    for coding in qdpx.root.iter(q("Coding")):
        coding.set("guid", str(uuid.uuid4()))
    code_by_hand(qdpx, five["b"], "wonen", user=str(uuid.uuid4()))
    result = services.import_qdpx(qdpx.data(), file_name="atlas.qdpx", user=ruben)
    assert result.codings.counted == 1
    assert list(ManualCoding.objects.values_list("statement", "theme__key")) == [(five["b"].pk, "wonen")]


def test_a_coding_she_changed_to_another_code_is_hers(five, researchers):
    """ATLAS.ti keeps the coding's GUID when she gives the quotation another code."""
    ruben, _sanne = researchers
    qdpx = Qdpx(services.export_qdpx())
    source = qdpx.source(f"Verhaal {five['a'].story_id}")
    source.find(f".//{q('CodeRef')}").set("targetGUID", qdpx.code("wonen").get("guid"))
    result = services.import_qdpx(qdpx.data(), file_name="x.qdpx", user=ruben)
    assert result.codings.counted == 1
    assert ManualCoding.objects.get(coder=ruben).theme.key == "wonen"


def test_a_newer_project_replaces_her_earlier_coding(five, researchers):
    ruben, _sanne = researchers
    services.import_qdpx(project(five, RUBEN), file_name="ruben.qdpx", user=ruben)
    services.import_qdpx(project(five, RUBEN), file_name="ruben.qdpx", user=ruben)
    assert ManualCoding.objects.filter(coder=ruben).count() == 4  # not counted twice

    result = services.import_qdpx(project(five, {"b": ("werk",)}), file_name="ruben-2.qdpx", user=ruben)
    assert (result.codings.counted, result.codings.replaced) == (1, 4)
    assert list(ManualCoding.objects.filter(coder=ruben).values_list("statement", "theme__key")) == [
        (five["b"].pk, "werk")]
    assert agreement()["units"] == 1
    said = " ".join(notice.text for notice in notices.of_import(result))
    assert "vervangen" in said


def test_one_code_per_statement_her_project_replaces_her_choice_on_the_coding_page(five, researchers):
    ruben, _sanne = researchers
    ManualCoding.objects.create(statement=five["a"], coder=ruben, theme=five["c"].theme)
    services.import_qdpx(project(five, {"a": ("werk",)}), file_name="x.qdpx", user=ruben)
    assert list(ManualCoding.objects.values_list("statement", "coder", "theme__key", "skipped")) == [
        (five["a"].pk, ruben.pk, "werk", False)]


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.COORDINATOR])
def test_withdrawn_research_consent_removes_her_imported_coding(five, make_user, role):
    """Her coding was made on the research export: research data, also when a coordinator sent
    it in (a coordinator's code on the coding page falls under the analysis consent instead)."""
    coder = make_user(role, "codeur")
    services.import_qdpx(project(five, RUBEN), file_name="x.qdpx", user=coder)
    assert agreement()["units"] == 4
    withdraw_consent(five["a"].story, Purpose.RESEARCH, via="link")
    assert not ManualCoding.objects.filter(statement=five["a"]).exists()
    assert ManualCoding.objects.filter(coder=coder).count() == 3
    assert agreement()["units"] == 3


def test_the_agreement_leaves_out_imported_coding_without_research_consent(five, make_user):
    """Also when the consent ended without the withdrawal signal (e.g. set in the database)."""
    coordinator = make_user(Role.COORDINATOR, "coco")
    services.import_qdpx(project(five, RUBEN), file_name="x.qdpx", user=coordinator)
    Consent.objects.filter(story=five["a"].story, purpose=Purpose.RESEARCH).update(withdrawn_at=timezone.now())
    assert ManualCoding.objects.filter(coder=coordinator).count() == 4
    assert agreement()["units"] == 3


def test_the_page_and_the_command_say_how_many_codings_counted(five, researchers, client, tmp_path):
    ruben, sanne = researchers
    client.force_login(ruben)
    data = project(five, RUBEN)
    response = client.post(reverse("exchange:import"), {"file": SimpleUploadedFile("ruben.qdpx", data)},
                           follow=True)
    said = " ".join(str(message) for message in response.context["messages"])
    assert "Je codering van 4 uitspraken telt mee in de overeenstemming tussen codeurs" in said
    assert "1 uitspraak telt niet mee: je gaf die meer dan één code" in said

    path = tmp_path / "sanne.qdpx"
    path.write_bytes(project(five, SANNE, new="Eenzaamheid"))
    out = []

    class Out:
        def write(self, text, *args, **kwargs):
            out.append(text)

        def flush(self):
            pass

    call_command("import_qdpx", str(path), user="sanne", stdout=Out(), stderr=Out())
    printed = " ".join(out)
    assert "Je codering van 4 uitspraken telt mee" in printed
    assert "1 uitspraak telt niet mee: de code is (nog) geen thema in Meervoud" in printed
    assert ManualCoding.objects.filter(coder=sanne).count() == 4
