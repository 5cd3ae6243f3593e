import pytest


@pytest.fixture
def make_practice(db):
    from meervoud.places.selectors import find_municipality
    from meervoud.practices.models import GoodPractice, PracticeStatus
    from meervoud.stories.models import LifeDomain

    def make(title: str, *, municipalities=(), regions=(), provinces=(), domains=(),
             status=PracticeStatus.PUBLISHED, level="", proposed_by=None):
        from meervoud.places.models import Province, Region
        from django.utils.text import slugify

        practice = GoodPractice.objects.create(slug=slugify(title), title=title,
                                               summary=f"Over {title}.", status=status,
                                               level=level, proposed_by=proposed_by)
        practice.municipalities.set([find_municipality(name) for name in municipalities])
        practice.regions.set(Region.objects.filter(name__in=regions))
        practice.provinces.set(Province.objects.filter(name__in=provinces))
        practice.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
        return practice

    return make

