import pytest

from meervoud.demo.services import story_records
from meervoud.stories.importer import import_records
from meervoud.stories.models import Source


@pytest.fixture
def tfidf(settings):
    # The model-free embedder keeps these tests quick; test_default_embedder uses the real model.
    settings.MEERVOUD_EMBEDDER = "tfidf"


@pytest.fixture
def demo_subset(db):
    """A slice of the demo stories, imported the normal way (validated, de-identified)."""

    def load(count: int = 60, offset: int = 0):
        records = story_records()
        chosen = records[offset:offset + count] + records[80 + offset:80 + offset + count]
        for number, record in enumerate(chosen, start=1):
            record["__row__"] = number
        report = import_records(chosen, source=Source.DEMO, is_fictional=True)
        assert report.ok, report.errors[:3]
        return report

    return load
