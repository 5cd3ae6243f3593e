import hashlib
import itertools

import pytest
from django.utils import timezone

_texts = itertools.count(1)


@pytest.fixture
def publish(db):
    """Build published knowledge precisely: ``publish.statement(theme_key, narrator, place, ...)``
    stores a real story (through the intake service, so it is de-identified and has consents)
    with one statement in the theme. Themes are validated by peer experts unless told otherwise."""
    from meervoud.knowledge.models import Statement, Theme
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.models import LifeDomain, Narrator, Purpose
    from meervoud.stories.services import StoryDraft, create_story

    class Builder:
        def theme(self, key: str, *, validated: bool = True, **fields) -> Theme:
            theme, _ = Theme.objects.get_or_create(key=key, defaults={"label": key.replace("-", " ")})
            for name, value in fields.items():
                setattr(theme, name, value)
            theme.validated_at = timezone.now() if validated else None
            theme.save()
            return theme

        def statement(self, theme_key: str, narrator: str, place: str = "Groningen", *,
                      domains=("verslaving",), kind: str = "other", text: str | None = None,
                      purposes=(Purpose.ANALYSIS, Purpose.QUOTE), level: str = "micro"):
            theme = Theme.objects.filter(key=theme_key).first() or self.theme(theme_key)
            person, _ = Narrator.objects.get_or_create(code=narrator)
            number = next(_texts)
            text = text or f"Verhaal nummer {number}: de hulp kwam pas laat, maar het maakte verschil voor mij."
            story = create_story(
                narrator=person, purposes=set(purposes),
                draft=StoryDraft(text=text, municipality=find_municipality(place), level=level,
                                 life_domains=list(LifeDomain.objects.filter(slug__in=domains))))
            return Statement.objects.create(
                key=f"s{story.pk}", story=story, text=story.text, start=0, end=len(story.text),
                content_hash=hashlib.sha256(story.text.encode()).hexdigest(), kind=kind, theme=theme)

        def many(self, theme_key: str, count: int, place: str = "Groningen", prefix: str | None = None, **kwargs):
            prefix = prefix or f"{theme_key}-{place}"
            return [self.statement(theme_key, f"{prefix}-{i}", place, **kwargs) for i in range(count)]

    return Builder()
