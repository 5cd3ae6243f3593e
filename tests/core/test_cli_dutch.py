"""The database-free commands speak Dutch all the way: their help and their errors came half in
argparse's English ("usage:", "options:", "the following arguments are required"), and
`meervoud --version` printed Django's version number instead of Meervoud's."""

from importlib.metadata import version

import pytest

from meervoud.cli import main as meervoud

ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "the following arguments",
           "error:", "invalid choice", "unrecognized arguments", "expected one argument")


@pytest.mark.parametrize("command", ["evaluate", "deidentify"])
def test_help_is_dutch(command, capsys):
    with pytest.raises(SystemExit) as stop:
        meervoud([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: meervoud " + command)
    assert "opties:" in out and "toon deze hulp en stop" in out
    assert not [word for word in ENGLISH if word in out], out


@pytest.mark.parametrize("argv, dutch", [
    (["evaluate", "x.csv"], "deze argumenten ontbreken: --text-col, --label-col"),
    (["evaluate", "x.csv", "--text-col", "t", "--label-col", "l", "--lang", "fr"],
     "argument --lang: 'fr' kan niet; kies uit 'nl', 'en'"),
    (["evaluate", "x.csv", "--text-col", "t", "--label-col", "l", "--limit", "tien"],
     "argument --limit: 'tien' is geen geheel getal"),
    (["evaluate", "x.csv", "--text-col"], "argument --text-col: hier hoort één waarde bij"),
    (["evaluate", "x.csv", "--text-col", "t", "--label-col", "l", "--snel"], "onbekende argumenten: --snel"),
])
def test_errors_are_dutch_and_exit_with_2(argv, dutch, capsys):
    with pytest.raises(SystemExit) as stop:
        meervoud(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("gebruik: meervoud evaluate")
    assert f"meervoud evaluate: fout: {dutch}" in err
    assert not [word for word in ENGLISH if word in err], err


def test_version_is_meervouds_own(capsys):
    assert meervoud(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"meervoud {version('meervoud')}"


def test_a_configuration_error_is_one_sentence_not_a_traceback(tmp_path):
    """`meervoud migrate` without MEERVOUD_SECRET_KEY printed forty lines of Django traceback
    before the one Dutch sentence that says what to do."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("MEERVOUD_") and k != "DJANGO_SETTINGS_MODULE"}
    env |= {"MEERVOUD_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "meervoud", "migrate"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("meervoud: MEERVOUD_SECRET_KEY ontbreekt.")
