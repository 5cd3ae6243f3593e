import json

import pytest

from meervoud.engine.evaluate import main

from conftest import TOPICS

ROWS = [(s, topic) for topic, t in TOPICS.items() for s in t["sentences"]]


def _write(path, rows, delimiter=","):
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(["tekst", "onderwerp"])
        w.writerows(rows)


@pytest.mark.parametrize("name,delimiter", [("data.csv", ","), ("data.tsv", "\t"), ("data.txt", ";")])
def test_evaluate_prints_one_json_line(tmp_path, capsys, name, delimiter):
    path = tmp_path / name
    _write(path, ROWS * 2, delimiter)
    code = main([str(path), "--text-col", "tekst", "--label-col", "onderwerp", "--embedder", "tfidf"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0 and len(out) == 1
    row = json.loads(out[0])
    for key in ("documents", "themes", "outlier_share", "nmi", "ari", "seconds"):
        assert key in row
    assert row["documents"] == len(ROWS) * 2
    assert 0 <= row["nmi"] <= 1 and row["outlier_share"] <= 0.1
    assert isinstance(row["seconds"], dict) and "cluster" in row["seconds"]


def test_evaluate_limit_and_statement_unit(tmp_path, capsys):
    path = tmp_path / "d.csv"
    _write(path, ROWS)
    assert main([str(path), "--text-col", "tekst", "--label-col", "onderwerp", "--embedder", "tfidf",
                 "--limit", "12", "--unit", "statement", "--granularity", "2"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["documents"] == 12 and row["granularity"] == 2.0


def test_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "weg.csv"), "--text-col", "a", "--label-col", "b"]) == 2
    assert "Bestand niet gevonden" in capsys.readouterr().err


def test_unknown_column(tmp_path, capsys):
    path = tmp_path / "d.csv"
    _write(path, ROWS)
    assert main([str(path), "--text-col", "text", "--label-col", "onderwerp"]) == 2
    err = capsys.readouterr().err
    assert "Kolom 'text' bestaat niet" in err and "'tekst'" in err


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "leeg.csv"
    path.write_text("", encoding="utf-8")
    assert main([str(path), "--text-col", "a", "--label-col", "b"]) == 2
    assert "leeg" in capsys.readouterr().err
    only_header = tmp_path / "kop.csv"
    only_header.write_text("tekst,onderwerp\n", encoding="utf-8")
    assert main([str(only_header), "--text-col", "tekst", "--label-col", "onderwerp"]) == 2
    assert "geen rijen" in capsys.readouterr().err


def test_not_utf8(tmp_path, capsys):
    path = tmp_path / "latin.csv"
    path.write_bytes("tekst,onderwerp\ncaf\xe9 met schulden,x\n".encode("latin-1"))
    assert main([str(path), "--text-col", "tekst", "--label-col", "onderwerp"]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_meervoud_command_runs_evaluate_without_a_database(tmp_path, capsys):
    import json

    from meervoud.cli import main as meervoud

    rows = ["text\tlabel"] + [f"De wachtlijst voor hulp duurde {n} maanden te lang\twacht" for n in range(8)] \
        + [f"Mijn buddy ging {n} keer mee naar het loket\tsteun" for n in range(8)]
    path = tmp_path / "klein.tsv"
    path.write_text("\n".join(rows), encoding="utf-8")
    assert meervoud(["evaluate", str(path), "--text-col", "text", "--label-col", "label",
                     "--embedder", "tfidf"]) in (0, None)
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["documents"] == 16
    assert {"themes", "outlier_share", "nmi", "ari", "seconds"} <= set(result)


def test_rows_without_a_label_are_clustered_but_not_scored(tmp_path, capsys):
    """An empty label cell is "not coded yet": the row is one of the documents, but NMI, ARI
    and the number of labels cover the labelled rows only, and the JSON says how many were left out."""
    path = tmp_path / "d.csv"
    rows = [(text, label if i % 3 else "") for i, (text, label) in enumerate(ROWS * 2)]
    _write(path, rows)
    assert main([str(path), "--text-col", "tekst", "--label-col", "onderwerp", "--embedder", "tfidf"]) == 0
    row = json.loads(capsys.readouterr().out)
    unlabelled = sum(1 for _text, label in rows if not label)
    assert row["documents"] == len(rows)
    assert row["unlabelled"] == unlabelled and row["labelled"] == len(rows) - unlabelled
    assert row["labels"] == len({label for _text, label in rows if label})
    assert 0 <= row["nmi"] <= 1


def test_a_file_without_labels_is_refused_in_dutch(tmp_path, capsys):
    path = tmp_path / "d.csv"
    _write(path, [(text, "") for text, _label in ROWS])
    assert main([str(path), "--text-col", "tekst", "--label-col", "onderwerp", "--embedder", "tfidf"]) == 2
    err = capsys.readouterr().err
    assert "minstens twee rijen met een label in kolom 'onderwerp'" in err
