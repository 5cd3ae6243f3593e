from types import SimpleNamespace

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from meervoud.accounts.permissions import CAPABILITIES, user_can
from meervoud.engine.evidence import CORPUS
from meervoud.engine.types import Document
from meervoud.knowledge.models import AnalysisRun, Statement, Theme
from meervoud.knowledge.quote_review import quotes_wanted
from meervoud.stories.models import Purpose, Story
from meervoud.stories.selectors import stories_for_analysis, with_active_consent


def analysis_documents(story_ids=None, *, with_text: bool = True) -> list[Document]:
    """Every story that may be analysed (or those of ``story_ids`` among them: ids or a
    subquery), as the engine's plain documents; without their texts when only the evidence is
    counted again.

    The narrator is the pseudonymous code, so several stories of one person count once.
    """
    # plain rows, not model instances: this reads every story of a corpus of 10,000
    stories = stories_for_analysis().prefetch_related(None)
    if story_ids is not None:
        stories = stories.filter(pk__in=story_ids)
    domains: dict[int, list[str]] = {}
    for story_id, slug in (Story.life_domains.through.objects.filter(story__in=stories.values("pk"))
                           .order_by("lifedomain__slug").values_list("story_id", "lifedomain__slug")):
        domains.setdefault(story_id, []).append(slug)
    texts = ("text", "helped", "hindered") if with_text else ()
    documents = []
    for pk, code, lang, municipality, region, province, told_on, *text in stories.values_list(
            "pk", "narrator__code", "language", "municipality__name", "municipality__region__name",
            "municipality__region__province__name", "told_on", *texts).iterator(chunk_size=2000):
        text, helped, hindered = text or ("", "", "")
        documents.append(Document(
            id=str(pk), text=text, narrator=code, lang=lang, municipality=municipality,
            region=region, province=province, life_domains=tuple(domains.get(pk, ())),
            date=told_on, helped=helped, hindered=hindered))
    return documents


def analysable_story_ids() -> QuerySet:
    """Ids of the stories that may be analysed now."""
    return stories_for_analysis().prefetch_related(None).values_list("pk", flat=True)


def analysed_narrator_count() -> int:
    return stories_for_analysis().values("narrator").distinct().count()


def saturation_curves(run: AnalysisRun | None) -> list[dict]:
    """The saturation curves of a finished run, ready for ``{% saturation_chart %}``: the
    whole corpus first, then each life domain (most narrators first) with its readable name."""
    from meervoud.stories.models import LifeDomain

    stored = ((run.summary or {}).get("saturation") or {}) if run else {}
    curves = []
    if stored.get(CORPUS):
        curves.append({"scope": CORPUS, "title": _("Alle verhalen"), "curve": stored[CORPUS]})
    domains = {scope.split(":", 1)[1]: curve for scope, curve in stored.items()
               if scope.startswith("domain:")}
    names = {domain.slug: str(domain) for domain in LifeDomain.objects.filter(slug__in=domains)}
    for slug, curve in sorted(domains.items(), key=lambda item: (-int(item[1].get("narrators") or 0),
                                                                   item[0])):
        curves.append({"scope": f"domain:{slug}", "title": names.get(slug, slug), "curve": curve})
    return curves


def busy_run() -> AnalysisRun | None:
    """The analysis to follow while one is under way: the one running, else the one waiting.
    A run queued behind a running one is newer, but it shows no progress until that one ends."""
    alive = [run for run in AnalysisRun.objects.filter(status=AnalysisRun.Status.RUNNING) if not run.interrupted]
    if alive:
        return alive[0]
    return AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).order_by("created_at", "id").first()


def retired_by(run: AnalysisRun | None) -> list[Theme]:
    """The themes peer experts had worked on that this finished run retired (it found them no
    more: their statements went to other themes or left the analysis) and that have not come
    back since: nothing else tells a curator where her work went."""
    keys = ((run.summary or {}).get("retired") or []) if run else []
    if not keys:
        return []
    return list(Theme.objects.filter(key__in=keys, active=False).select_related("parent").order_by("parent_id", "key"))


def first_found_by(run: AnalysisRun | None) -> int | None:
    """The id of the run whose themes the list marks "nieuw": the last finished one, once an
    earlier one ran (after the very first analysis every theme is new, and nothing stands out)."""
    if run is None or not AnalysisRun.objects.filter(
            status=AnalysisRun.Status.DONE, created_at__lte=run.created_at).exclude(pk=run.pk).exists():
        return None
    return run.pk


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(active=True, parent__isnull=True)


def needs_a_name() -> Q:
    """Themes the analysis could not name (no word of k of their narrators) and nobody named
    yet: the Kennisbank would call them "Thema zonder naam". A new name waiting counts as a name."""
    return Q(name="", label="") & (Q(name_draft__isnull=True) | Q(name_draft=""))


def waits_for_validation() -> Q:
    """Themes with words that wait for a second peer expert: a new name or text (a draft), or a
    name or text someone wrote that nobody else has validated yet (four eyes)."""
    return (Q(name_draft__isnull=False) | Q(insight_draft__isnull=False)
            | Q(name_written_by__isnull=False) | Q(insight_written_by__isnull=False))


# the filters of the list of themes: query parameter → the argument of ``themes_overview``
THEME_FILTERS = {"zonder_naam": "unnamed", "te_valideren": "waiting", "citaten": "quotes"}


def filtered_themes_url(name: str) -> str:
    """The list of themes with one filter on (``name``: "unnamed", "waiting" or "quotes")."""
    from django.urls import reverse

    parameter = next(p for p, n in THEME_FILTERS.items() if n == name)
    return f"{reverse('knowledge:themes')}?{parameter}=1"


def themes_overview(*, unnamed: bool = False, waiting: bool = False, quotes: bool = False) -> QuerySet[Theme]:
    """The active themes for the list of themes, each with its active sub-themes in
    ``listed_subthemes``. With a filter, only what matches it (both: what matches both), and a
    theme that does not match itself is listed for its sub-themes that do."""
    wanted = Q()
    if unnamed:
        wanted &= needs_a_name()
    if waiting:
        wanted &= waits_for_validation()
    if quotes:
        wanted &= quotes_wanted()
    subthemes = Theme.objects.filter(active=True)
    themes = active_themes()
    if wanted:
        subthemes = subthemes.filter(wanted)
        themes = themes.filter(wanted | Q(pk__in=subthemes.values("parent_id")))
    return themes.prefetch_related(Prefetch("subthemes", queryset=subthemes, to_attr="listed_subthemes"))


def search_themes(themes: list[Theme], query: str, *, curates: bool, withheld=None) -> list[Theme]:
    """The themes of the list whose words hold every word of ``query``, found as the Kennisbank
    finds its themes (``publication.search.full_text``: accents and case ignored), unvalidated
    ones too. A theme is found by its own words or by those of one of its active sub-themes.

    A curator searches what her pages show her: names, new names waiting, the analysis's labels
    and hints, kennisuitspraken (and their drafts) and keywords. Anyone else only what they may
    read (``theme_links.title_for``/``insight_for``): finding a theme by a word of a name nobody
    validated would tell them that word. ``withheld``: ``withheld_themes()``, if already asked."""
    from meervoud.publication.search import full_text
    from meervoud.publication.selectors import withheld_themes

    withheld = withheld_themes() if withheld is None and not curates else (withheld or {})
    by_pk = {theme.pk: theme for theme in themes}
    subthemes: dict[int, list[Theme]] = {}
    for sub in Theme.objects.filter(active=True, parent__isnull=False).defer("centroid", "evidence"):
        if sub.parent_id in by_pk:
            sub.parent = by_pk[sub.parent_id]  # read below (``name_public``): no query per sub-theme
            subthemes.setdefault(sub.parent_id, []).append(sub)

    def words(theme: Theme) -> str:
        if curates:
            texts = [theme.name, theme.name_draft or "", theme.label, theme.label_hint, theme.insight,
                     theme.insight_draft or ""]
        else:
            fields = withheld[theme.key].fields if theme.key in withheld else ()
            texts = [theme.reader_title(name_withheld="name" in fields), "" if fields else theme.validated_insight]
        return " ".join([*texts, *theme.keywords])

    # full_text reads a published theme's title, statement, keywords and sub-themes: here each
    # stand-in carries all of a theme's words as its title, and its sub-themes' words
    stand_ins = [SimpleNamespace(theme=theme, title=words(theme), insight="", keywords=[],
                                 subthemes=[(words(sub), 0) for sub in subthemes.get(theme.pk, [])])
                 for theme in themes]
    return [found.theme for found in full_text(query, stand_ins)]


def left_out_of_kennisbank(themes: list[Theme], withheld) -> dict[str, str]:
    """Why a validated main theme of ``themes`` is not in the Kennisbank, by key: "few" (fewer
    than k narrators back it now, e.g. after a withdrawal), "unnamed" (nothing to call it by).
    Themes ``withheld`` for pointing to a person are left to that notice; the others are in."""
    from meervoud.publication.selectors import published_keys

    published = published_keys()
    return {theme.key: "few" if (theme.name or theme.label) else "unnamed" for theme in themes
            if theme.validated and theme.parent_id is None and theme.active
            and theme.key not in published and theme.key not in withheld}


def theme_statements(theme: Theme, reader=None) -> QuerySet[Statement]:
    """The theme's statements (a sub-theme's: those placed in it). For a ``reader`` who reads
    for research (``codes_for_research``) only those of narrators who consent to research now:
    analysis consent lets the people who do the analysis read a statement, not researchers."""
    statements = (Statement.objects.filter(theme=theme) | Statement.objects.filter(subtheme=theme)
                  ).select_related("story__narrator", "story__municipality", "subtheme").distinct()
    if reader is not None and codes_for_research(reader):
        statements = statements.filter(story__in=_research_consented())
    return statements


def codes_for_research(user) -> bool:
    """Whether this person's coding is research: that of someone who codes but does not curate
    the themes (a researcher, for a reliability sample). Peer experts and coordinators code as
    part of the analysis itself, which the narrator's analysis consent covers."""
    return not user_can(user, "knowledge.curate")


def research_coding() -> Q:
    """``codes_for_research`` of a coding's coder, as a query (the roles of the capability table)."""
    return Q(coder__is_superuser=False) & ~Q(coder__role__in=CAPABILITIES["knowledge.curate"])


def _research_consented() -> QuerySet:
    return with_active_consent(Purpose.RESEARCH).values("pk")


def codable_statements(coder) -> QuerySet[Statement]:
    """Every statement this person may code: a researcher only those of stories whose narrator
    consents to research now.

    Statements the engine placed in no theme are codable too: the computer's code for them is
    "fits no theme", and leaving them out would measure the computer only where it chose a theme."""
    statements = Statement.objects.all()
    if codes_for_research(coder):
        statements = statements.filter(story__in=_research_consented())
    return statements


def statements_to_code(coder, limit: int = 10) -> QuerySet[Statement]:
    """The next statements this person may code and has not coded yet, in a fixed order shared
    by all coders (by content hash), so different coders code the same statements first."""
    return (codable_statements(coder).exclude(codings__coder=coder)
            .order_by("content_hash", "key")[:limit])


# the engine's name among the coders: no username can hold brackets, so no person is taken for it
ENGINE_CODER = "(computer)"
# the code of a statement that fits no theme, for a person ("Past in geen enkel thema") and for
# the engine (an outlier) alike: one category, so their agreement on it counts
NO_THEME = "none"


def agreement() -> dict:
    """Cohen's kappa per pair and Krippendorff's alpha over everyone who coded statements by
    hand, with the engine as one more coder, and alpha over the people only; each with the
    number of statements it rests on. A missing code counts as missing, not as a value.

    A statement a person moved to a theme (pinned) is in that theme by their choice, not the
    engine's: for the engine it counts as missing, or the row would partly measure the curators.
    A researcher's codes count only while the narrator consents to research: withdrawn, they
    drop out; given again, they come back. So do codes from a project sent back from QDA software
    (``exchange.hand_coding``), whoever sent it: they were made on the research export."""
    from meervoud.engine import agreement_report
    from meervoud.engine.agreement import krippendorff_alpha, pairable_units
    from meervoud.knowledge.models import ManualCoding

    codings = list(ManualCoding.objects.filter(skipped=False)
                   .exclude((research_coding() | Q(imported__isnull=False))
                            & ~Q(statement__story__in=_research_consented()))
                   .values_list("statement_id", "coder__username", "theme_id", "statement__theme_id",
                                "statement__pinned_theme_id"))
    units = sorted({statement_id for statement_id, *_rest in codings})
    if not units:
        return {"units": 0}
    index = {unit: i for i, unit in enumerate(units)}
    coders: dict[str, list] = {ENGINE_CODER: [None] * len(units)}
    for statement_id, username, theme_id, engine_theme_id, pinned_id in codings:
        row = coders.setdefault(username, [None] * len(units))
        row[index[statement_id]] = theme_id or NO_THEME
        if pinned_id is None:
            coders[ENGINE_CODER][index[statement_id]] = engine_theme_id or NO_THEME
    report = agreement_report(coders)
    people = [row for name, row in coders.items() if name != ENGINE_CODER]
    report["units"] = len(units)
    report["krippendorff_alpha_people"] = _number(krippendorff_alpha(people))
    report["alpha_people_units"] = pairable_units(people)
    # no statement in common, or one category only (0/0): "not yet to be computed", not "nan"
    report["cohen_kappa"] = {pair: _number(kappa) for pair, kappa in report["cohen_kappa"].items()}
    report["krippendorff_alpha"] = _number(report["krippendorff_alpha"])
    report["pairs"] = [{"pair": pair, "kappa": kappa, "units": report["pair_units"][pair]}
                       for pair, kappa in report["cohen_kappa"].items()]
    report["not_yet"] = None in (report["krippendorff_alpha"], report["krippendorff_alpha_people"],
                                 *report["cohen_kappa"].values())
    return report


def _number(value) -> float | None:
    return None if value is None or value != value else value


def story_theme_mix(story_id: int) -> list[tuple[Theme | None, float]]:
    """A story's themes with their share of its statements, primary theme first; None stands
    for statements that fit no theme (shown, never dropped)."""
    return story_theme_mixes([story_id]).get(story_id, [])


def story_theme_mixes(story_ids) -> dict[int, list[tuple[Theme | None, float]]]:
    """``story_theme_mix`` of many stories (ids or a subquery) by story id, in two queries
    however many stories: a narrator's download lists every story she told. A story without
    statements is left out."""
    from django.db.models import Count

    counts: dict[int, dict[int | None, int]] = {}
    for story_id, theme_id, count in (Statement.objects.filter(story_id__in=story_ids)
                                      .values_list("story_id", "theme_id").annotate(count=Count("pk"))
                                      .order_by()):
        counts.setdefault(story_id, {})[theme_id] = count
    themes = Theme.objects.in_bulk({pk for per_theme in counts.values() for pk in per_theme if pk is not None})
    mixes = {}
    for story_id, per_theme in counts.items():
        total = sum(per_theme.values())
        mix = [(themes.get(pk), count / total) for pk, count in per_theme.items()]
        mixes[story_id] = sorted(mix, key=lambda item: (-item[1], item[0].key if item[0] else ""))
    return mixes
