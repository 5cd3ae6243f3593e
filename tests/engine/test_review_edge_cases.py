"""Edge cases of the analysis engine and `meervoud evaluate` that the promises cover and a review
(session 12) found broken: agreement on numeric and missing codes, labels, reading CSV/TSV."""

from __future__ import annotations

import json

import numpy as np
import pytest

from meervoud.engine import Document, Pipeline, cohen_kappa, krippendorff_alpha
from meervoud.engine.evaluate import InputError, main, read_table

from conftest import make_corpus
from tests.engine.test_agreement import N, RELIABILITY



def _run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- agreement ---------------------------------------------------------------------------------

def test_weighted_kappa_orders_numeric_codes_numerically():
    """Weighted kappa on a 1-10 scale must weigh disagreements by numeric distance (10 is next to 9,
    not between 1 and 2): the result equals the textbook formula on the numbers."""
    a = list(range(1, 11)) * 3
    b = [min(10, v + 1) for v in a]
    cats = list(range(1, 11))
    obs = np.zeros((10, 10))
    for x, y in zip(a, b):
        obs[cats.index(x), cats.index(y)] += 1
    exp = np.outer(obs.sum(1), obs.sum(0)) / obs.sum()
    w = np.abs(np.subtract.outer(np.arange(10), np.arange(10)))
    expected = 1 - (w * obs).sum() / (w * exp).sum()  # Cohen 1968, linear weights
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(expected, abs=1e-9)


def test_ordinal_alpha_does_not_depend_on_int_or_float_codes():
    """Ordinal alpha orders the codes by value: a coder whose column holds floats (as a spreadsheet
    column with a blank cell gives) next to coders with ints must give the same alpha as all ints."""
    as_int = [[N, 2, 3, 4, 2, 3], [1, 2, 3, 4, 2, 2], [1, 2, 3, 3, 2, 1]]
    mixed = [[float("nan"), 2.0, 3.0, 4.0, 2.0, 3.0], as_int[1], as_int[2]]
    assert krippendorff_alpha(mixed, "ordinal") == pytest.approx(krippendorff_alpha(as_int, "ordinal"))


def test_numpy_float32_nan_counts_as_missing_code():
    """A NaN in a NumPy float32 coding table is a missing code, as a Python float NaN is: the
    published interval alpha (0.849) and the kappa without the missing items come out."""
    table = np.array([[np.nan if v is None else v for v in row] for row in RELIABILITY], dtype=np.float32)
    assert krippendorff_alpha(table, "interval") == pytest.approx(0.849, abs=0.0005)
    assert cohen_kappa(table[1], table[3]) == pytest.approx(cohen_kappa(RELIABILITY[1], RELIABILITY[3]))


# --- labels ------------------------------------------------------------------------------------

def test_theme_label_is_never_its_internal_id():
    """A theme whose statements hold only common words ("Dat weet ik niet meer.") still gets a
    readable label made of its statements' words, never its internal hash id ("T53ae9d7dcb")."""
    fill = ["Dat weet ik niet meer.", "Ik weet het echt niet.", "Nee, echt niet, nee.", "Dat was het wel zo.",
            "Niet zo veel eigenlijk."]
    docs = [Document(**{**d.__dict__, "helped": fill[i % 5], "hindered": fill[(i + 2) % 5]})
            for i, d in enumerate(make_corpus(24))]
    r = Pipeline(embedder="tfidf").run(docs)
    for t in r.themes + r.subthemes:
        assert t.label.casefold() != t.id.casefold(), t.label
        words = {w.casefold().strip(".,") for s in t.statement_ids for w in r.statement(s).text.split()}
        assert any(w.casefold() in words for w in t.label.replace(",", " ").split()), t.label


# --- evaluate: reading the table ----------------------------------------------------------------

def test_evaluate_keeps_line_breaks_inside_a_quoted_csv_cell(tmp_path):
    """A story with paragraphs is a quoted CSV cell with line breaks (Excel, forms; CRLF too): its
    words must stay apart ("regel" and "loopt" are two words), not be glued together."""
    f = tmp_path / "stories.csv"
    f.write_bytes(b'text,label\r\n"Eerste regel\r\nloopt door op de volgende",a\r\n"Tweede tekst over schulden",b\r\n')
    texts, labels = read_table(f, "text", "label")
    assert labels == ["a", "b"]
    assert texts[0].split() == ["Eerste", "regel", "loopt", "door", "op", "de", "volgende"]


def test_evaluate_does_not_split_a_row_at_a_unicode_line_separator(tmp_path, capsys):
    """A text with a Unicode line separator (U+2028, from copy-paste) or a form feed in a cell is one
    row: the file has 3 documents, not 4 with a phantom unlabelled one."""
    f = tmp_path / "stories.tsv"
    f.write_text("text\tlabel\nDe wachtlijst\u2028was heel erg lang\ta\nIk had veel schulden en rekeningen\tb\n"
                 "Ik woonde lang in de opvang\ta\n", encoding="utf-8")
    code, out, _ = _run_cli(capsys, f, "--text-col", "text", "--label-col", "label", "--embedder", "tfidf")
    assert code == 0
    result = json.loads(out)
    assert result["documents"] == 3
    assert result["labels"] == 2


def test_evaluate_tsv_with_an_opening_quote_does_not_swallow_rows(tmp_path):
    """In a TSV a story may start with a quotation mark that is not closed in the cell; the rows
    after it must not silently vanish into that cell: either all 4 rows are read with their labels,
    or a clear input error is raised."""
    f = tmp_path / "stories.tsv"
    f.write_text('text\tlabel\n"Ik kon niet meer, zei ze tegen de hulpverlener\ta\nDe wachtlijst was lang\tb\n'
                 'Ik had schulden\ta\nWonen in de opvang\tb\n', encoding="utf-8")
    try:
        texts, labels = read_table(f, "text", "label")
    except InputError:
        return
    assert len(texts) == 4
    assert labels == ["a", "b", "a", "b"]


def test_evaluate_cache_path_that_is_a_file_gives_a_clear_error(tmp_path, capsys):
    """`--cache` naming an existing file (not a folder) is an input error: a Dutch message on stderr,
    exit code 2, no traceback and nothing on stdout."""
    data = tmp_path / "s.csv"
    data.write_text("text,label\nIk had schulden en rekeningen,a\nDe wachtlijst was lang,b\n"
                    "Wonen in de opvang,a\nMijn buurvrouw hielp me,b\n", encoding="utf-8")
    not_a_dir = tmp_path / "cache.txt"
    not_a_dir.write_text("x")
    try:
        code, out, err = _run_cli(capsys, data, "--text-col", "text", "--label-col", "label", "--cache", not_a_dir)
    except Exception as exc:  # noqa: BLE001 - the point: no exception may escape main()
        pytest.fail(f"main() raised {type(exc).__name__}: {exc}")
    assert code == 2
    assert out == ""
    assert "fout" in err


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1"])
def test_evaluate_refuses_a_granularity_that_is_no_positive_number(tmp_path, capsys, value):
    """--granularity nan (or inf, 0, negative) is an input error (exit 2, Dutch message), never a
    JSON line holding NaN, which is not JSON."""
    data = tmp_path / "s.csv"
    data.write_text("text,label\nIk had schulden en rekeningen,a\nDe wachtlijst was lang,b\n", encoding="utf-8")
    code, out, err = _run_cli(capsys, data, "--text-col", "text", "--label-col", "label",
                              "--embedder", "tfidf", "--granularity", value)
    assert code == 2 and out == ""
    assert "--granularity" in err
