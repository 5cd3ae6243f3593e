"""The workshop kit: the 3.5-hour workshop for teams (handbook Bijlage 3) filled in for one
municipality, as a web page and as a printable hand-out (PDF, A4).

``build`` makes the kit for a municipality and a user; ``render_html`` and ``render_pdf`` write
it. Both files come from the same ``Kit``, so the page and the hand-out never say different
things.

Where the content comes from, and who may see it:

- the agenda: ``meervoud.plans.selectors.workshop_template()`` (the handbook's blocks, in order;
  matched in Dutch, shown in the reader's language with ``meervoud.plans.reference.text``);
- themes, numbers and quotes: only ``meervoud.publication.selectors.published_themes`` (disclosure
  control: a municipality with too few narrators is widened to its region or province, and the
  kit says so);
- good practices: ``meervoud.practices.selectors.published_practices`` (nearest first);
- information needs: ``meervoud.needs.selectors.needs_visible_to`` — they are not public. A user
  who may not see a municipality's needs gets the kit without them, and a sentence saying who
  can see them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meervoud.core.text import xml_safe
from meervoud.plans import reference
from meervoud.publication import documents
from meervoud.publication.disclosure import k_threshold
from meervoud.publication.selectors import PublishedTheme, PublishedView, published_themes

DEFAULT_START = datetime.time(13, 30)
FORMS = ("live", "online")
DEFAULT_FORM = "live"
# The handbook's blocks last 3 hours and 5 minutes and list no break; it calls the whole
# "about 3.5 hours". A break the trainer chooses goes into the timetable after Thema B, so the
# clock times after it are the times of the afternoon. An address without "pauze" has none
# (and the kit says so); the choice page proposes a quarter of an hour.
PAUSES = (0, 15, 20, 30)
PROPOSED_PAUSE = 15
PAUSE_AFTER = "ervaringsdeskundigheid"
PAUSE_KEY = "pauze"

# The agenda blocks that get local content: the four themes A-D and "Concreet: samenwerking".
LOCAL_BLOCKS = ("herstel", "ervaringsdeskundigheid", "empowerment", "kwartiermaken", "samenwerking")
# Every published theme is about what helped or hindered someone; a theme that matches no block
# by its words is discussed under "Wat hindert en wat helpt bij herstel?".
FALLBACK_THEME_BLOCK = "herstel"
# A need that matches no theme block is a question for "wat gaat er veranderen, wie doet wat?".
FALLBACK_NEED_BLOCK = "samenwerking"
THEMES_PER_BLOCK = 3
PRACTICES_PER_BLOCK = 2
EXAMPLES_IN_SAMENWERKING = 3

# The subject of each block in a few more words than its description has, taken from the
# handbook's text on these themes (herstel, ervaringsdeskundigheid, collectieve empowerment,
# kwartiermaken, samenwerking in de wijk). Matching vocabulary, not text for readers.
SUBJECTS = {
    "herstel": "herstel herstellen veerkracht stigma schaamte hoop kracht hielp helpen hindert "
               "hinderde terugval vertrouwen",
    "ervaringsdeskundigheid": "ervaringsdeskundige ervaringsdeskundigen ervaringsdeskundigheid "
                              "ervaringskennis herkenning erkenning begrip luisteren "
                              "gelijkwaardig serieus ervaringscoach",
    "empowerment": "empowerment regie zelfregie zelfhulp lotgenoot lotgenoten lotgenotencontact "
                   "peer steun groep groepen herstelwerkgroep herstelgroep wrap keuze keuzes "
                   "zeggenschap",
    "kwartiermaken": "kwartiermaken kwartiermaker wijk buurt buurthuis bewoners wijkbewoners "
                     "samenleving meedoen ontmoeting ontmoeten eenzaam eenzaamheid vrijwilliger "
                     "vrijwilligerswerk activiteit buren",
    "samenwerking": "samenwerking samenwerken wijkteam wijkteams buurtteam team hulpverlener "
                    "hulpverlening professional contactpersoon gemeente loket instantie "
                    "instanties afspraak afspraken tandem doorverwijzen regels wachtlijst "
                    "wachten aanvraag formulier",
}
# Words of the blocks' descriptions that say nothing about their subject.
_FILLER = frozenset(
    "ziet eruit rol speelt project verwachten betekenis definitie begrippen vragen maakt rest "
    "partijen betekent kijk tegenaan locatie verder uitwerken presentatie stand zaken voorkeur "
    "vertegenwoordigers manier betrokken inventariseren afbakening meerwaarde vorm krijgt "
    "belang producten voorbeelden gebeurt toegelicht betrokken veranderen thema concreet "
    "functie straks".split())
_MIN_PREFIX = 4

# What the online or the live form of the workshop needs, for the whole afternoon.
GENERAL_MATERIALS = {
    "live": [
        gettext_lazy("Een ruimte met tafels in een kring of in groepjes, rolstoeltoegankelijk."),
        gettext_lazy("Een flap-over met dikke stiften, en post-its."),
        gettext_lazy("Een beamer en scherm voor de korte presentatie."),
        gettext_lazy("Deze hand-out, geprint, één voor elke deelnemer."),
        gettext_lazy("Naamkaartjes, koffie en thee."),
    ],
    "online": [
        gettext_lazy("Een videoverbinding (videobellen). Stuur de link een week van tevoren, met "
                     "de hand-out als PDF."),
        gettext_lazy("Een digitaal whiteboard in plaats van een flap-over. Zet de link in de chat."),
        gettext_lazy("Scherm delen voor de korte presentatie."),
        gettext_lazy("Aparte gespreksruimtes (break-out rooms) voor gesprekken in kleine groepen."),
        gettext_lazy("Een technische host die helpt als iemand niet binnenkomt of niet te horen is."),
    ],
}
FORM_LABELS = {"live": gettext_lazy("Live (op locatie)"),
               "online": gettext_lazy("Online (videobellen)")}

# What the workshop is for: the handbook's description of its workshop for teams (the core
# concepts made local; how peer experts and social workers will work together; each one's own
# part) and the project plan's aim (seed 002: show what many stories say together).
GOALS = [
    gettext_lazy("De deelnemers kennen de kernbegrippen herstel, ervaringsdeskundigheid, "
                 "empowerment en kwartiermaken, en weten wat ze betekenen in hun eigen wijk."),
    gettext_lazy("De deelnemers zien wat veel verhalen uit hun gemeente samen laten zien: "
                 "collectieve ervaringskennis. Eén verhaal is n = 1; hier zijn het er meer."),
    gettext_lazy("Samen bespreken we hoe ervaringsdeskundigen en sociaal werkers in de wijk "
                 "gaan samenwerken."),
    gettext_lazy("Iedere deelnemer weet welke rol hij of zij zelf kan spelen, en wat de "
                 "volgende stap is."),
]

# Who does what in each block. The handbook has its workshop given by two trainers, peer
# experts themselves (one from a national organisation, one from the local self-help
# organisation); the plans are presented by the self-help organisations, the examples given
# by peer experts and district-team workers. What a peer expert tells of her own story is
# always hers to decide.
_THEME_LEAD = gettext_lazy(
    "De ervaringsdeskundige vertelt wat de verhalen samen laten zien (de thema's hieronder) en, "
    "als zij dat wil, iets uit haar eigen ervaring. De andere trainer leidt het gesprek en let "
    "op de tijd.")
# the same, for a place or life domain without published themes
_OWN_LEAD = gettext_lazy(
    "De ervaringsdeskundige vertelt, als zij dat wil, iets uit haar eigen ervaring. De andere "
    "trainer leidt het gesprek en let op de tijd.")
LEADS = {
    "welkom": gettext_lazy("Beide trainers stellen zich voor. De ervaringsdeskundige bepaalt zelf "
                           "hoeveel zij over haar eigen verhaal vertelt."),
    "project": gettext_lazy("Mensen van de zelfregieorganisaties presenteren de plannen. De "
                            "trainer vat samen en vraagt wie er verder bij betrokken is."),
    "herstel": _THEME_LEAD,
    "ervaringsdeskundigheid": _THEME_LEAD,
    "empowerment": _THEME_LEAD,
    "kwartiermaken": _THEME_LEAD,
    "samenwerking": gettext_lazy("Ervaringsdeskundigen en wijkmedewerkers geven voorbeelden van "
                                 "wat er al gebeurt. De trainer leidt het gesprek over wie wat "
                                 "gaat doen."),
    "vragen": gettext_lazy("Beide trainers beantwoorden samen de vragen en spreken af wie wat "
                           "na de workshop oppakt."),
    PAUSE_KEY: gettext_lazy("Koffie en thee. De trainers kijken samen of het programma zo goed "
                            "loopt."),
}


# ---------------------------------------------------------------- data


@dataclass
class ThemeItem:
    theme: PublishedTheme
    score: int
    url: str
    quote: str = ""
    quote_source: str = ""
    quote_language: str = "nl"


@dataclass
class PracticeEntry:
    title: str
    summary: str
    places: str
    nearness: str
    url: str


@dataclass
class NeedItem:
    pk: int
    questions: list[str]
    domains: list[str]
    status: str
    url: str


@dataclass
class Block:
    number: int
    key: str
    title: str
    minutes: int
    start: datetime.time
    end: datetime.time
    description: str
    exercise: str
    materials: list[str]
    local: bool = False
    lead: str = ""
    themes: list[ThemeItem] = field(default_factory=list)
    practices: list[PracticeEntry] = field(default_factory=list)
    needs: list[NeedItem] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"blok-{self.key}"

    @property
    def clock(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def description_lines(self) -> list[str]:
        return [line.strip() for line in self.description.split("\n") if line.strip()]


@dataclass
class OverviewRow:
    title: str
    narrators: int
    block: str
    anchor: str


@dataclass
class Kit:
    choice: documents.Choice
    view: PublishedView
    notice: str
    k: int
    form: str
    start: datetime.time
    end: datetime.time
    minutes: int
    blocks: list[Block]
    overview: list[OverviewRow]
    needs_allowed: bool
    needs_count: int
    pool: documents.PoolSummary
    contact: documents.Contact
    fictional: bool
    made_on: datetime.date
    pause: int = 0
    block_minutes: int = 0  # the handbook's blocks without the break
    # per theme shown, the day its figures are as of (``documents.as_of_dates``, as the
    # Kennisbank's theme page, the report and the infographic say it)
    as_of: dict = field(default_factory=dict)

    @property
    def domain_name(self) -> str:
        return self.choice.domain_name

    @property
    def as_of_text(self) -> str:
        return documents.day_text(max(self.as_of.values())) if self.as_of else ""

    @property
    def as_of_line(self) -> str:
        """"Stand van de cijfers: 3 maart 2026": the latest day of the themes shown."""
        return documents.as_of_line(self.as_of)

    @property
    def goals(self) -> list[str]:
        return [str(goal) for goal in GOALS]

    @property
    def has_themes(self) -> bool:
        return bool(self.overview)

    @property
    def municipality(self) -> str:
        return self.choice.municipality

    @property
    def title(self) -> str:
        return _("Workshop Empowerment in de wijk: gemeente %(name)s") % {"name": self.municipality}

    @property
    def about(self) -> str:
        """What the local themes are about (the widened scope when the municipality is small)."""
        return documents.scope_label(self.view.effective_scope or self.view.scope)

    @property
    def form_label(self) -> str:
        return str(FORM_LABELS[self.form])

    @property
    def made_on_text(self) -> str:
        return date_format(self.made_on, "j F Y")

    @property
    def time_text(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def length_text(self) -> str:
        return length_text(self.minutes)

    @property
    def prep_heading(self) -> str:
        if self.form == "online":
            return _("Wat regelt u vooraf voor een online workshop?")
        return _("Wat regelt u vooraf voor een workshop op locatie?")

    @property
    def general_materials(self) -> list[str]:
        return [str(item) for item in GENERAL_MATERIALS[self.form]]

    @property
    def intro(self) -> str:
        if not self.has_themes:
            return _("Deze workshop volgt het programma 'Empowerment in de wijk' uit het landelijke "
                     "handboek voor de inzet van ervaringsdeskundigen in sociale wijkteams (bijlage 3). "
                     "Voor %(scope)s zijn er nog geen thema's uit de verhalen die we mogen laten "
                     "zien. Gebruik bij de thema's de vragen van het handboek; goede praktijken uit "
                     "de buurt staan er wel bij.") % {"scope": self.about}
        return _("Deze workshop volgt het programma 'Empowerment in de wijk' uit het landelijke "
                 "handboek voor de inzet van ervaringsdeskundigen in sociale wijkteams (bijlage 3). "
                 "Bij de thema's staat wat ervaringsdeskundigen en vertellers uit %(scope)s weten: "
                 "thema's uit hun verhalen, hoeveel verschillende vertellers ze noemen (n), een "
                 "citaat, en goede praktijken uit de buurt.") % {"scope": self.about}

    @property
    def break_note(self) -> str:
        blocks = length_text(self.block_minutes or self.minutes)
        if self.pause:
            return _("Het handboek noemt ongeveer 3,5 uur. De onderdelen duren samen %(blocks)s. "
                     "Met een pauze van %(pause)s minuten na thema B duurt de workshop "
                     "%(length)s.") % {"blocks": blocks, "pause": self.pause,
                                        "length": self.length_text}
        return _("Het handboek noemt ongeveer 3,5 uur. De onderdelen duren samen %(blocks)s. In "
                 "dit schema staat geen pauze. Kiest u op de pagina van de workshop een pauze, "
                 "dan schuiven de tijden mee.") % {"blocks": blocks}

    @property
    def needs_note(self) -> str:
        if not self.needs_allowed:
            return _("Kennisvragen van de gemeente zijn niet openbaar. Medewerkers van de gemeente "
                     "en van het leernetwerk zien ze hier als zij zijn ingelogd.")
        if not self.needs_count:
            return _("Gemeente %(name)s heeft geen open kennisvragen.") % {"name": self.municipality}
        return ngettext(
            "Gemeente %(name)s stelde één kennisvraag die nog open is. Die staat als "
            "gespreksvraag bij het blok dat erbij past. Deze hand-out is daarom niet openbaar.",
            "Gemeente %(name)s stelde %(n)s kennisvragen die nog open zijn. Die staan als "
            "gespreksvragen bij het blok dat erbij past. Deze hand-out is daarom niet openbaar.",
            self.needs_count) % {"name": self.municipality, "n": self.needs_count}

    @property
    def pool_lines(self) -> list[str]:
        pool = self.pool
        if pool.total is None:
            lines = [_("De pool heeft nog minder dan %(k)s beschikbare ervaringsdeskundigen.") % {
                "k": pool.k}]
        else:
            lines = [_("De pool heeft %(n)s beschikbare ervaringsdeskundigen.") % {"n": pool.total}]
        lines += [documents.pool_place_line(count) for count in pool.places]
        if self.choice.scope.domain:
            from meervoud.publication.report import in_sentence

            for count in pool.domains:
                lines.append(_("Met ervaring in %(domain)s: %(n)s.") % {
                    "domain": in_sentence(count.label), "n": count.n})
            if pool.hidden_domains:
                lines.append(_("Met ervaring in %(domain)s: dat getal noemen we niet, zodat "
                               "niemand te herkennen is.") % {"domain": in_sentence(self.domain_name)})
        return lines

    @property
    def has_needs(self) -> bool:
        return self.needs_allowed and self.needs_count > 0


# ---------------------------------------------------------------- parameters


def parse_start(value: str) -> tuple[datetime.time, str]:
    """"13:30", "9.00" or "900" to a time; anything else gives the default and an error text."""
    value = (value or "").strip()
    if not value:
        return DEFAULT_START, ""
    match = re.fullmatch(r"(\d{1,2})[:.h]?(\d{2})", value)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return datetime.time(int(match.group(1)), int(match.group(2))), ""
    return DEFAULT_START, _("De begintijd '%(value)s' begrijpen we niet; we gaan uit van %(default)s. "
                            "Schrijf de tijd als uu:mm, bijvoorbeeld 09:30.") % {
        "value": value, "default": f"{DEFAULT_START:%H:%M}"}


def parse_form(value: str) -> str:
    value = (value or "").strip().lower()
    return value if value in FORMS else DEFAULT_FORM


def form_error(value: str) -> str:
    """The text for a form ("vorm") in the address that is neither live nor online."""
    value = (value or "").strip()
    if not value or value.lower() in FORMS:
        return ""
    return _("De vorm '%(value)s' kennen we niet; we gaan uit van %(default)s.") % {
        "value": value, "default": str(FORM_LABELS[DEFAULT_FORM])}


def parse_pause(value: str) -> tuple[int, str]:
    """"15" to 15 minutes; one of ``PAUSES``, else no break and an error text."""
    value = (value or "").strip()
    if not value:
        return 0, ""
    if value.isdigit() and int(value) in PAUSES:
        return int(value), ""
    return 0, _("De pauze '%(value)s' begrijpen we niet; het schema heeft nu geen pauze. Kies "
                "een van deze: %(choices)s minuten.") % {
        "value": value, "choices": ", ".join(str(p) for p in PAUSES)}


def length_text(minutes: int) -> str:
    from meervoud.plans.selectors import length_text as said

    return said(minutes)


# ---------------------------------------------------------------- matching


def _terms(text: str) -> set[str]:
    from meervoud.engine.text import stopwords, tokens

    stop = stopwords("nl")
    return {word for word in tokens(text) if len(word) >= 3 and word not in stop
            and word not in _FILLER and not word.isdigit()}


def _same(a: str, b: str) -> bool:
    """Equal, or one a prefix of the other (herstel / herstellen, wijk / wijkteam)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= _MIN_PREFIX and long_.startswith(short)


def similarity(subject: set[str], weighted: dict[str, int]) -> int:
    """The summed weights of the distinct words of a text that also occur in a block's subject."""
    return sum(weight for word, weight in weighted.items()
               if any(_same(word, term) for term in subject))


def block_subject(block: dict) -> set[str]:
    """A block's words: its title, description and exercise, plus ``SUBJECTS`` for its key."""
    return _terms(" ".join([block["title"], block["description"], block["exercise"],
                            SUBJECTS.get(block["key"], "")]))


def _weighted(strong: list[str], weak: list[str]) -> dict[str, int]:
    weights: dict[str, int] = {}
    for word in _terms(" ".join(weak)):
        weights[word] = 1
    for word in _terms(" ".join(strong)):
        weights[word] = 2
    return weights


def without_common(texts: list[dict[str, int]]) -> list[dict[str, int]]:
    """Leave out words that more than half of at least four candidates share: in this field
    nearly every practice mentions "ervaringsdeskundigen", which says nothing about which block
    it fits. A word also goes when it is a form of such a word (prefix rule of ``_same``)."""
    if len(texts) < 4:
        return texts
    counts: dict[str, int] = {}
    for words in texts:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    common = {word for word, n in counts.items() if 2 * n > len(texts)}
    if not common:
        return texts
    return [{word: weight for word, weight in words.items()
             if not any(_same(word, other) for other in common)} for words in texts]


def theme_words(theme: PublishedTheme) -> dict[str, int]:
    """Title and keywords count double, the insight and sub-theme names once."""
    return _weighted([theme.title, *theme.keywords],
                     [theme.insight, *(title for title, _n in theme.subthemes)])


def assign_themes(themes: list[PublishedTheme], subjects: dict[str, set[str]],
                  per_block: int = THEMES_PER_BLOCK) -> dict[str, list[tuple[PublishedTheme, int]]]:
    """Which published themes are discussed in which block.

    Each theme is scored against each local block by word overlap (``similarity``): the words of
    its title and keywords (weight 2) and of its insight and sub-themes (weight 1), against the
    words of the block's title, description, exercise and the subject words in ``SUBJECTS``;
    Dutch stopwords are left out and a word matches another when one is a prefix of the other
    (at least four letters), which covers Dutch inflection and compounds well enough.

    Words shared by more than half of the themes are left out (``without_common``).
    Then all (theme, block) pairs with a score above 0 are taken best first — higher score, more
    narrators, theme key, block order — and a theme goes to the first block that still has room
    (``per_block``). Each theme is discussed once, so a hand-out does not repeat itself.
    Themes that match no block go to ``FALLBACK_THEME_BLOCK`` (Thema A: every theme is about
    what helped or hindered) while it has room; the rest stay in the overview only.

    Word overlap, not the analysis engine's embedder: it needs no model, gives the same answer
    on every machine and run, and a workshop leader can see why a theme landed where it did.
    """
    order = {key: i for i, key in enumerate(subjects)}
    pairs = []
    texts = without_common([theme_words(theme) for theme in themes])
    for rank, (theme, words) in enumerate(zip(themes, texts)):
        for key, subject in subjects.items():
            score = similarity(subject, words)
            if score > 0:
                pairs.append((-score, -theme.narrators, theme.key, order[key], rank, key, score))
    pairs.sort()
    placed: dict[str, list[tuple[PublishedTheme, int]]] = {key: [] for key in subjects}
    done: set[str] = set()
    for *_sort, rank, key, score in pairs:
        theme = themes[rank]
        if theme.key in done or len(placed[key]) >= per_block:
            continue
        placed[key].append((theme, score))
        done.add(theme.key)
    if FALLBACK_THEME_BLOCK in placed:
        for theme in themes:
            if theme.key not in done and len(placed[FALLBACK_THEME_BLOCK]) < per_block:
                placed[FALLBACK_THEME_BLOCK].append((theme, 0))
                done.add(theme.key)
    return placed


# ---------------------------------------------------------------- practices and needs


def _nearness(proximity: int | None, municipality) -> str:
    if proximity == 0:
        return _("in gemeente %(name)s") % {"name": municipality.name}
    if proximity == 1:
        return _("in regio %(name)s") % {"name": municipality.region.name}
    if proximity == 2:
        return _("in provincie %(name)s") % {"name": municipality.region.province.name}
    return _("elders in het land")


def _practice_entry(practice, municipality, base: str) -> PracticeEntry:
    places = [m.name for m in practice.municipalities.all()] + [r.name for r in practice.regions.all()]
    places += [p.name for p in practice.provinces.all()]
    nearness = _nearness(getattr(practice, "proximity", None), municipality)
    where = practice.place_note or ", ".join(places)
    # "in gemeente Groningen: Groningen" or "Armoede (Noord-Nederland) (…: Noord-Nederland)"
    # says the place twice.
    said = where and (where in nearness or where in practice.title)
    return PracticeEntry(title=xml_safe(practice.title), summary=xml_safe(practice.summary),
                         places="" if said else xml_safe(where),
                         nearness=nearness, url=documents.site_url(practice.get_absolute_url(), base))


def nearby_practices(municipality, domain: str = "") -> list:
    """Published practices in the municipality, its region, its province (nearest first), of
    the chosen life domain; when there are none, those of the life domain elsewhere, then
    those nearby of any life domain, then every published practice (a workshop can learn from
    elsewhere too)."""
    from meervoud.practices.selectors import published_practices

    tries = [{"municipality": municipality}, {}]
    if domain:
        tries = [{**place, "domain_slugs": [domain]} for place in tries] + tries
    for where in tries:
        found = list(published_practices(**where))
        if found:
            return found
    return []


def assign_practices(practices: list, subjects: dict[str, set[str]],
                     themes_in_block: dict[str, set[str]]) -> dict[str, list]:
    """Good practices per local block: a practice linked to a theme discussed in the block scores
    3, plus its word overlap with the block (title double, summary and work once; words most
    practices share left out, see ``without_common``). Best pairs
    first (score, then nearest, then title), at most ``PRACTICES_PER_BLOCK`` a block, each
    practice once. "Concreet: samenwerking in de wijk" asks for examples of what already happens,
    so it gets the nearest practices that are left, up to ``EXAMPLES_IN_SAMENWERKING``."""
    from meervoud.practices.models import GoodPractice

    linked: dict[int, set[str]] = {}
    for practice_id, key in GoodPractice.themes.through.objects.filter(
            goodpractice_id__in=[p.pk for p in practices]).values_list("goodpractice_id", "theme__key"):
        linked.setdefault(practice_id, set()).add(key)
    order = {key: i for i, key in enumerate(subjects)}
    pairs = []
    texts = without_common([_weighted([practice.title],
                                      [practice.summary, practice.expert_work, practice.what_works])
                            for practice in practices])
    for rank, (practice, words) in enumerate(zip(practices, texts)):
        for key, subject in subjects.items():
            score = similarity(subject, words)
            if linked.get(practice.pk, set()) & themes_in_block.get(key, set()):
                score += 3
            if score > 0:
                proximity = getattr(practice, "proximity", None)
                pairs.append((-score, 9 if proximity is None else proximity, rank, order[key], key))
    pairs.sort()
    placed: dict[str, list] = {key: [] for key in subjects}
    used: set[int] = set()
    for _score, _near, rank, _order, key in pairs:
        if rank in used or len(placed[key]) >= PRACTICES_PER_BLOCK:
            continue
        placed[key].append(practices[rank])
        used.add(rank)
    if "samenwerking" in placed:
        for rank, practice in enumerate(practices):
            if len(placed["samenwerking"]) >= EXAMPLES_IN_SAMENWERKING:
                break
            if rank not in used:
                placed["samenwerking"].append(practice)
                used.add(rank)
    return placed


def open_needs(user, municipality):
    """The municipality's needs that are not answered yet, as far as this user may see them."""
    from meervoud.needs.models import NeedStatus
    from meervoud.needs.selectors import needs_visible_to

    return needs_visible_to(user).filter(municipality=municipality).exclude(
        status=NeedStatus.ANSWERED).order_by("created_at", "pk")


def may_see_needs(user, municipality) -> bool:
    """The needs app's rule for a whole municipality: the learning network (needs.manage) and
    the municipality's own policy officers."""
    from meervoud.accounts.permissions import user_can
    from meervoud.needs.selectors import municipality_of

    if user_can(user, "needs.manage"):
        return True
    own = municipality_of(user)
    return own is not None and own.pk == municipality.pk


_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")


def _need_item(need) -> NeedItem:
    questions = [_BULLET.sub("", line).strip() for line in need.questions.splitlines()]
    return NeedItem(pk=need.pk, questions=[q for q in questions if q],
                    domains=[str(domain) for domain in need.life_domains.all()],
                    status=need.get_status_display(), url=reverse("needs:detail", args=[need.pk]))


def assign_needs(needs: list, subjects: dict[str, set[str]]) -> dict[str, list]:
    """Each need goes to the local block its questions, purpose, target groups and life domains
    overlap most with (ties: earlier block); no overlap: ``FALLBACK_NEED_BLOCK``."""
    placed: dict[str, list] = {key: [] for key in subjects}
    texts = without_common([_weighted([need.questions],
                                      [need.purpose, need.target_groups,
                                       *(str(domain) for domain in need.life_domains.all())])
                            for need in needs])
    for need, words in zip(needs, texts):
        scores = [(similarity(subject, words), -i, key) for i, (key, subject) in enumerate(subjects.items())]
        best, _i, key = max(scores)
        if best == 0 and FALLBACK_NEED_BLOCK in placed:
            key = FALLBACK_NEED_BLOCK
        placed[key].append(need)
    return placed


# ---------------------------------------------------------------- materials per form


# A flip chart in the handbook's Dutch, or in the English of its translation.
_FLAP = re.compile(r"\bflap(?:-over)?\b|\b(?:an? |the )?flip[ -]?chart\b", re.IGNORECASE)


def adapt_materials(block: dict, form: str) -> tuple[list[str], str]:
    """The block's materials and exercise for the chosen form, in the reader's language.
    Online, the flip chart becomes a digital whiteboard, a presentation is shared on screen and
    exercises go to break-out rooms; live, an exercise gets a flip chart if it has none. What
    an item is, is read from the handbook's Dutch; the exercise is changed as it is shown."""
    dutch, exercise = list(block["materials"]), reference.text(block["exercise"])
    materials = [reference.text(item) for item in dutch]
    if form == "online":
        materials = [_("Digitaal whiteboard (in plaats van een flap-over)") if _FLAP.search(item)
                     else (_("%(item)s, via scherm delen") % {"item": shown}
                           if "presentatie" in item.lower() else shown)
                     for item, shown in zip(dutch, materials)]
        exercise = _FLAP.sub(_("het digitale whiteboard"), exercise)
        if exercise:
            materials.append(_("Aparte gespreksruimtes (break-out rooms) voor kleine groepen"))
        if block["key"] == "welkom":
            materials.append(_("Korte check: kan iedereen iedereen zien en horen?"))
    else:
        if exercise and not any(_FLAP.search(item) for item in dutch):
            materials.append(_("Flap-over en stiften"))
        if block["key"] == "welkom":
            materials.append(_("Naamkaartjes"))
    return materials, exercise


# ---------------------------------------------------------------- the kit


def build(choice: documents.Choice, user, *, start: datetime.time = DEFAULT_START,
          form: str = DEFAULT_FORM, base_url: str = "", pause: int = 0) -> Kit:
    """The kit for the municipality (and life domain) of ``choice``, as ``user`` may see it
    (needs only for those allowed). ``base_url`` makes printed addresses absolute; ``pause``
    puts a break of that many minutes in the timetable after Thema B."""
    from meervoud.places.models import Municipality
    from meervoud.plans.selectors import workshop_template
    from meervoud.publication.report import attribution_text

    if choice.scope.kind != "municipality":
        raise ValueError("The workshop kit is made for one municipality.")
    form = parse_form(form)
    municipality = Municipality.objects.select_related("region__province").get(name=choice.municipality)
    view = published_themes(choice.scope, with_quotes=True)
    k = k_threshold()
    names = documents.domain_names()
    template = workshop_template()
    subjects = {block["key"]: block_subject(block) for block in template if block["key"] in LOCAL_BLOCKS}

    themes_at = assign_themes(view.themes, subjects)
    practices_at = assign_practices(
        nearby_practices(municipality, choice.scope.domain), subjects,
        {key: {theme.key for theme, _s in placed} for key, placed in themes_at.items()})
    allowed = may_see_needs(user, municipality)
    needs = list(open_needs(user, municipality)) if getattr(user, "is_authenticated", False) else []
    allowed = allowed or bool(needs)
    needs_at = assign_needs(needs, subjects)

    if pause not in PAUSES:
        raise ValueError(f"A break lasts one of {PAUSES} minutes.")
    if pause:
        after = next(i for i, item in enumerate(template, start=1) if item["key"] == PAUSE_AFTER)
        template.insert(after, {"key": PAUSE_KEY, "title": _("Pauze"), "minutes": pause,
                                "description": "", "exercise": "", "materials": [], "own": True})

    blocks, clock, where = [], datetime.datetime.combine(datetime.date(2000, 1, 1), start), {}
    for number, item in enumerate(template, start=1):
        begin = clock
        clock += datetime.timedelta(minutes=item["minutes"])
        if item.get("own"):  # the break: the kit's own, already in the reader's language
            blocks.append(Block(number=number, key=item["key"], title=item["title"],
                                minutes=item["minutes"], start=begin.time(), end=clock.time(),
                                description="", exercise="", materials=[],
                                lead=str(LEADS[PAUSE_KEY])))
            continue
        materials, exercise = adapt_materials(item, form)
        block = Block(number=number, key=item["key"], title=reference.text(item["title"]),
                      minutes=item["minutes"], start=begin.time(), end=clock.time(),
                      description=reference.text(item["description"]),
                      exercise=exercise, materials=materials, local=item["key"] in subjects,
                      lead=str(_OWN_LEAD if LEADS.get(item["key"]) is _THEME_LEAD and not view.themes
                               else LEADS.get(item["key"], "")))
        for theme, score in themes_at.get(item["key"], []):
            quote = theme.quotes[0] if theme.quotes else None
            block.themes.append(ThemeItem(
                theme=theme, score=score, url=documents.site_url(theme.url, base_url),
                quote=quote.text if quote else "",
                quote_source=attribution_text(quote.attribution, names) if quote else "",
                quote_language=quote.language if quote else "nl"))
            where[theme.key] = block
        block.practices = [_practice_entry(p, municipality, base_url)
                           for p in practices_at.get(item["key"], [])]
        block.needs = [_need_item(need) for need in needs_at.get(item["key"], [])]
        blocks.append(block)

    overview = [OverviewRow(theme.title, theme.narrators,
                            where[theme.key].title if theme.key in where else "",
                            where[theme.key].anchor if theme.key in where else "")
                for theme in view.themes]
    domains = [choice.scope.domain] if choice.scope.domain else []
    return Kit(
        choice=choice, view=view, notice=documents.scope_notice(view), k=k, form=form,
        start=start, end=clock.time(), minutes=sum(b.minutes for b in blocks), blocks=blocks,
        overview=overview, needs_allowed=allowed, needs_count=len(needs),
        pool=documents.pool_summary(choice.scope, domains),
        # the Kennisbank for the same place and life domain: the same figures
        contact=documents.contact(base_url, choice.scope),
        fictional=documents.uses_fictional_data(), made_on=timezone.localdate(), pause=pause,
        block_minutes=sum(b.minutes for b in blocks if b.key != PAUSE_KEY),
        as_of=documents.as_of_dates(view.themes))


def render_html(kit: Kit) -> str:
    """The hand-out as a standalone HTML document (what WeasyPrint prints)."""
    return render_to_string("publication/workshop_print.html", {"kit": kit})


def render_pdf(kit: Kit) -> bytes:
    """The hand-out: A4, page numbers "Pagina x van y", agenda first, then the local content."""
    from weasyprint import HTML

    return HTML(string=render_html(kit)).write_pdf(pdf_tags=True)  # tagged, for screen readers
