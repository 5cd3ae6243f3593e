"""Session 18: every command that writes a file says in Dutch why it cannot, before the work."""

import errno
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meervoud.core import output


def test_a_read_only_file_is_refused_before_any_command_works(db, tmp_path, monkeypatch):
    target = tmp_path / "nacht.gz"
    target.write_bytes(b"oud")
    monkeypatch.setattr(output.os, "access", lambda path, mode: path != target)  # root writes anywhere
    with pytest.raises(CommandError, match="bestaat al en mag niet overschreven worden"):
        call_command("backup", "-o", str(target), stdout=io.StringIO())
    assert target.read_bytes() == b"oud"


@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "de schijf is vol"),
                                          (errno.EACCES, "dit programma mag daar niet schrijven"),
                                          (errno.EIO, f"fout {errno.EIO} van het systeem")])
def test_a_failed_write_is_said_in_dutch(tmp_path, monkeypatch, code, reason):
    def fail(self, data):
        raise OSError(code, "English text from the system")

    monkeypatch.setattr(output.Path, "write_bytes", fail)
    with pytest.raises(CommandError) as raised:
        output.write_output(tmp_path / "x.pdf", b"data")
    assert str(raised.value) == f"{tmp_path / 'x.pdf'} kon niet geschreven worden: {reason}"
