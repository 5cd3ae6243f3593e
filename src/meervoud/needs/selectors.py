"""Reads of information needs: who may see which, the overview per region and the gap view.

The overview counts municipalities, not people, so it needs no small-cell suppression; it never
carries contact details. The gap view puts each need next to what exists: published themes
(through the publication layer, so disclosure control holds) and published good practices.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meervoud.accounts.models import OrganisationKind
from meervoud.accounts.permissions import user_can
from meervoud.needs.models import STILL_OPEN, InformationNeed, NeedFormat, NeedStatus, Urgency
from meervoud.places.models import Municipality
from meervoud.practices.selectors import Catalogue
from meervoud.stories.models import LifeDomain


def municipality_of(user) -> Municipality | None:
    """The municipality a policy officer works for: only when their organisation IS a
    municipality (a care provider's municipality is where it is based, not whom it speaks for)."""
    if getattr(user, "role", None) != "beleid":
        return None
    organisation = getattr(user, "organisation", None)
    if organisation is None or organisation.kind != OrganisationKind.MUNICIPALITY:
        return None
    return organisation.municipality if organisation.municipality_id else None


def needs_visible_to(user) -> QuerySet[InformationNeed]:
    """The learning network sees every need; a policy officer those of their own municipality
    (or, without one, those they filled in themselves)."""
    needs = InformationNeed.objects.select_related(
        "municipality__region__province", "asked_by").prefetch_related("life_domains")
    if user_can(user, "needs.manage"):
        return needs
    own = municipality_of(user)
    if own is not None:
        return needs.filter(municipality=own)
    return needs.filter(asked_by=user) if user.is_authenticated else needs.none()


def can_see_need(user, need: InformationNeed) -> bool:
    return needs_visible_to(user).filter(pk=need.pk).exists()


def asked_here(user, need: InformationNeed) -> bool:
    """Who asked, or an officer of the municipality it was asked for."""
    own = municipality_of(user)
    return user_can(user, "needs.ask") and (
        need.asked_by_id == user.pk or (own is not None and own == need.municipality))


def may_withdraw(user, need: InformationNeed) -> bool:
    return need.status in STILL_OPEN and asked_here(user, need)


def hears_for(need: InformationNeed, *, by=None) -> list:
    """Who hears news of a question (``needs.notifications``), but ``by``, who made it: the
    one who asked, while her account is active and she may still open it; else (she left the
    municipality, her account was closed or erased) the municipality's active policy officers,
    for the question stays the municipality's. Empty: nobody there can be told by Meervoud."""
    from django.contrib.auth import get_user_model

    asker = need.asked_by
    if asker is not None and asker.is_active and can_see_need(asker, need):
        people = [asker]
    else:
        people = list(get_user_model().objects.filter(
            is_active=True, role="beleid", organisation__kind=OrganisationKind.MUNICIPALITY,
            organisation__municipality=need.municipality).order_by("pk"))
    return [person for person in people if person.pk != getattr(by, "pk", None)]


def unheard(need: InformationNeed) -> list[str]:
    """The municipalities of this question and those answered with it where nobody hears of a
    change (nobody has an account), for the coordinator who made it."""
    group = [need, *need.joined.select_related("municipality", "asked_by")]
    return sorted({member.municipality.name for member in group if not hears_for(member)})


def answered_together(need: InformationNeed) -> list[str]:
    """The municipalities whose questions are answered together with this one (names only:
    what any reader of the overview may see); its own too when a colleague asked the same."""
    lead_pk = need.joined_to_id or need.pk
    group = InformationNeed.objects.filter(models.Q(pk=lead_pk) | models.Q(joined_to=lead_pk))
    return sorted(set(group.exclude(pk=need.pk).values_list("municipality__name", flat=True)))


def similar_needs(need: InformationNeed, limit: int = 10) -> list[InformationNeed]:
    """Questions the coordinator may answer together with this one: not withdrawn, on a life
    domain it names too, and leading their group (a joined question is reached through its
    lead). None for a question that is not open or already answered with another."""
    if need.status not in STILL_OPEN or need.joined_to_id is not None:
        return []
    domains = [domain.pk for domain in need.life_domains.all()]
    if not domains:
        return []
    candidates = (InformationNeed.objects.filter(life_domains__in=domains,
                                                 joined_to__isnull=True)
                  .exclude(pk=need.pk).exclude(status=NeedStatus.WITHDRAWN)
                  .select_related("municipality").prefetch_related("life_domains")
                  .distinct().order_by("created_at", "pk"))
    # what the network still works on first: an answered one gives its answer at once
    rows = list(candidates[:limit * 3])
    rows.sort(key=lambda other: (other.status == NeedStatus.ANSWERED, other.created_at))
    return rows[:limit]


LIST_SORTS = [("nieuw", _("Nieuwste vraag eerst")), ("wacht", _("Langst wachtend eerst"))]


def sorted_for_list(needs: QuerySet, sort: str) -> QuerySet:
    """Newest first; or the questions that still wait, the longest waiting first, then the
    others (answered or withdrawn), the oldest first."""
    if sort != "wacht":
        return needs
    done = models.Case(models.When(status__in=STILL_OPEN, then=0), default=1,
                       output_field=models.IntegerField())
    return needs.annotate(done=done).order_by("done", "created_at", "pk")


def _standing(needs: QuerySet, status: str = "") -> QuerySet:
    """Needs in one status, or else every need the municipality still stands by."""
    return needs.filter(status=status) if status else needs.exclude(status=NeedStatus.WITHDRAWN)


def _in_place(needs: QuerySet, province=None, region=None) -> QuerySet:
    if region is not None:
        return needs.filter(municipality__region=region)
    if province is not None:
        return needs.filter(municipality__region__province=province)
    return needs


# ---------------------------------------------------------------- overview per region


@dataclass
class RegionRow:
    region: str
    province: str
    municipalities: list[str]
    open: int
    answered: int


@dataclass
class DomainRow:
    domain: str
    slug: str
    municipalities: int
    per_format: dict[str, int]

    @property
    def format_counts(self) -> list[int]:
        return [self.per_format.get(value, 0) for value in NeedFormat.values]


@dataclass
class Overview:
    regions: list[RegionRow]
    domains: list[DomainRow]
    formats: list[tuple[str, str]]
    municipalities: int
    needs: int


def overview(*, province=None, region=None) -> Overview:
    """How many municipalities asked what, per region and per life domain x form."""
    needs = list(_standing(_in_place(InformationNeed.objects.select_related(
        "municipality__region__province").prefetch_related("life_domains"), province, region)))
    by_region: dict[int, dict] = {}
    asked: dict[str, set[int]] = defaultdict(set)
    asked_format: dict[tuple[str, str], set[int]] = defaultdict(set)
    for need in needs:
        town = need.municipality
        row = by_region.setdefault(town.region_id, {
            "region": town.region.name, "province": town.region.province.name,
            "towns": set(), "open": 0, "answered": 0})
        row["towns"].add(town.name)
        row["answered" if need.status == NeedStatus.ANSWERED else "open"] += 1
        for slug in [d.slug for d in need.life_domains.all()] or [""]:
            asked[slug].add(town.pk)
            for fmt in need.formats:
                asked_format[(slug, fmt)].add(town.pk)
    names = {d.slug: str(d) for d in LifeDomain.objects.all()}
    names[""] = str(_("Geen levensdomein gekozen"))
    order = {slug: i for i, slug in enumerate(names)}
    domains = [DomainRow(names.get(slug, slug), slug, len(towns),
                         {fmt: len(asked_format[(slug, fmt)]) for fmt in NeedFormat.values})
               for slug, towns in asked.items()]
    domains.sort(key=lambda row: (-row.municipalities, order.get(row.slug, 99)))
    regions = [RegionRow(r["region"], r["province"], sorted(r["towns"]), r["open"], r["answered"])
               for r in by_region.values()]
    regions.sort(key=lambda row: (row.province, row.region))
    return Overview(regions, domains, list(NeedFormat.choices),
                    len({need.municipality_id for need in needs}), len(needs))


# ---------------------------------------------------------------- gap view


class Verdict(models.TextChoices):
    OPEN = "open", _("Open onderzoeksvraag")
    THIN = "dun", _("Kennis van weinig vertellers")
    COVERED = "gedekt", _("Kennis beschikbaar")


_SEVERITY = {Verdict.OPEN: 0, Verdict.THIN: 1, Verdict.COVERED: 2}
_FAR = date.max
_URGENCY = {Urgency.HIGH: 0, Urgency.NORMAL: 1, Urgency.LOW: 2}
GAP_SORTS = [("kloof", _("Grootste kloof eerst")), ("urgentie", _("Meest dringend eerst")),
             ("wacht", _("Langst wachtend eerst")), ("gemeente", _("Gemeente")),
             ("datum", _("Nieuwste vraag eerst"))]


def few_narrators() -> int:
    """Below this many narrators, published knowledge counts as thin: it passed disclosure
    control (at least k) but rests on few voices. Twice k, so it moves with the k setting."""
    from meervoud.publication.disclosure import k_threshold

    return 2 * k_threshold()


@dataclass
class DomainGap:
    slug: str
    name: str
    themes: list  # PublishedTheme
    scope_used: object  # Scope | None: where the knowledge was found after merging upward
    practices: list
    verdict: str

    @property
    def best(self) -> int:
        return max((theme.narrators for theme in self.themes), default=0)

    @property
    def scope_label(self) -> str:
        """Where the knowledge was looked up, after small places were merged upward."""
        scope = self.scope_used
        if scope is None:
            return str(_("nergens genoeg vertellers"))
        if scope.kind == "all":
            return str(_("heel Nederland"))
        level = {"municipality": _("gemeente"), "region": _("regio"),
                 "province": _("provincie")}[scope.kind]
        return f"{level} {scope.value}"

    def get_verdict_display(self) -> str:
        return str(Verdict(self.verdict).label)

    @property
    def knowledge_url(self) -> str:
        """The Kennisbank where this knowledge was found: same place, same life domain."""
        from meervoud.publication.selectors import scoped_url

        if self.scope_used is None:
            return ""
        return scoped_url(reverse("publication:themes"), self.scope_used)


@dataclass
class NeedGap:
    need: InformationNeed
    domains: list[DomainGap] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if not self.domains:
            return Verdict.OPEN
        return min((d.verdict for d in self.domains), key=lambda v: _SEVERITY[v])

    def get_verdict_display(self) -> str:
        return str(Verdict(self.verdict).label)


@dataclass
class AreaGap:
    region: str
    province: str
    domain: DomainGap
    municipalities: list[str]


def _verdict(themes: list, threshold: int) -> str:
    if not themes:
        return Verdict.OPEN
    if max(theme.narrators for theme in themes) < threshold:
        return Verdict.THIN
    return Verdict.COVERED


class _Knowledge:
    """Published themes per scope, asked once per page: each call walks every analysed fact."""

    def __init__(self) -> None:
        from meervoud.publication.disclosure import Scope
        from meervoud.publication.selectors import published_themes

        self._scope, self._published = Scope, published_themes
        self._cache: dict[tuple, object] = {}

    def themes(self, kind: str, place: str, domain: str):
        key = (kind, place, domain)
        if key not in self._cache:
            self._cache[key] = self._published(self._scope(kind, place, domain=domain))
        return self._cache[key]


def _domain_gap(knowledge: _Knowledge, domain: LifeDomain, kind: str, place, threshold: int,
                practices: list) -> DomainGap:
    view = knowledge.themes(kind, place.name if place is not None else "", domain.slug)
    themes = list(view.themes)
    return DomainGap(domain.slug, str(domain), themes, view.effective_scope, practices,
                     _verdict(themes, threshold))


def need_gaps(*, province=None, region=None, domain: str = "", verdict: str = "",
              status: str = "", sort: str = "kloof") -> list[NeedGap]:
    """Each need with, per life domain it names, the published themes (for its municipality,
    merged upward when too few narrators) and the published practices nearby. Filtered on one
    life domain, a need shows (and is judged on) that life domain only."""
    needs = _in_place(InformationNeed.objects.select_related(
        "municipality__region__province").prefetch_related("life_domains"), province, region)
    if domain:
        needs = needs.filter(life_domains__slug=domain).distinct()
    needs = _standing(needs, status)
    # the catalogue is read once for the page, not per need and life domain
    knowledge, nearby, threshold = _Knowledge(), Catalogue(), few_narrators()
    rows = [_need_gap(need, knowledge, nearby, threshold, domain) for need in needs]
    if verdict:
        rows = [row for row in rows if row.verdict == verdict]
    return _sorted(rows, sort)


def _need_gap(need: InformationNeed, knowledge: _Knowledge, nearby: Catalogue, threshold: int,
              domain: str = "") -> NeedGap:
    row = NeedGap(need)
    for life_domain in need.life_domains.all():
        if domain and life_domain.slug != domain:
            continue
        practices = nearby.near(life_domain.slug, municipality=need.municipality)[:5]
        row.domains.append(_domain_gap(knowledge, life_domain, "municipality",
                                       need.municipality, threshold, practices))
    return row


def known_for(need: InformationNeed) -> NeedGap:
    """What is known already for one need, as the gap view judges it. Only published themes
    and practices: the municipality that asked may read it as it may read the Kennisbank."""
    return _need_gap(need, _Knowledge(), Catalogue(), few_narrators())


def _sorted(rows: list[NeedGap], sort: str) -> list[NeedGap]:
    def newest(row: NeedGap) -> float:
        return -row.need.created_at.timestamp()

    def urgency(row: NeedGap) -> int:
        return _URGENCY.get(row.need.urgency, 9)

    keys = {
        "urgentie": lambda r: (urgency(r), r.need.deadline or _FAR, _SEVERITY[r.verdict]),
        "gemeente": lambda r: (r.need.municipality.name, newest(r)),
        "datum": newest,
        # still waiting first, the longest first; answered and withdrawn after them
        "wacht": lambda r: (r.need.waiting_days is None, r.need.created_at.timestamp()),
    }
    default = lambda r: (_SEVERITY[r.verdict], urgency(r), newest(r))  # noqa: E731
    return sorted(rows, key=keys.get(sort, default))


def area_gaps(*, province=None, region=None, domain: str = "", verdict: str = "",
              status: str = "") -> list[AreaGap]:
    """Per region x life domain that municipalities asked about (in needs of this ``status``, if
    given): what the region has."""
    needs = _in_place(InformationNeed.objects.select_related(
        "municipality__region__province").prefetch_related("life_domains"), province, region)
    needs = _standing(needs, status)
    asked: dict[tuple[int, int], set[str]] = defaultdict(set)
    regions, domains = {}, {}
    for need in needs:
        for life_domain in need.life_domains.all():
            if domain and life_domain.slug != domain:
                continue
            asked[(need.municipality.region_id, life_domain.pk)].add(need.municipality.name)
            regions[need.municipality.region_id] = need.municipality.region
            domains[life_domain.pk] = life_domain
    knowledge, nearby, threshold = _Knowledge(), Catalogue(), few_narrators()
    rows = []
    for (region_id, domain_id), towns in asked.items():
        area, life_domain = regions[region_id], domains[domain_id]
        practices = nearby.near(life_domain.slug, region=area)
        gap = _domain_gap(knowledge, life_domain, "region", area, threshold, practices)
        if verdict and gap.verdict != verdict:
            continue
        rows.append(AreaGap(area.name, area.province.name, gap, sorted(towns)))
    rows.sort(key=lambda r: (_SEVERITY[r.domain.verdict], -len(r.municipalities), r.region,
                             r.domain.name))
    return rows


@dataclass
class LifeDomainGap:
    """One life domain municipalities asked about, next to the themes published for it in the
    place looked at (the whole country, or the province or region filtered on)."""

    domain: DomainGap
    municipalities: list[str]
    needs: int
    waiting: int  # still open or in progress
    oldest_waiting: int | None  # days

    @property
    def name(self) -> str:
        return self.domain.name


def life_domain_gaps(*, province=None, region=None, domain: str = "", verdict: str = "",
                     status: str = "") -> list[LifeDomainGap]:
    """Per life domain asked about: how many municipalities and questions, how long the oldest
    still waits, and what is published for it. Open research questions first: the life domains
    with questions but no published themes, for the network's meeting. The themes come from
    ``published_themes`` (fewer than k narrators, or narrators who did not share their place,
    never count for a place)."""
    needs = _standing(_in_place(InformationNeed.objects.select_related(
        "municipality").prefetch_related("life_domains"), province, region), status)
    asked: dict[int, dict] = {}
    for need in needs:
        for life_domain in need.life_domains.all():
            if domain and life_domain.slug != domain:
                continue
            row = asked.setdefault(life_domain.pk, {"domain": life_domain, "towns": set(),
                                                    "needs": 0, "waiting": []})
            row["towns"].add(need.municipality.name)
            row["needs"] += 1
            if need.waiting_days is not None:
                row["waiting"].append(need.waiting_days)
    place = ("region", region) if region is not None else (
        ("province", province) if province is not None else ("all", None))
    knowledge, nearby, threshold = _Knowledge(), Catalogue(), few_narrators()
    rows = []
    for row in asked.values():
        life_domain = row["domain"]
        if region is not None or province is not None:
            near = nearby.near(life_domain.slug, region=region, province=province)
        else:
            near = nearby.with_domain(life_domain.slug)
        gap = _domain_gap(knowledge, life_domain, place[0], place[1], threshold, near)
        if verdict and gap.verdict != verdict:
            continue
        rows.append(LifeDomainGap(gap, sorted(row["towns"]), row["needs"], len(row["waiting"]),
                                  max(row["waiting"], default=None)))
    rows.sort(key=lambda r: (_SEVERITY[r.domain.verdict], -len(r.municipalities), r.name))
    return rows
