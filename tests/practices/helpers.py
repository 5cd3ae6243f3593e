"""Published knowledge for tests: validated themes backed by n distinct consenting narrators."""

import itertools

from django.utils import timezone

from meervoud.knowledge.models import Statement, Theme
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import LifeDomain, Narrator, Purpose, Story
from meervoud.stories.services import give_consent

_counter = itertools.count()


def theme_with_narrators(key: str, narrators: int, *, municipality: str = "Groningen",
                         domains=("verslaving",), validated: bool = True, name: str = "") -> Theme:
    theme, _ = Theme.objects.get_or_create(key=key, defaults={
        "label": key, "name": name or key,
        "validated_at": timezone.now() if validated else None})
    town = find_municipality(municipality)
    life_domains = list(LifeDomain.objects.filter(slug__in=domains))
    for _ in range(narrators):
        n = next(_counter)
        narrator = Narrator.objects.create(code=f"T-{key}-{n}")
        story = Story.objects.create(narrator=narrator, text=f"Verhaal {n}",
                                     content_hash=f"hash-{key}-{n}", municipality=town)
        story.life_domains.set(life_domains)
        give_consent(story, Purpose.ANALYSIS, via="form")
        Statement.objects.create(key=f"st-{key}-{n}", story=story, text=f"Uitspraak {n}",
                                 start=0, end=10, content_hash=f"sh-{key}-{n}", theme=theme)
    return theme
