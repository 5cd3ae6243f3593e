"""Meervoud's own management commands speak Dutch in their help and their errors, as the
database-free commands do (test_cli_dutch.py); `meervoud --help` is Meervoud's own overview.
The review test is test_review_s19_english.py::test_meervouds_own_commands_answer_a_dutch_operator_in_english."""

from importlib.metadata import version

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand

from meervoud.cli import main as meervoud
from meervoud.core.management.commands._base import MeervoudCommand

OWN = sorted(name for name, app in get_commands().items() if app.startswith("meervoud."))
ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:", "Error:",
           "CommandError", "Verbosity", "settings module", "Unknown command", "Type 'meervoud")


def _run(capsys, argv) -> tuple[int, str, str]:
    try:
        code = meervoud(argv)
    except SystemExit as stop:
        code = stop.code
    said = capsys.readouterr()
    return code, said.out, said.err


def _command(name):
    return load_command_class(get_commands()[name], name)


def test_every_own_command_has_the_dutch_base():
    assert len(OWN) >= 14
    assert [name for name in OWN if not isinstance(_command(name), MeervoudCommand)] == []


@pytest.mark.parametrize("name", OWN)
def test_the_parser_has_djangos_options_under_the_same_names(name):
    """Django reads its generic options (verbosity, traceback, no_color, skip_checks, …) when it
    runs a command; the Dutch parser must still have every one of them."""
    command = _command(name)
    ours = {action.dest for action in command.create_parser("meervoud", name)._actions}
    djangos = {action.dest for action in BaseCommand.create_parser(command, "meervoud", name)._actions}
    assert ours == djangos


@pytest.mark.parametrize("name", OWN)
def test_help_is_dutch_and_explains_every_option_it_shows(name, capsys):
    code, out, _err = _run(capsys, [name, "--help"])
    assert code == 0
    assert out.startswith(f"gebruik: meervoud {name}")
    assert "toon deze hulp en stop" in out and "--traceback" in out
    assert not [word for word in ENGLISH if word in out], out
    # the options an operator never needs are left out
    assert "--verbosity" not in out and "--settings" not in out and "--skip-checks" not in out
    parser = _command(name).create_parser("meervoud", name)
    assert [action.dest for action in parser._actions if not action.help] == []


def test_a_parser_error_is_dutch_and_exits_with_2(capsys):
    code, _out, err = _run(capsys, ["backup"])
    assert code == 2
    assert err.startswith("gebruik: meervoud backup")
    assert "meervoud backup: fout: deze argumenten ontbreken: -o/--output" in err
    code, _out, err = _run(capsys, ["retention", "--dry-run=ja"])
    assert code == 2 and "meervoud retention: fout: argument --dry-run: hier hoort geen waarde bij ('ja')" in err
    code, _out, err = _run(capsys, ["infographic", "--formaat", "a5", "-o", "x.pdf"])
    assert code == 2 and "argument --formaat: 'A5' kan niet; kies uit 'A3', 'A4'" in err
    code, _out, err = _run(capsys, ["api_token", "iemand", "--days", "tien"])
    assert code == 2 and "argument --days: 'tien' is geen geheel getal" in err
    assert not [word for word in ENGLISH if word in err], err


def test_call_command_gets_a_dutch_command_error_not_an_exit():
    with pytest.raises(CommandError, match="^Fout: onbekende argumenten: --bestaat-niet$"):
        call_command("retention", "--bestaat-niet")
    with pytest.raises(CommandError, match="^Fout: argument --days: 'tien' is geen geheel getal$"):
        call_command("api_token", "iemand", "--days", "tien")


@pytest.mark.django_db  # every command first checks the database is migrated
def test_a_command_error_on_the_command_line_is_one_dutch_line(capsys, tmp_path):
    """Django wrote it as "CommandError: Bestand … bestaat niet."."""
    missing = tmp_path / "verhalen.csv"
    code, out, err = _run(capsys, ["import", str(missing), "--skip-checks"])
    assert code == 1 and out == ""
    assert err == f"meervoud import: fout: Bestand '{missing}' bestaat niet.\n"


@pytest.mark.django_db  # every command first checks the database is migrated
def test_traceback_still_shows_the_exception(capsys, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        meervoud(["import", str(tmp_path / "verhalen.csv"), "--traceback", "--skip-checks"])


def test_meervoud_help_is_meervouds_own_dutch_overview(capsys):
    for argv in ([], ["help"], ["--help"], ["-h"]):
        code, out, _err = _run(capsys, argv)
        assert code == 0
        assert out.startswith("gebruik: meervoud <opdracht> [opties]")
        assert not [word for word in ENGLISH if word in out], out
        assert "Available subcommands" not in out and "[django]" not in out
        listed = {line.split()[0] for line in out.splitlines() if line.startswith("  ") and line[2] != " "}
        assert listed == {*OWN, "deidentify", "evaluate"}
    assert "  backup           Maak een back-up van de hele database" in out
    assert "  restore          Zet een back-up terug.\n" in out  # the first sentence only


def test_help_for_one_command_is_its_dutch_help(capsys):
    code, out, _err = _run(capsys, ["help", "restore"])
    assert code == 0 and out.startswith("gebruik: meervoud restore") and "argumenten:" in out


@pytest.mark.parametrize("argv", [["bakup"], ["help", "bakup"]])
def test_an_unknown_command_is_said_in_dutch_with_a_suggestion(argv, capsys):
    code, out, err = _run(capsys, argv)
    assert code == 1 and out == ""
    assert err == "meervoud: de opdracht 'bakup' bestaat niet. Bedoel je backup?\nAlle opdrachten: meervoud help\n"


@pytest.mark.parametrize("argv", [["version"], ["--version"], ["backup", "--version"]])
def test_every_version_is_meervouds(argv, capsys):
    """`meervoud version` and `meervoud backup --version` printed Django's version number."""
    code, out, _err = _run(capsys, argv)
    assert code == 0 and out.strip().removeprefix("meervoud ") == version("meervoud")
