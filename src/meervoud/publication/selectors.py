"""What may be published, and only that: every page, file and API of the publication layer reads
its themes, numbers and quotes here, so disclosure control is applied in exactly one place.

A theme is published when peer experts validated it and at least k independent narrators back
it, and its name and collective statement still pass the check for words that point to a person
(``withheld``). Numbers come from the statements of stories whose narrators still consent to
analysis; quotes only from stories whose narrators consent to quoting.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Max
from django.urls import reverse

from meervoud.engine.evidence import share_of
from meervoud.knowledge.models import AnalysisRun, CurationEvent, Statement, Theme
from meervoud.knowledge.quote_review import (
    QUOTES_PER_THEME, STORY_FIELDS, approved as approved_quote, as_quoted, cut_from, quotable,
    quote_rank, still_own_words,
)
from meervoud.publication import withheld as recheck
from meervoud.publication.disclosure import (
    Cell, Fact, Place, PlaceIndex, QuoteAttribution, Scope, attribute_quote, effective_scope,
    in_scope, k_threshold, narrators, place_breakdown, shown, value_breakdown,
)
from meervoud.core.text import xml_safe
from meervoud.stories.models import ConsentEvent, Purpose, Source, Story
from meervoud.stories.selectors import shared_place_levels, with_active_consent



@dataclass
class Quote:
    text: str
    kind: str
    attribution: QuoteAttribution
    language: str = "nl"  # the story's: a quote is never translated, so pages mark it (WCAG 3.1.2)


@dataclass
class PublishedTheme:
    pk: int
    key: str
    title: str
    insight: str
    keywords: list[str]
    narrators: int
    stories: int
    share: float
    share_ci: tuple[float, float]
    places: list[Cell]
    life_domains: dict[str, int]
    kinds: dict[str, int | None]
    subthemes: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    counted_for: Scope | None = None  # the scope asked for; its page counts for the same

    @property
    def url(self) -> str:
        """Its page, counting for the same scope: a reader who clicks "7 vertellers in
        gemeente Groningen" (in the Kennisbank, a report, an infographic, an export) reads
        Groningen's 7 there too, not the country's 12."""
        return scoped_url(reverse("publication:theme", args=[self.key]), self.counted_for)

    @property
    def helped(self) -> int | None:
        return self.kinds.get("helped")

    @property
    def hindered(self) -> int | None:
        return self.kinds.get("hindered")


@dataclass
class PublishedView:
    scope: Scope
    effective_scope: Scope | None
    narrators: int | None
    themes: list[PublishedTheme]
    hidden_themes: int = 0
    # the distinct narrators behind the themes shown (``narrators`` is everyone in the scope,
    # the base of the shares): what "these themes rest on N narrators" may say. Never 1 to k-1,
    # as every theme shown rests on at least k.
    theme_narrators: int = 0

    @property
    def widened(self) -> bool:
        return self.effective_scope is not None and self.effective_scope != self.scope


@dataclass
class _Facts:
    facts: list[Fact]
    statement_of: dict[int, Fact]
    index: PlaceIndex
    narrators_per_theme: dict[str, set[str]]
    # validated themes and sub-themes whose public texts point to a person: never published
    withheld: dict[str, recheck.Withheld] = field(default_factory=dict)


_cache: dict[str, object] = {}
_cache_lock = threading.Lock()


def _stamp() -> tuple:
    """Changes whenever anything that feeds the published numbers changes.

    A new story does not: it has no statements until the next analysis run. So neither do the
    consent events given with it (via its source); a later change of consent (via the personal
    link, an account or the admin) does, at once. That keeps the readers' cache warm while
    narrators are telling their stories."""
    statements = Statement.objects.aggregate(n=Count("id"), last=Max("id"))
    return (
        statements["n"], statements["last"],
        AnalysisRun.objects.aggregate(last=Max("finished_at"))["last"],
        CurationEvent.objects.aggregate(last=Max("id"))["last"],
        ConsentEvent.objects.exclude(via__in=Source.values).aggregate(last=Max("id"))["last"],
        tuple(Theme.objects.aggregate(last=Max("updated_at"), n=Count("id")).values()),
    )


def forget_cache() -> None:
    """Drop the cached facts (tests roll back the database, so ids and counts can repeat)."""
    with _cache_lock:
        _cache.clear()
    recheck.forget_cache()


def _load_facts() -> _Facts:
    stamp = _stamp()
    with _cache_lock:
        if _cache.get("stamp") == stamp:
            return _cache["facts"]
    return _reload(stamp)


def _reload(stamp: tuple) -> _Facts:
    analysed = with_active_consent(Purpose.ANALYSIS).values("pk")
    domains: dict[int, set[str]] = {}
    for story_id, slug in Story.life_domains.through.objects.filter(
            story_id__in=analysed).values_list("story_id", "lifedomain__slug"):
        domains.setdefault(story_id, set()).add(slug)
    rows = Statement.objects.filter(story_id__in=analysed).values_list(
        "pk", "theme__key", "story_id", "story__narrator__code", "story__municipality__name",
        "story__municipality__region__name", "story__municipality__region__province__name",
        "story__level", "kind")
    # "delen met je gemeente": without it a story counts for the whole country only
    shared = shared_place_levels(analysed)
    places: dict[tuple, Place] = {}
    facts, statement_of = [], {}
    for pk, theme, story, narrator, municipality, region, province, level, kind in rows:
        sharing = shared.get(story)
        if sharing is None:
            municipality = region = province = ""
        elif sharing == "region":
            municipality = ""
        place = places.setdefault((municipality, region, province), Place(municipality, region, province))
        fact = Fact(theme or "", narrator, story, place, frozenset(domains.get(story, ())), level, kind)
        facts.append(fact)
        statement_of[pk] = fact
    per_theme: dict[str, set[str]] = {}
    for fact in facts:
        per_theme.setdefault(fact.theme, set()).add(fact.narrator)
    loaded = _Facts(facts, statement_of, PlaceIndex(facts), per_theme, recheck.check_themes())
    with _cache_lock:
        _cache.clear()
        _cache.update(stamp=stamp, facts=loaded, views={})
    return loaded


def place_of(scope: Scope) -> Place | None:
    """The levels above the scope's place, from the place register (it may have no stories)."""
    from meervoud.places.models import Municipality, Province, Region

    if scope.kind == "municipality":
        found = Municipality.objects.filter(name=scope.value).select_related("region__province").first()
        return found and Place(found.name, found.region.name, found.region.province.name)
    if scope.kind == "region":
        found = Region.objects.filter(name=scope.value).select_related("province").first()
        return found and Place("", found.name, found.province.name)
    if scope.kind == "province":
        found = Province.objects.filter(name=scope.value).first()
        return found and Place("", "", found.name)
    return None


def _candidates():
    # a theme validated without any name (possible before session 21) would read "Thema zonder
    # naam" in the Kennisbank: it waits, like an unvalidated one, until peer experts name it
    return Theme.objects.filter(active=True, parent__isnull=True, validated_at__isnull=False).exclude(
        name="", label="")


def _publishable(key: str, loaded: _Facts, k: int) -> bool:
    """A validated, active main theme is published unless its texts point to a person or fewer
    than k narrators back it in the whole country."""
    return key not in loaded.withheld and len(loaded.narrators_per_theme.get(key, ())) >= k


def is_published(theme: Theme) -> bool:
    if not (theme.active and theme.parent_id is None and theme.validated and (theme.name or theme.label)):
        return False
    return _publishable(theme.key, _load_facts(), k_threshold())


def published_keys() -> frozenset[str]:
    """The keys of every published theme (what ``is_published`` says of each), for a list that
    shows many themes: asked once, not per theme."""
    loaded, k = _load_facts(), k_threshold()
    return frozenset(key for key in _candidates().values_list("key", flat=True)
                     if _publishable(key, loaded, k))


def withheld_themes() -> dict[str, recheck.Withheld]:
    """The validated themes and sub-themes left out because their public texts point to a
    person (by key), for the curators' pages."""
    return _load_facts().withheld


def published_themes(scope: Scope | None = None, *, k: int | None = None,
                     with_quotes: bool = False, keys: list[str] | None = None) -> PublishedView:
    """Published themes for a scope, with every number disclosure-controlled.

    A place with fewer than k narrators is widened (municipality -> region -> province ->
    the Netherlands); ``effective_scope`` says what was used. Themes with fewer than k narrators
    in that scope are left out (``hidden_themes`` counts them).
    """
    scope = scope or Scope()
    k = k or k_threshold()
    loaded = _load_facts()
    # Readers ask the same few questions over and over; the answer only changes with the stamp.
    question = (scope, k, with_quotes, tuple(keys) if keys is not None else None)
    with _cache_lock:
        views = _cache.get("views") if _cache.get("facts") is loaded else None
        if views is not None and question in views:
            return copy.deepcopy(views[question])
    view = _compute(loaded, scope, k, with_quotes, keys)
    with _cache_lock:
        if views is not None and len(views) < 256:
            views[question] = copy.deepcopy(view)
    return view


def _compute(loaded: _Facts, scope: Scope, k: int, with_quotes: bool,
             keys: list[str] | None) -> PublishedView:
    resolved = effective_scope(loaded.facts, scope, k, place_of(scope))
    if resolved is None:
        return PublishedView(scope, None, None, [])
    used, population = resolved
    candidates = _candidates()
    if keys is not None:
        candidates = candidates.filter(key__in=keys)
    by_theme: dict[str, list[Fact]] = {}
    for fact in loaded.facts:
        if fact.theme and in_scope(fact, used):
            by_theme.setdefault(fact.theme, []).append(fact)
    nationally = loaded.narrators_per_theme
    chosen, hidden = [], 0
    for theme in candidates.prefetch_related("subthemes"):
        if theme.key in loaded.withheld:
            continue  # as if not validated: not counted among the themes hidden for too few
        facts = by_theme.get(theme.key, [])
        people = narrators(facts)
        if len(nationally.get(theme.key, ())) < k or len(people) < k:
            hidden += bool(facts)
            continue
        chosen.append((theme, facts, people))
    # A region has dozens of themes: what each one needs from the database is read for all of
    # them at once (its sub-themes' statements, its quotes), never per theme.
    sub_of = _subtheme_statements([theme for theme, _facts, _people in chosen], loaded)
    themes = [_published(theme, facts, people, population, k, loaded, sub_of.get(theme.pk, {}))
              for theme, facts, people in chosen]
    for published in themes:  # the scope asked for: the theme page widens it the same way
        published.counted_for = scope
    if with_quotes:
        _add_quotes([(theme, facts, published)
                     for (theme, facts, _people), published in zip(chosen, themes)], loaded, k, used)
    themes.sort(key=lambda t: (-t.narrators, t.key))
    behind = set().union(*(people for _theme, _facts, people in chosen))
    return PublishedView(scope, used, len(population), themes, hidden, len(behind))


_PLACE_PARAMETER = {"municipality": "gemeente", "region": "regio", "province": "provincie"}


def scope_query(scope: Scope | None, **extra: str) -> str:
    """A scope as the Kennisbank's GET parameters (``KnowledgeFilterForm``, which the export
    and the API take too): "gemeente=Groningen&domein=…", with the ``extra`` parameters that
    are not empty ("zoek"). Empty for the whole country."""
    parameters = {}
    if scope is not None:
        if scope.kind in _PLACE_PARAMETER:
            parameters[_PLACE_PARAMETER[scope.kind]] = scope.value
        parameters.update(domein=scope.domain, niveau=scope.level)
    parameters.update(extra)
    return urlencode({name: value for name, value in parameters.items() if value})


def scoped_url(path: str, scope: Scope | None, **extra: str) -> str:
    """``path`` with :func:`scope_query` when there is one."""
    query = scope_query(scope, **extra)
    return f"{path}?{query}" if query else path


def scope_of(parameters) -> Scope:
    """The inverse of :func:`scope_query`, for names already checked: the finest place named
    wins, as on the Kennisbank."""
    domain, level = parameters.get("domein") or "", parameters.get("niveau") or ""
    for kind, name in _PLACE_PARAMETER.items():
        if parameters.get(name):
            return Scope(kind, parameters[name], domain, level)
    return Scope("all", "", domain, level)


def _named_subthemes(theme: Theme, loaded: _Facts) -> dict[str, Theme]:
    # a sub-theme without a name says nothing to a reader until peer experts name it
    # nor one whose name points to a person: left out as if it had none
    return {sub.key: sub for sub in theme.subthemes.all()
            if sub.active and (sub.name or sub.label) and sub.key not in loaded.withheld}


def _subtheme_statements(themes: list[Theme], loaded: _Facts) -> dict[int, dict[int, str]]:
    """Per theme (by pk) its statements' sub-theme keys (by statement pk), for the themes that
    show sub-themes at all."""
    asked = [theme.pk for theme in themes if _named_subthemes(theme, loaded)]
    sub_of: dict[int, dict[int, str]] = {}
    if asked:
        for theme_id, pk, sub_key in Statement.objects.filter(
                theme_id__in=asked, subtheme__isnull=False).values_list(
                "theme_id", "pk", "subtheme__key"):
            sub_of.setdefault(theme_id, {})[pk] = sub_key
    return sub_of


def _published(theme, facts, people, population, k, loaded, sub_of: dict[int, str]) -> PublishedTheme:
    domains: dict[str, set[str]] = {}
    kinds: dict[str, set[str]] = {}
    for fact in facts:
        kinds.setdefault(fact.kind, set()).add(fact.narrator)
        for domain in fact.domains:
            domains.setdefault(domain, set()).add(fact.narrator)
    share, interval = share_of(len(people), len(population))
    subthemes = []
    sub_keys = _named_subthemes(theme, loaded)
    if sub_keys:
        members = set(map(id, facts))
        sub_people: dict[str, set[str]] = {}
        for pk, sub_key in sub_of.items():
            fact = loaded.statement_of.get(pk)
            if fact is not None and id(fact) in members:
                sub_people.setdefault(sub_key, set()).add(fact.narrator)
        subthemes = sorted(((sub_keys[key].title, len(p)) for key, p in sub_people.items()
                            if key in sub_keys and len(p) >= k), key=lambda s: (-s[1], s[0]))
    return PublishedTheme(
        # what peer experts typed may hold control characters (pasted from Word): every published
        # document (DOCX, SVG, PDF) must be able to hold it
        pk=theme.pk, key=theme.key, title=xml_safe(theme.title), insight=xml_safe(theme.insight),
        keywords=list(theme.keywords or []), narrators=len(people),
        stories=len({fact.story for fact in facts}), share=share,
        share_ci=(interval.low, interval.high), places=place_breakdown(facts, k),
        life_domains=value_breakdown(domains, k),
        kinds={kind: shown(len(kinds.get(kind, ())), k) for kind in ("helped", "hindered", "need")},
        subthemes=subthemes)


@dataclass(frozen=True)
class _Candidate:
    """A statement that may be quoted as far as everything but the story's current text goes."""

    narrator: str
    story: int
    field: str
    start: int
    end: int
    text: str
    kind: str
    language: str
    attribution: QuoteAttribution


class _QuoteChoice:
    """Up to five quotes for one theme, one per narrator, representative statements first, only
    sentences a peer expert approved from stories whose narrators allow quoting, attributed no
    finer than disclosure control allows: to a place and life domains that at least k of the theme's own narrators share (and
    no finer than the theme's place and life-domain breakdowns).

    Everything but "is it still the story's own words" is decided from the rows read for all
    themes at once; the story texts are asked of a shared ``_StoryTexts``."""

    def __init__(self, theme: Theme, facts: list[Fact], published: PublishedTheme, rows: list,
                 loaded: _Facts, k: int, scope: Scope) -> None:
        self.published = published
        rank = quote_rank(theme.representative_keys)
        ranked = sorted(rows, key=lambda row: rank(row[1], row[4]))
        shown_places = {(cell.level, cell.name) for cell in published.places if cell.level != "all"}
        shown_domains = set(published.life_domains)
        allowed = set(map(id, facts))
        own = PlaceIndex(facts)  # the theme's narrators as this page counts them
        self.candidates: list[_Candidate] = []
        for pk, _key, text, kind, _hash, story_id, field, start, end, language in ranked:
            fact = loaded.statement_of.get(pk)
            if fact is None or id(fact) not in allowed:
                continue
            attribution = attribute_quote(fact, loaded.index, k, within=scope,
                                          shown_places=shown_places, shown_domains=shown_domains,
                                          theme=own)
            if attribution is not None:
                self.candidates.append(_Candidate(
                    fact.narrator, story_id, cut_from(field),
                    start, end, text, kind, language or "nl", attribution))

    def likely(self) -> list[int]:
        """The stories the choice reads when every candidate is still in its story (as good as
        always): the first candidate of each of the first five narrators."""
        stories, narrators_seen = [], set()
        for candidate in self.candidates:
            if candidate.narrator not in narrators_seen:
                narrators_seen.add(candidate.narrator)
                stories.append(candidate.story)
                if len(narrators_seen) == QUOTES_PER_THEME:
                    break
        return stories

    def choose(self, texts: _StoryTexts) -> list[Quote]:
        quotes, used = [], set()
        for i, candidate in enumerate(self.candidates):
            if candidate.narrator in used:
                continue
            if not texts.known(candidate.story):
                # a coordinator took words out of a story read for this theme: read the rest of
                # its candidates' stories at once, not one by one
                texts.read(c.story for c in self.candidates[i:])
            if not texts.still_in_story(candidate) or recheck.quote_names_someone(candidate.text):
                continue
            used.add(candidate.narrator)
            quotes.append(Quote(as_quoted(candidate.text), candidate.kind,
                                candidate.attribution, candidate.language))
            if len(quotes) == QUOTES_PER_THEME:
                break
        return quotes


class _StoryTexts:
    """The current texts of the stories quotes are cut from, read in bulk."""

    def __init__(self) -> None:
        self._stories: dict[int, Story | None] = {}

    def read(self, story_ids) -> None:
        wanted = set(story_ids) - self._stories.keys()
        if wanted:
            found = Story.objects.only(*STORY_FIELDS).in_bulk(wanted)
            self._stories.update({pk: found.get(pk) for pk in wanted})

    def known(self, story_id: int) -> bool:
        return story_id in self._stories

    def still_in_story(self, candidate: _Candidate) -> bool:
        return still_own_words(self._stories.get(candidate.story), candidate.field, candidate.start,
                               candidate.end, candidate.text)


def _add_quotes(themes: list[tuple[Theme, list[Fact], PublishedTheme]], loaded: _Facts, k: int,
                scope: Scope) -> None:
    """Each theme's quotes (``_QuoteChoice``): the quotable statements of all themes in one
    query, the texts of the stories they are cut from in one more (as good as always)."""
    if not themes:
        return
    rows: dict[int, list] = {}
    # only sentences a peer expert read and approved as a quote (knowledge.quote_review)
    for theme_id, *row in quotable(Statement.objects.filter(
            theme_id__in=[theme.pk for theme, _facts, _published in themes])).filter(
            approved_quote()).values_list(
            "theme_id", "pk", "key", "text", "kind", "content_hash", "story_id", "field", "start",
            "end", "story__language"):
        rows.setdefault(theme_id, []).append(row)
    choices = [_QuoteChoice(theme, facts, published, rows.get(theme.pk, []), loaded, k, scope)
               for theme, facts, published in themes]
    texts = _StoryTexts()
    texts.read(story for choice in choices for story in choice.likely())
    for choice in choices:
        choice.published.quotes = choice.choose(texts)


@dataclass
class Saturation:
    curve: dict | None  # as ``{% saturation_chart %}`` reads it
    waiting: bool = False  # hidden until the next analysis: a narrator left since this one


def corpus_saturation() -> Saturation:
    """The saturation curve over all stories, as the last analysis computed it.

    It is stored with that run, one point per narrator, so a narrator who withdrew her story
    since is still in it, while every other number on the page left her at once. Then it is
    hidden until the next analysis. A withdrawal while the run worked counts too: the run may
    have read her story before it."""
    from meervoud.engine.evidence import CORPUS

    run = AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).first()
    curve = (run.summary or {}).get("saturation", {}).get(CORPUS) if run else None
    if not curve or curve.get("narrators", 0) < k_threshold():
        return Saturation(None)
    if ConsentEvent.objects.filter(purpose=Purpose.ANALYSIS, action=ConsentEvent.Action.WITHDRAWN,
                                   at__gte=run.started_at or run.created_at).exists():
        return Saturation(None, waiting=True)
    return Saturation(curve)


def figures_as_of(theme_pk: int):
    """Since when a theme's published figures are what they are (:func:`figures_as_of_many`)."""
    return figures_as_of_many([theme_pk])[theme_pk]


def figures_as_of_many(pks) -> dict:
    """Per theme pk: since when its published figures are what they are: the latest of the last
    finished analysis, the last change to the theme or its sub-themes (curation, a recount) and
    the last time a narrator took back consent for analysis (one narrator fewer changes every
    share) or changed her consent to share with her place. In three queries however many themes
    (the API and the exports give a page of them).

    The figures are counted afresh for every reader, so this is the last moment they can have
    changed, never a moment they were cached: a reader who sees the same date sees the same
    figures. (It may move without a figure changing, never the other way round.)"""
    from django.db.models import Q

    pks = set(pks)
    if not pks:
        return {}
    common = [
        AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).aggregate(last=Max("finished_at"))["last"],
        # changing "delen" later moves her in or out of her place's count (given with a new
        # story, it waits for the next analysis like the story itself)
        ConsentEvent.objects.filter(Q(purpose=Purpose.ANALYSIS, action=ConsentEvent.Action.WITHDRAWN)
                                    | Q(purpose=Purpose.SHARE) & ~Q(via__in=Source.values))
        .aggregate(last=Max("at"))["last"],
    ]
    changed: dict = {}
    for pk, parent, updated in Theme.objects.filter(Q(pk__in=pks) | Q(parent_id__in=pks)).values_list(
            "pk", "parent_id", "updated_at"):
        for owner in (pk, parent):
            if owner in pks and (owner not in changed or updated > changed[owner]):
                changed[owner] = updated
    return {pk: max((moment for moment in (*common, changed.get(pk)) if moment is not None), default=None)
            for pk in pks}


def scope_population(scope: Scope, k: int | None = None) -> tuple[Scope, int] | None:
    """The scope actually used for a place and how many narrators it holds (None: too few)."""
    resolved = effective_scope(_load_facts().facts, scope, k or k_threshold(), place_of(scope))
    return None if resolved is None else (resolved[0], len(resolved[1]))


def place_label(scope: Scope) -> str:
    """"gemeente Zwolle", "regio Twente", "heel Nederland": a place as it reads inside a
    sentence ("in …", "uit …", "voor …"), so English says "the municipality of Zwolle"."""
    from django.utils.translation import gettext as _

    if scope.kind == "all":
        return _("heel Nederland")
    # Each kind names its placeholder: these wordings are not the bare "gemeente %(name)s"
    # that the exports use as a label, whose English is "municipality of Zwolle".
    return {
        "province": _("provincie %(province)s"),
        "region": _("regio %(region)s"),
        "municipality": _("gemeente %(municipality)s"),
    }[scope.kind] % {scope.kind: scope.value}


def pooled_cell_label(cell: Cell) -> str:
    """A breakdown cell that names no municipality, as every format says it. "Overige vertellers",
    not "overige gemeenten": the cell holds the narrators of small municipalities and those who
    let only their region be named, who may live in a municipality named above it."""
    from django.utils.translation import gettext as _

    if cell.level == "region":
        return _("overige vertellers in regio %(region)s") % {"region": cell.name}
    if cell.level == "province":
        return _("overige vertellers in provincie %(province)s") % {"province": cell.name}
    return _("overige plaatsen")


def scope_label(scope: Scope | None) -> str:
    """The scope in words, for headings and for saying that a place was widened."""
    from django.utils.translation import gettext as _

    from meervoud.stories.models import Level, LifeDomain

    if scope is None:
        return ""
    parts = [place_label(scope)]
    if scope.domain:
        domain = LifeDomain.objects.filter(slug=scope.domain).first()
        parts.append(_("levensdomein %(name)s") % {"name": str(domain) if domain else scope.domain})
    if scope.level:
        parts.append(_("niveau %(name)s") % {"name": Level(scope.level).label})
    return ", ".join(parts)
