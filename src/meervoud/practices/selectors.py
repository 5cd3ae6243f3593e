"""Reads of good practices, for the catalogue and for other parts of Meervoud.

Other apps use two functions:

``published_practices(*, municipality=None, region=None, province=None, domain_slugs=None)``
    Published practices, as a queryset annotated with ``proximity``:

    - asked for a municipality: practices in that municipality (proximity 0), then the rest of
      its region, that is region-wide practices and practices in other municipalities of the
      region (1), then the rest of its province (2);
    - asked for a region: the region (1), then the rest of its province (2);
    - asked for a province: everything in the province (2);
    - asked for no place: every published practice (proximity None).

    Practices without any place are national and only appear when no place is asked for. With
    several places the finest one wins. Places may be model instances or names.
    ``domain_slugs`` keeps practices with at least one of those life domains. Ordered by
    proximity, then title.

``practices_for_themes(theme_ids)``
    Published practices linked to any of these themes (ints are Theme primary keys, strings
    are theme keys), ordered by title.

"Published" is what the public may see: a coordinator published it, and its texts still pass
the check for words that point to a person (``publication.withheld``); one that fails it now is
left out everywhere until someone edits it (``withheld_reason`` says why, on its own page).
"""

from collections.abc import Iterable

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from meervoud.places.models import Municipality, Province, Region
from meervoud.practices.models import EarlierDecision, GoodPractice, PracticeStatus

IN_MUNICIPALITY, IN_REGION, IN_PROVINCE = 0, 1, 2

_Municipalities = GoodPractice.municipalities.through
_Regions = GoodPractice.regions.through
_Provinces = GoodPractice.provinces.through
_Domains = GoodPractice.life_domains.through


def _resolve(model, value):
    if value is None or isinstance(value, model):
        return value
    if isinstance(value, int):
        return model.objects.get(pk=value)
    return model.objects.get(name=value)


def _has(through, **lookup) -> Exists:
    return Exists(through.objects.filter(goodpractice_id=OuterRef("pk"), **lookup))


def _in_region(region_id: int) -> Q:
    return Q(_has(_Regions, region_id=region_id)) | Q(
        _has(_Municipalities, municipality__region_id=region_id))


def _in_province(province_id: int) -> Q:
    return (Q(_has(_Provinces, province_id=province_id))
            | Q(_has(_Regions, region__province_id=province_id))
            | Q(_has(_Municipalities, municipality__region__province_id=province_id)))


def _with_places(queryset: QuerySet):
    return queryset.prefetch_related("life_domains", "municipalities", "regions", "provinces")


def _in_catalogue() -> QuerySet[GoodPractice]:
    from meervoud.publication.withheld import withheld_practices

    published = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
    withheld = list(withheld_practices())
    return published.exclude(pk__in=withheld) if withheld else published


def withheld_reason(practice: GoodPractice):
    """Why a practice a coordinator published is not in the catalogue (a
    ``publication.withheld.Withheld``), or None."""
    from meervoud.publication.withheld import withheld_practices

    if practice.status != PracticeStatus.PUBLISHED:
        return None
    return withheld_practices().get(practice.pk)


def published_practices(*, municipality=None, region=None, province=None,
                        domain_slugs: Iterable[str] | None = None) -> QuerySet[GoodPractice]:
    municipality = _resolve(Municipality, municipality)
    region = _resolve(Region, region)
    province = _resolve(Province, province)
    queryset = _in_catalogue()
    if domain_slugs:
        queryset = queryset.filter(_has(_Domains, lifedomain__slug__in=list(domain_slugs)))
    whens = []
    if municipality is not None:
        whens.append(When(_has(_Municipalities, municipality_id=municipality.pk),
                          then=Value(IN_MUNICIPALITY)))
        region = municipality.region
    if region is not None:
        whens.append(When(_in_region(region.pk), then=Value(IN_REGION)))
        province = region.province
    if province is not None:
        whens.append(When(_in_province(province.pk), then=Value(IN_PROVINCE)))
        queryset = queryset.annotate(proximity=Case(*whens, default=Value(None),
                                                    output_field=IntegerField()))
        return _with_places(queryset.filter(proximity__isnull=False).order_by(
            "proximity", "title", "pk"))
    queryset = queryset.annotate(proximity=Value(None, output_field=IntegerField()))
    return _with_places(queryset.order_by("title", "pk"))


def practices_for_themes(theme_ids: Iterable[int | str]) -> QuerySet[GoodPractice]:
    ids = list(theme_ids)
    pks = [value for value in ids if isinstance(value, int)]
    keys = [value for value in ids if isinstance(value, str)]
    return _with_places(_in_catalogue().filter(
        Q(themes__pk__in=pks) | Q(themes__key__in=keys)).distinct().order_by("title", "pk"))


def review_queue() -> QuerySet[GoodPractice]:
    """Proposals waiting for a coordinator; ``sent_again`` marks those judged before, so a
    reviewer reads the earlier decision before judging again."""
    earlier = EarlierDecision.objects.filter(practice=OuterRef("pk"))
    return _with_places(GoodPractice.objects.filter(status=PracticeStatus.PROPOSED)
                        .annotate(sent_again=Exists(earlier))
                        .select_related("proposed_by").order_by("proposed_at", "pk"))


def waiting_count() -> int:
    """How many proposals wait for a coordinator (the menu shows it on every reviewer's page)."""
    return review_queue().count()


def recently_rejected(limit: int = 20) -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(status=PracticeStatus.REJECTED).select_related(
        "reviewed_by").order_by("-reviewed_at")[:limit]


def earlier_decisions(practice: GoodPractice) -> list:
    """Decisions on a practice that no longer apply, newest first. Only for its proposer and for
    reviewers: the public never sees how a practice was judged, nor by whom."""
    return list(practice.earlier_decisions.select_related("decided_by"))


def proposals_of(user) -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(proposed_by=user).exclude(
        status=PracticeStatus.PUBLISHED).order_by("-proposed_at")


def published_themes_of(practice: GoodPractice) -> list:
    """The themes backing a practice that may be shown: only published ones."""
    from meervoud.publication.selectors import is_published

    return [theme for theme in practice.themes.all() if is_published(theme)]


def linkable_themes(user):
    """Themes a person may link a practice to: the learning network sees every active theme,
    everyone else only what is published (an unpublished theme's name could be too revealing)."""
    from meervoud.accounts.permissions import user_can
    from meervoud.knowledge.models import Theme

    themes = Theme.objects.filter(active=True, parent__isnull=True)
    if user_can(user, "knowledge.view"):
        return themes
    from meervoud.publication.selectors import published_themes

    return themes.filter(key__in=[theme.key for theme in published_themes().themes])
