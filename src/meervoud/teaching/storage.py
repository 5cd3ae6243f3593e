"""Where shared files live: outside the static and media URLs, served only through a view
that checks moderation (`views.ContributionFileView`).

The folder is `settings.MEERVOUD_UPLOAD_DIR` when set, else `<MEERVOUD_DATA_DIR>/uploads`, read
at each use so tests (and deployments) can point it elsewhere.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def upload_root() -> Path:
    configured = getattr(settings, "MEERVOUD_UPLOAD_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "uploads"


@deconstructible
class UploadStorage(FileSystemStorage):
    def __init__(self, subdir: str = "lesmodule"):
        self.subdir = subdir
        super().__init__()

    @property
    def base_location(self):
        return str(upload_root() / self.subdir)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def teaching_storage():
    return UploadStorage("lesmodule")
