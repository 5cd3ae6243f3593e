import io
import re
import zipfile

import pytest
from lxml import etree

from meervoud.exchange.refiqda import NS
from meervoud.stories.models import Purpose

Q = {"q": NS}
RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)


@pytest.fixture
def coded(publish):
    """Two themes, 'werk' (statements a and b) and 'wonen' (c), each statement from another
    narrator who consented to analysis and research."""
    publish.theme("werk", label="werk")
    publish.theme("wonen", label="wonen")
    return {
        "a": publish.statement("werk", "N-a", purposes=RESEARCH),
        "b": publish.statement("werk", "N-b", purposes=RESEARCH),
        "c": publish.statement("wonen", "N-c", purposes=RESEARCH),
    }


@pytest.fixture
def research_story(publish):
    """A story told with identifying details, consented for research, with a statement in a theme."""
    from meervoud.stories.models import Purpose

    def make(theme_key: str, narrator: str, text: str, *, purposes=(Purpose.ANALYSIS, Purpose.RESEARCH),
             place: str = "Groningen"):
        return publish.statement(theme_key, narrator, place, text=text, purposes=purposes)

    return make


class Qdpx:
    """A .qdpx opened for editing the way a researcher's tool would change it."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self.root = etree.fromstring(self.files["project.qde"])

    def find(self, path: str):
        return self.root.find(path, Q)

    def findall(self, path: str):
        return self.root.findall(path, Q)

    def code(self, name: str):
        return next(c for c in self.root.iter(f"{{{NS}}}Code") if c.get("name") == name)

    def source(self, name: str):
        return next(s for s in self.findall("q:Sources/q:TextSource") if s.get("name") == name)

    def text(self, source) -> str:
        path = source.get("plainTextPath").removeprefix("internal://")
        return self.files[f"sources/{path}"].decode()

    def data(self) -> bytes:
        self.files["project.qde"] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files.items():
                archive.writestr(name, content)
        return buffer.getvalue()


def without_timestamp(data: bytes) -> bytes:
    return re.sub(rb'creationDateTime="[^"]*"', b"", data)
