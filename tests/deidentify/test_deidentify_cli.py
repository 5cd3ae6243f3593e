"""The command line: meervoud deidentify [FILE] [--name NAME ...] [--lang nl|en] [--json]."""

import io
import json
import sys

import pytest

from meervoud.deidentify.cli import main


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.fixture
def stdin(monkeypatch):
    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", _Stdin(data))
    return feed


def test_stdin_to_text(deid, stdin, capsys):
    stdin("Ik ben Petra uit Ezinge, bel 06-12345678.\n".encode())
    assert main(["--name", "Petra"]) == 0
    assert capsys.readouterr().out == "Ik ben [PERSOON-1] uit [LOCATIE-1], bel [TELEFOON].\n"


def test_dash_means_stdin(deid, stdin, capsys):
    stdin(b"Mail a@b.nl")
    assert main(["-"]) == 0
    assert capsys.readouterr().out == "Mail [E-MAIL]\n"


def test_file_with_json(deid, tmp_path, capsys):
    story = tmp_path / "verhaal.txt"
    story.write_text("Café in Ezinge, ik was 17.", encoding="utf-8")
    assert main([str(story), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == "Café in [LOCATIE-1], ik was [LEEFTIJD]."
    assert out["annotations"] == [
        {"start": 8, "end": 14, "kind": "location", "text": "Ezinge"},
        {"start": 23, "end": 25, "kind": "age", "text": "17"},
    ]
    assert out["counts"] == {"age": 1, "location": 1}


def test_utf8_bom_is_accepted(deid, tmp_path, capsys):
    story = tmp_path / "bom.txt"
    story.write_bytes("\ufeffIk woon in Ezinge.".encode("utf-8"))
    assert main([str(story)]) == 0
    assert capsys.readouterr().out == "Ik woon in [LOCATIE-1].\n"


def test_english(deid, stdin, capsys):
    stdin(b"I was 17 when I met Anna.")
    assert main(["--lang", "en", "--name", "Anna"]) == 0
    assert capsys.readouterr().out == "I was [LEEFTIJD] when I met [PERSOON-1].\n"


def test_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "bestaat-niet.txt")]) == 2
    err = capsys.readouterr().err
    assert "bestaat niet" in err and "bestaat-niet.txt" in err


def test_directory_instead_of_file(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "is een map" in capsys.readouterr().err


def test_non_utf8_file(tmp_path, capsys):
    story = tmp_path / "latin1.txt"
    story.write_bytes("Café in Ezinge".encode("latin-1"))
    assert main([str(story)]) == 2
    captured = capsys.readouterr()
    assert "geen UTF-8" in captured.err
    assert captured.out == ""


def test_non_utf8_stdin(stdin, capsys):
    stdin("Café".encode("latin-1"))
    assert main([]) == 2
    assert "standaardinvoer is geen UTF-8" in capsys.readouterr().err


def test_unknown_language(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "fr"])
    assert exc.value.code == 2
    assert "onbekende taal" in capsys.readouterr().err


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: meervoud deidentify")
    assert "naam die de verteller" in out


def test_meervoud_command_dispatches_deidentify_without_django(capsys, monkeypatch):
    import io
    import sys

    from meervoud.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Bel Petra op 06-12345678."))
    assert main(["deidentify", "--name", "Petra"]) == 0
    out = capsys.readouterr().out
    assert "Petra" not in out and "12345678" not in out and "[TELEFOON]" in out
