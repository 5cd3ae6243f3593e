"""Reads for the exchange: what may be exported, as plain data, and the proposals to review.

Only stories whose narrator consented to research leave Meervoud, and of those only the
de-identified fields (``text``, ``helped``, ``hindered``: each its own source, so the offsets of
statements stay offsets into one field). The narrator's code, the title, the original text and
dates never go out. Places and life domains are named only where at least k narrators share
them, by the same rules as quotes in publications, except one: the place is named whether or not
the narrator consented to sharing with it ("delen met je gemeente" is about what her municipality
receives; research consent lets the learning network's researchers use the story itself).
"""

from __future__ import annotations

import hashlib
import re
import uuid

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from meervoud.exchange.compare import Known, KnownCode, KnownSource, KnownStatement
from meervoud.exchange.models import CodingProposal, ProjectExport
from meervoud.exchange.refiqda import Code, Coding, Project, Source
from meervoud.knowledge.models import Statement, Theme
from meervoud.publication.disclosure import Fact, Place, PlaceIndex, attribute_quote, k_threshold
from meervoud.publication.selectors import withheld_themes
from meervoud.stories.models import Purpose, Story
from meervoud.stories.selectors import with_active_consent

# GUIDs are derived from Meervoud's own ids, so the same data always gets the same GUIDs and a
# returned project can be matched back.
GUID_NAMESPACE = uuid.UUID("66b9c46b-dc3a-4df6-8ca0-ba6dac8c5994")
FIELDS = ("text", "helped", "hindered")
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf", "#004d40", "#880e4f")


def guid(*parts) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, ":".join(str(part) for part in parts)))


def source_guid(story_id: int, field: str) -> str:
    return guid("story", story_id, field)


def coding_guid(statement_key: str, theme_key: str) -> str:
    """The GUID of the coding the export writes for a statement in a theme: one she leaves
    alone comes back with it (``compare.own_codings``)."""
    return guid("coding", statement_key, theme_key)


# who made the export's codes and codings, as the project's user
EXPORTER = guid("user", "meervoud")


def research_stories() -> QuerySet[Story]:
    return with_active_consent(Purpose.RESEARCH).select_related(
        "municipality__region__province").prefetch_related("life_domains").order_by("pk")


def _themes() -> list[Theme]:
    """Active themes, each parent before its sub-themes."""
    themes = list(Theme.objects.filter(active=True).select_related("parent").order_by("key"))
    keys = {theme.pk for theme in themes}
    top = [theme for theme in themes if theme.parent_id not in keys]
    ordered = []
    for theme in top:
        ordered.append(theme)
        ordered += [child for child in themes if child.parent_id == theme.pk]
    return ordered


def _color(key: str) -> str:
    return _PALETTE[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(_PALETTE)]


def _field_label(field: str) -> str:
    return {"helped": _("wat hielp"), "hindered": _("wat zat in de weg")}.get(field, "")


def _description(story: Story, field: str, index: PlaceIndex, fact: Fact, k: int,
                 domain_names: dict[str, str]) -> str:
    lines = []
    if field != "text":
        lines.append(_("Deel van het verhaal: %(part)s.") % {"part": _field_label(field)})
    attribution = attribute_quote(fact, index, k)
    if attribution and attribution.place_level != "all":
        label = {"municipality": _("Gemeente"), "region": _("Regio"),
                 "province": _("Provincie")}[attribution.place_level]
        lines.append(f"{label}: {attribution.place}.")
    if attribution and attribution.domains:
        lines.append(_("Levensdomeinen: %(domains)s.") % {
            "domains": ", ".join(domain_names[slug] for slug in attribution.domains)})
    if story.is_fictional:
        lines.append(_("Fictief verhaal (demo)."))
    return "\n".join(lines)


def export_data() -> tuple[Project, Known]:
    """What Meervoud exports now, and the same as a snapshot to compare a returned file with."""
    stories = list(research_stories())
    facts = {}
    for story in stories:
        municipality = story.municipality
        facts[story.pk] = Fact(
            theme="", narrator=str(story.narrator_id), story=story.pk,
            place=Place(municipality.name, municipality.region.name, municipality.region.province.name),
            domains=frozenset(domain.slug for domain in story.life_domains.all()),
            level=story.level, kind="")
    index, k = PlaceIndex(facts.values()), k_threshold()
    domain_names = {domain.slug: domain.name_nl for story in stories for domain in story.life_domains.all()}

    themes = _themes()
    withheld = withheld_themes()
    exported = {theme.pk: theme for theme in themes}
    codes, known_codes = [], {}
    for theme in themes:
        parent = exported.get(theme.parent_id)
        # a draft collective statement stays on the curators' pages (Theme.validated_insight),
        # as do words the Kennisbank withholds for pointing to a person
        hidden = withheld[theme.key].fields if theme.key in withheld else ()
        title = theme.reader_title(name_withheld="name" in hidden)
        code = Code(guid=guid("theme", theme.key), name=title,
                    description="" if hidden else theme.validated_insight,
                    color=_color(theme.key), parent=guid("theme", parent.key) if parent else None)
        codes.append(code)
        known_codes[code.guid] = KnownCode(theme.key, title, parent.key if parent else None)

    statements: dict[tuple[int, str], list[Statement]] = {}
    for statement in Statement.objects.filter(story__in=research_stories().values("pk")).order_by(
            "story_id", "field", "start", "key"):
        statements.setdefault((statement.story_id, statement.field), []).append(statement)

    sources, known_sources = [], {}
    for story in stories:
        for field in FIELDS:
            text = getattr(story, field)
            if not text:
                continue
            name = f"{_('Verhaal')} {story.pk}" + (f" – {_field_label(field)}" if field != "text" else "")
            source = Source(guid=source_guid(story.pk, field), name=name, text=text,
                            description=_description(story, field, index, facts[story.pk], k, domain_names))
            known = KnownSource(name=name, text=text, statements=[], story=story.pk, field=field)
            for statement in statements.get((story.pk, field), []):
                if not 0 <= statement.start <= statement.end <= len(text):
                    continue
                coded = [exported[pk] for pk in (statement.theme_id, statement.subtheme_id) if pk in exported]
                selection = guid("statement", statement.key)
                for theme in dict.fromkeys(coded):
                    source.codings.append(Coding(
                        selection=selection, code=guid("theme", theme.key), start=statement.start,
                        end=statement.end, guid=coding_guid(statement.key, theme.key)))
                top = exported.get(statement.theme_id)
                if top is not None and top.parent_id in exported:
                    top = exported[top.parent_id]
                known.statements.append(KnownStatement(statement.key, statement.start, statement.end,
                                                       top.key if top else None))
            sources.append(source)
            known_sources[source.guid] = known
    project = Project(name="Meervoud", codes=codes, sources=sources, user_guid=EXPORTER,
                      user_name="Meervoud", origin="Meervoud")
    return project, Known(codes=known_codes, sources=known_sources)


# the run's settings a method section names, in the order the analysis uses them
_SETTINGS = (("segmenter", _noop("zinnen")), ("embedder", _noop("taalmodel")),
             ("kinds", _noop("soort uitspraak")), ("clusterer", _noop("thema's zoeken")),
             ("labeler", _noop("namen")))


def made_from() -> list[str]:
    """Where the export's codes came from, for the researcher's method section: the last
    finished analysis (number, when, its settings) and k. The same data gives the same lines."""
    from meervoud.knowledge.models import AnalysisRun

    run = (AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE, finished_at__isnull=False)
           .order_by("-finished_at", "-pk").first())
    if run is None:
        lines = [_("Er is nog geen analyse gedaan: de verhalen hebben nog geen thema's.")]
    else:
        lines = [_("De codes zijn de thema's van analyse nr. %(number)s (klaar op %(when)s), met wat "
                   "ervaringsdeskundigen er daarna aan veranderden.") % {
            "number": run.pk, "when": timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M")}]
        params = (run.summary or {}).get("params") or {}
        used = [f"{_(label)}: {params[name]}" for name, label in _SETTINGS if params.get(name)]
        if used:
            lines.append(_("Instellingen van die analyse: %(settings)s.") % {"settings": "; ".join(used)})
    lines.append(_("Minimum aantal vertellers (k = %(k)s): een plaats of levensdomein staat bij een "
                   "verhaal alleen als minstens zoveel vertellers het delen.") % {"k": k_threshold()})
    return lines


def stories_of_sources(names: dict[str, str]) -> dict[str, int]:
    """For sources of a returned project (GUID -> its name there) that Meervoud does not export
    now, the Meervoud story each came from, where it can tell. The GUID is derived from the
    story's id, and a source is usually still named after it ("Verhaal 12"); a renamed source is
    recognised only while its story is still stored."""
    found: dict[str, int] = {}
    for guid_, name in names.items():
        for story_id in map(int, re.findall(r"\d+", name)):
            if any(source_guid(story_id, field) == guid_ for field in FIELDS):
                found[guid_] = story_id
                break
    if len(found) < len(names):
        wanted = set(names) - set(found)
        for story_id in Story.objects.values_list("pk", flat=True).iterator():
            for field in FIELDS:
                if source_guid(story_id, field) in wanted:
                    found[source_guid(story_id, field)] = story_id
    return found


def project_export(stamp: str | None) -> ProjectExport | None:
    """The export a returned project names; None for a project from before exports were stamped,
    one whose program dropped the stamp, or one from another Meervoud."""
    if not stamp:
        return None
    return ProjectExport.objects.filter(stamp=stamp).first()


def proposals() -> QuerySet[CodingProposal]:
    return CodingProposal.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def proposal_items(proposal: CodingProposal):
    return proposal.items.select_related(
        "theme", "from_theme", "result_theme", "decided_by").prefetch_related("statements").order_by("pk")
