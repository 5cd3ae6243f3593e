"""What the infographic and the report share: the place or life domain a reader asked for, the
sentences that say what the numbers are about, and the aggregated facts about good practices
and the pool that sit next to the published themes.

Numbers about narrators come only from ``selectors.published_themes``; numbers about peer
experts in the pool go through the same k rule here (``shown``), because they are counts of
people too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meervoud.core.text import xml_safe
from meervoud.plans import reference
from meervoud.publication.disclosure import Scope, k_threshold, nested_counts, shown
from meervoud.publication.selectors import (  # noqa: F401
    PublishedView, figures_as_of_many, place_label, scope_label, scoped_url,
)

def tips() -> list[str]:
    """Seed 001's ten tips for a good start, in the interface language: the handbook's own
    checklist, so the infographic and a plan's copy say the same."""
    lists = {checklist["key"]: checklist for checklist in reference.checklists()}
    return [item for group in lists["tips-gemeenten"]["groups"] for item in group["items"]]


# Seed 001, "Rollen/werkzaamheden": what each role means, in plain words.
ROLE_TEXTS = {
    "bondgenoot": gettext_lazy("staat naast inwoners en denkt met hen mee"),
    "criticus": gettext_lazy("stelt kritische vragen over regels en werkwijzen"),
    "bruggenbouwer": gettext_lazy("verbindt leefwereld en systeemwereld, ook tussen culturen"),
    "veranderaar": gettext_lazy("helpt beleid en organisaties te veranderen"),
    "kwartiermaker": gettext_lazy("maakt ruimte in de wijk voor mensen met een kwetsbaarheid"),
}

DEFINITION = gettext_lazy(
    "Ervaringsdeskundigheid betekent het integreren van eigen en andermans ervaringen in "
    "collectieve kennis en deze kennis en kunde professioneel overdragen aan anderen.")
N_IS_NOT_1 = gettext_lazy(
    "Op één verhaal (n = 1) kunt u geen beleid maken. Collectieve ervaringskennis bundelt de "
    "verhalen van veel verschillende mensen. Bij elk thema staat hoeveel verschillende vertellers "
    "het noemen: dat is n.")
BRIDGE = gettext_lazy(
    "Ervaringsdeskundigheid kan een brug vormen tussen inwoners en medewerkers van gemeenten en "
    "andere organisaties.")


class UnknownName(ValueError):
    """A place or life domain that does not exist; carries the close matches to suggest."""

    def __init__(self, what: str, name: str, suggestions: list[str]):
        self.what, self.name, self.suggestions = what, name, suggestions
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = _("%(what)s '%(name)s' bestaat niet.") % {"what": self.what, "name": self.name}
        if self.suggestions:
            text += " " + _("Bedoelt u: %(names)s?") % {"names": ", ".join(self.suggestions)}
        return text


@dataclass(frozen=True)
class Choice:
    """What the reader asked for, resolved to names that exist."""

    scope: Scope
    domain_name: str = ""

    @property
    def municipality(self) -> str:
        return self.scope.value if self.scope.kind == "municipality" else ""


def _lookup(what: str, name: str, names: list[str]) -> str:
    wanted = name.strip().casefold()
    for candidate in names:
        if candidate.casefold() == wanted:
            return candidate
    folded = {candidate.casefold(): candidate for candidate in names}
    close = difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)
    close += [folded[c] for c in folded if wanted and wanted in c and folded[c] not in close]
    raise UnknownName(what, name, [folded.get(c, c) for c in close][:5])


def domain_names() -> dict[str, str]:
    """slug -> name in the reader's language."""
    from meervoud.stories.models import LifeDomain

    return {domain.slug: str(domain) for domain in LifeDomain.objects.all()}


def domains_by_name() -> dict:
    """Every life domain under its slug, Dutch and English name, in any case (``casefold``)."""
    from meervoud.stories.models import LifeDomain

    by_name = {}
    for domain in LifeDomain.objects.all():
        for name in (domain.slug, domain.name_nl, domain.name_en):
            by_name.setdefault(name.casefold(), domain)
    return by_name


def resolve(*, gemeente: str = "", regio: str = "", provincie: str = "", domein: str = "") -> Choice:
    """Turn the names a reader typed into a Scope; raises UnknownName with close matches."""
    from meervoud.places.models import Municipality, Province, Region
    from meervoud.places.selectors import find_municipality

    domain_slug, domain_name = "", ""
    if domein:
        by_name = domains_by_name()
        found = by_name.get(domein.strip().casefold())
        if found is None:
            domains = list(dict.fromkeys(by_name.values()))
            _lookup(_("Levensdomein"), domein, [d.name_nl for d in domains] + [d.slug for d in domains])
        domain_slug, domain_name = found.slug, str(found)
    if gemeente:
        found = find_municipality(gemeente)
        name = found.name if found else _lookup(
            _("Gemeente"), gemeente, list(Municipality.objects.values_list("name", flat=True)))
        scope = Scope("municipality", name, domain_slug)
    elif regio:
        name = _lookup(_("Regio"), regio, list(Region.objects.values_list("name", flat=True)))
        scope = Scope("region", name, domain_slug)
    elif provincie:
        name = _lookup(_("Provincie"), provincie, list(Province.objects.values_list("name", flat=True)))
        scope = Scope("province", name, domain_slug)
    else:
        scope = Scope("all", "", domain_slug)
    return Choice(scope, domain_name)


def scope_notice(view: PublishedView) -> str:
    """The sentence a document must show when it is not about what was asked for."""
    k = k_threshold()
    asked = scope_label(view.scope)
    if view.effective_scope is None:
        return _("Voor %(asked)s zijn (nog) te weinig verhalen om cijfers te laten zien. Wij laten "
                 "pas iets zien als er minstens %(k)s verschillende vertellers zijn.") % {
            "asked": asked, "k": k}
    if view.widened:
        return _("Voor %(asked)s zijn te weinig verhalen; deze cijfers gaan over %(used)s.") % {
            "asked": asked, "used": scope_label(view.effective_scope)}
    return ""


def as_of_dates(themes) -> dict[int, date]:
    """Per theme (pk) the day its figures are as of: what its page calls "Stand van", the API
    "standVan" and the exports "stand_van". A document cites the latest of its themes' days
    (``as_of_line``): a reader who copies figures into a memo must be able to say from when
    they are, and "made on" is only the day of the download."""
    moments = figures_as_of_many(theme.pk for theme in themes)
    return {pk: timezone.localtime(moment).date() for pk, moment in moments.items() if moment}


def day_text(day: date) -> str:
    return date_format(day, "j F Y")


def as_of_line(days: dict[int, date]) -> str:
    if not days:  # no themes shown: no figure to date
        return ""
    return _("Stand van de cijfers: %(date)s") % {"date": day_text(max(days.values()))}


def site_url(path: str, base: str = "") -> str:
    """An address a reader of a printed page can type: absolute from the request that asked
    for the document, else from ``MEERVOUD_SITE_URL`` when set (the command line has no host)."""
    base = (base or getattr(settings, "MEERVOUD_SITE_URL", "")).rstrip("/")
    return f"{base}{path}"


@dataclass
class Contact:
    # where the municipality follows its assignments: the coordinators' desk is not for them
    assignments: str
    assignment: str
    knowledge: str
    email: str = ""


def kennisbank_url(scope: Scope | None, base: str = "") -> str:
    """The Kennisbank filtered on a scope's place, life domain and level, as an address a reader
    can type."""
    return site_url(scoped_url(reverse("publication:themes"), scope), base)


def contact(base: str = "", scope: Scope | None = None) -> Contact:
    """Where to read and ask more; ``scope``: the Kennisbank link keeps the document's place."""
    return Contact(assignments=site_url(reverse("pool:assignments"), base),
                   assignment=site_url(reverse("pool:assignment_new"), base),
                   knowledge=kennisbank_url(scope, base),
                   email=getattr(settings, "MEERVOUD_CONTACT_EMAIL", ""))


@dataclass
class Count:
    label: str
    n: int | None  # None: fewer than k people, not shown


@dataclass
class PoolSummary:
    """Available peer experts, only ever as counts of at least k."""

    k: int
    total: int | None
    places: list[Count] = field(default_factory=list)
    domains: list[Count] = field(default_factory=list)
    roles: list[Count] = field(default_factory=list)
    hidden_domains: int = 0


def pool_summary(scope: Scope | None, domain_slugs: list[str] | None = None) -> PoolSummary:
    """Counts of available experts: in the pool, in the scope's region and province, per life
    domain (only experts who let requesters see their domains) and per role; below k suppressed,
    and the nested place counts also where one minus another would leave fewer than k."""
    from meervoud.places.models import Municipality, Region
    from meervoud.pool.models import ExpertProfile
    from meervoud.pool.services import experts_for_domains
    from meervoud.pool.vocabularies import ExpertRole

    k = k_threshold()
    available = ExpertProfile.objects.available()
    places = _pool_places(available, k)
    summary = PoolSummary(k=k, total=places[ALL])
    region = province = ""
    if scope is not None and scope.kind == "municipality":
        found = Municipality.objects.select_related("region__province").filter(name=scope.value).first()
        if found:
            region, province = found.region.name, found.region.province.name
    elif scope is not None and scope.kind == "region":
        found = Region.objects.select_related("province").filter(name=scope.value).first()
        if found:
            region, province = found.name, found.province.name
    elif scope is not None and scope.kind == "province":
        province = scope.value
    if region:
        summary.places.append(Count(place_label(Scope("region", region)),
                                    places.get(("region", region))))
    if province:
        summary.places.append(Count(place_label(Scope("province", province)),
                                    places.get(("province", province))))
    names = domain_names()
    for slug in domain_slugs if domain_slugs is not None else list(names):
        n = shown(experts_for_domains([slug]).count(), k)
        if n is None:
            summary.hidden_domains += 1
        else:
            summary.domains.append(Count(names.get(slug, slug), n))
    summary.domains.sort(key=lambda c: (-(c.n or 0), c.label))
    per_role: dict[str, int] = {}
    for roles in available.values_list("roles", flat=True):
        for role in set(roles or ()):
            per_role[role] = per_role.get(role, 0) + 1
    summary.roles = [Count(str(label), shown(per_role.get(value, 0), k))
                     for value, label in ExpertRole.choices]
    return summary


ALL = ("all", "")


def _pool_places(available, k: int) -> dict[tuple[str, str], int | None]:
    """Available experts in the pool, per province and per region, as they may be published:
    every report shows some of these counts, so they are made safe together (``nested_counts``)."""
    from django.db.models import Count as Counted

    counts: dict[tuple[str, str], int] = {ALL: available.count()}
    parents: dict[tuple[str, str], tuple[str, str] | None] = {ALL: None}
    for row in available.values("home__region__name", "home__region__province__name").annotate(
            n=Counted("pk")):
        region, province = ("region", row["home__region__name"]), \
            ("province", row["home__region__province__name"])
        counts[region] = counts.get(region, 0) + row["n"]
        counts[province] = counts.get(province, 0) + row["n"]
        parents[region], parents[province] = province, ALL
    return nested_counts(counts, parents, k)


def pool_place_line(count: Count) -> str:
    """"Met hun woonplaats in provincie X: 12." A hidden count reads the same whether it is
    under k or only hidden so that it cannot be subtracted from the pool's total: telling the
    two apart would give the number away."""
    if count.n is None:
        return _("Met hun woonplaats in %(place)s: dat getal noemen we niet, zodat niemand te "
                 "herkennen is.") % {"place": count.label}
    return _("Met hun woonplaats in %(place)s: %(n)s.") % {"place": count.label, "n": count.n}


def roles() -> list[tuple[str, str]]:
    from meervoud.pool.vocabularies import ExpertRole

    return [(str(label), str(ROLE_TEXTS.get(value, ""))) for value, label in ExpertRole.choices]


def activities() -> list[str]:
    from meervoud.pool.vocabularies import Activity

    return [str(label) for _value, label in Activity.choices]


@dataclass
class PracticeItem:
    title: str
    summary: str
    places: str
    url: str
    domains: list[str]


def practices(scope: Scope | None, theme_ids: list[int] | None = None, limit: int = 6,
              base: str = "") -> list[PracticeItem]:
    """Published good practices for the place (and life domain), then those linked to the
    themes shown; the place's own practices first."""
    from meervoud.practices.selectors import practices_for_themes, published_practices

    found = []
    place = {}
    if scope is not None and scope.kind in ("municipality", "region", "province"):
        place = {scope.kind: scope.value}
    domains = [scope.domain] if scope is not None and scope.domain else None
    found += list(published_practices(**place, domain_slugs=domains))
    if theme_ids:
        found += [p for p in practices_for_themes(theme_ids) if p not in found]
    if not found and place:
        found += list(published_practices(domain_slugs=domains))
    return [_practice_item(practice, base) for practice in found[:limit]]


def _practice_item(practice, base: str) -> PracticeItem:
    places = [m.name for m in practice.municipalities.all()] + [r.name for r in practice.regions.all()]
    places += [p.name for p in practice.provinces.all()]
    where = practice.place_note or ", ".join(places)
    return PracticeItem(
        title=xml_safe(practice.title), summary=xml_safe(practice.summary),
        # "Armoede (Noord-Nederland)" already says where.
        places="" if where and where in practice.title else xml_safe(where),
        url=site_url(practice.get_absolute_url(), base),
        domains=[str(domain) for domain in practice.life_domains.all()])


def uses_fictional_data() -> bool:
    """Demo stories are fictional and every screen that shows them must say so."""
    from meervoud.stories.models import Story

    return Story.objects.filter(is_fictional=True).exists()
