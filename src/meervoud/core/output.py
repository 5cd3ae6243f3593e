"""Files the commands write (backups, exports, reports): a clear Dutch error before the work
when the path cannot be written, never a traceback after it."""

import errno
import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def check_output(path: str | Path) -> Path:
    """The path, if a file can be written there; else a CommandError that says why."""
    path = Path(path)
    if path.is_dir():
        raise CommandError(_("%(path)s is een map. Geef een bestandsnaam op.") % {"path": path})
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(_("De map %(folder)s bestaat niet. Maak haar eerst aan of kies een "
                             "andere plek.") % {"folder": folder})
    if not os.access(folder, os.W_OK):
        raise CommandError(_("In de map %(folder)s mag dit programma niet schrijven.") % {"folder": folder})
    # checked before the work too: a read-only file already there would fail only after it
    if path.exists() and not os.access(path, os.W_OK):
        raise CommandError(_("Het bestand %(path)s bestaat al en mag niet overschreven worden. "
                             "Kies een andere naam.") % {"path": path})
    return path


def write_output(path: str | Path, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        reason = {errno.ENOSPC: _("de schijf is vol"),
                  errno.EDQUOT: _("de schijf is vol"),
                  errno.EACCES: _("dit programma mag daar niet schrijven"),
                  errno.EPERM: _("dit programma mag daar niet schrijven"),
                  errno.EROFS: _("de schijf is alleen-lezen")}.get(error.errno, _("fout %(code)s van het systeem")
                                                                  % {"code": error.errno})
        raise CommandError(_("%(path)s kon niet geschreven worden: %(reason)s")
                           % {"path": path, "reason": reason}) from error
