"""Reads of good practices, for the catalogue and for other parts of Meervoud.

Other apps use these:

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

``Catalogue()``
    The same published practices, read once, for a page that asks for many places:
    ``Catalogue().near(domain, municipality=…)`` (or ``region=``, ``province=``) gives what
    ``published_practices`` gives for that place and life domain, in the same order, matched in
    Python. The rule of nearness above is the one both apply; ``tests/practices/
    test_catalogue_near_s21.py`` holds them to it.

``practices_for_themes(theme_ids)``
    Published practices linked to any of these themes (ints are Theme primary keys, strings
    are theme keys), ordered by title.

"Published" is what the public may see: a coordinator published it, and its texts still pass
the check for words that point to a person (``publication.withheld``); one that fails it now is
left out everywhere until someone edits it (``withheld_reason`` says why, on its own page).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Whereabouts:
    """Where a practice is, widened upward as ``published_practices`` counts it: the regions of
    its municipalities are its regions too, the provinces of all those regions its provinces."""

    municipalities: frozenset[int]
    regions: frozenset[int]
    provinces: frozenset[int]
    domains: frozenset[str]

    @classmethod
    def of(cls, practice: GoodPractice, province_of: dict[int, int]) -> "_Whereabouts":
        towns = list(practice.municipalities.all())
        regions = {r.pk for r in practice.regions.all()} | {t.region_id for t in towns}
        provinces = {p.pk for p in practice.provinces.all()} | {province_of[r] for r in regions}
        return cls(frozenset(t.pk for t in towns), frozenset(regions), frozenset(provinces),
                   frozenset(d.slug for d in practice.life_domains.all()))

    def proximity(self, municipality: int | None, region: int | None, province: int) -> int | None:
        """The finest of the asked places the practice is in (None: in none of them)."""
        if municipality in self.municipalities:
            return IN_MUNICIPALITY
        if region in self.regions:
            return IN_REGION
        return IN_PROVINCE if province in self.provinces else None


class Catalogue:
    """The published practices, read once (on the first question), for a page that asks what
    is near many places, as the gap view does per information need: asking
    ``published_practices`` per place runs its six queries every time.

    ``near`` applies the rule of ``published_practices`` (see above): in the municipality first,
    then in its region, then in its province; a practice without any place is national, so never
    near. ``published_practices`` applies it in SQL as well, because its callers page, count and
    filter the queryset further, and one question should not read the whole catalogue. The tests
    in ``tests/practices/test_catalogue_near_s21.py`` hold both to the same answers."""

    def __init__(self) -> None:
        self._practices: list[tuple[GoodPractice, _Whereabouts]] | None = None
        self._province_of: dict[int, int] = {}
        self._found: dict[tuple, list[GoodPractice]] = {}

    def _read(self) -> list[tuple[GoodPractice, _Whereabouts]]:
        if self._practices is None:
            self._province_of = dict(Region.objects.values_list("pk", "province_id"))
            # ordered by title: a stable sort on nearness alone then orders as published_practices
            # does (proximity, then title)
            self._practices = [(practice, _Whereabouts.of(practice, self._province_of))
                               for practice in published_practices()]
        return self._practices

    def near(self, domain: str = "", *, municipality: Municipality | None = None,
             region: Region | None = None, province: Province | None = None) -> list[GoodPractice]:
        """Published practices near a place (model instances; a municipality brings its region
        and province along, a region its province), with the life domain ``domain`` if given,
        nearest first, then by title: what ``published_practices(municipality=…,
        domain_slugs=[domain])`` finds."""
        if municipality is None and region is None and province is None:
            raise ValueError("near() needs a municipality, a region or a province")
        practices = self._read()
        town = municipality.pk if municipality is not None else None
        area = municipality.region_id if municipality is not None else (
            region.pk if region is not None else None)
        wide = self._province_of[area] if area is not None else province.pk
        key = (town, area, wide, domain)
        if key not in self._found:
            found = []
            for practice, where in practices:
                nearness = where.proximity(town, area, wide)
                if nearness is not None and (not domain or domain in where.domains):
                    found.append((nearness, practice))
            found.sort(key=lambda pair: pair[0])
            self._found[key] = [practice for _nearness, practice in found]
        return list(self._found[key])

    def with_domain(self, domain: str) -> list[GoodPractice]:
        """Every published practice with the life domain ``domain``, by title: what
        ``published_practices(domain_slugs=[domain])`` finds, for a page that asks it for many
        life domains."""
        return [practice for practice, where in self._read() if domain in where.domains]


def practices_for_themes(theme_ids: Iterable[int | str]) -> QuerySet[GoodPractice]:
    ids = list(theme_ids)
    pks = [value for value in ids if isinstance(value, int)]
    keys = [value for value in ids if isinstance(value, str)]
    return _with_places(_in_catalogue().filter(
        Q(themes__pk__in=pks) | Q(themes__key__in=keys)).distinct().order_by("title", "pk"))


# the texts and places a search looks in: a practice is called by its title or its organisation
# ("Ixta Noa") as often as by its topic
_SEARCHED = ("title", "summary", "organisations", "place_note", "expert_work", "what_works",
             "results")
MAX_WORDS = 10


def matching_words(queryset: QuerySet[GoodPractice], words: str) -> QuerySet[GoodPractice]:
    """The practices that have every word somewhere (in any of their texts or places), as a
    search box is expected to work: "buddy groningen" narrows down, it does not widen.

    Anyone may search, so each word costs one condition on the practices asked for: the places
    are looked up per practice (EXISTS), never joined, as a join of a practice's municipalities
    with its regions gives one row per pair."""
    for word in list(dict.fromkeys(words.split()))[:MAX_WORDS]:
        found = Q(_has(_Municipalities, municipality__name__icontains=word)) | Q(
            _has(_Regions, region__name__icontains=word))
        for field in _SEARCHED:
            found |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(found)
    return queryset


def changes_waiting() -> QuerySet[GoodPractice]:
    """Published practices whose proposer sent a change that waits for a coordinator."""
    return (GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED,
                                        pending_change__isnull=False)
            .select_related("proposed_by").order_by("pending_since", "pk"))


def review_queue() -> QuerySet[GoodPractice]:
    """Proposals waiting for a coordinator; ``sent_again`` marks those judged before, so a
    reviewer reads the earlier decision before judging again."""
    earlier = EarlierDecision.objects.filter(practice=OuterRef("pk"))
    return _with_places(GoodPractice.objects.filter(status=PracticeStatus.PROPOSED)
                        .annotate(sent_again=Exists(earlier))
                        .select_related("proposed_by").order_by("proposed_at", "pk"))


def waiting_count() -> int:
    """How many proposals and changes wait for a coordinator (the menu shows it on every
    reviewer's page): one query."""
    return GoodPractice.objects.filter(
        Q(status=PracticeStatus.PROPOSED)
        | Q(status=PracticeStatus.PUBLISHED, pending_change__isnull=False)).count()


def recently_rejected(limit: int = 20) -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(status=PracticeStatus.REJECTED).select_related(
        "reviewed_by").order_by("-reviewed_at")[:limit]


def earlier_decisions(practice: GoodPractice) -> list:
    """Decisions on a practice that no longer apply, newest first. Only for its proposer and for
    reviewers: the public never sees how a practice was judged, nor by whom."""
    return list(practice.earlier_decisions.select_related("decided_by"))


def proposals_of(user) -> list[GoodPractice]:
    """The practices someone proposed that are not in the catalogue, newest first: waiting,
    rejected, and published but withheld because their texts point to a person. She must find
    those to fix them: each practice has ``withheld``, why it is left out (a
    ``publication.withheld.Withheld``), or None."""
    from meervoud.publication.withheld import withheld_practices

    withheld = withheld_practices()
    proposals = list(GoodPractice.objects.filter(proposed_by=user).filter(
        ~Q(status=PracticeStatus.PUBLISHED) | Q(pk__in=list(withheld))).order_by("-proposed_at"))
    for practice in proposals:
        practice.withheld = (withheld.get(practice.pk)
                             if practice.status == PracticeStatus.PUBLISHED else None)
    return proposals


def in_catalogue_of(user) -> list[GoodPractice]:
    """The practices someone proposed that are in the catalogue: she keeps them up to date
    (a change waits for a coordinator) or takes one back when it stops."""
    return list(_in_catalogue().filter(proposed_by=user).order_by("title", "pk"))


def published_themes_of(practice: GoodPractice, published: Collection[str] | None = None) -> list:
    """The themes backing a practice that may be shown: only published ones.

    A list of practices (the API, the exports) prefetches their ``themes`` and passes
    ``published``, the keys of the published themes (``publication.selectors.published_keys``)
    read once for the whole list: without them each practice asks again."""
    if published is None:
        from meervoud.publication.selectors import published_keys

        published = published_keys()
    return [theme for theme in practice.themes.all() if theme.key in published]


def linkable_themes(user):
    """Themes a person may link a practice to: the learning network sees every active theme,
    everyone else only what is published (an unpublished theme's name could be too revealing)."""
    from meervoud.accounts.permissions import user_can
    from meervoud.knowledge.models import Theme

    themes = Theme.objects.filter(active=True, parent__isnull=True)
    if user_can(user, "knowledge.view"):
        return themes
    from meervoud.publication.selectors import published_keys

    return themes.filter(key__in=published_keys())


def with_shown_themes(practices) -> list[GoodPractice]:
    """The practices, each with ``shown_themes``: the published themes it answers, so a list
    says what collective knowledge each practice is a response to (asked once for the list)."""
    from meervoud.publication.selectors import published_keys

    practices = list(practices.prefetch_related("themes"))
    published = published_keys()
    for practice in practices:
        practice.shown_themes = published_themes_of(practice, published)
    return practices
