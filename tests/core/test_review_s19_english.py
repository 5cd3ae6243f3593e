"""Review (session 19): Meervoud in English, and Meervoud in Dutch without English.

The product promises Dutch first (plain B1) with a full English translation: the button
"English" in the header switches the whole site. This review walks the pages of every role in
English (and the same pages in Dutch), their forms in an error state, the documents (PDF, Word,
SVG), the `meervoud` command and the Django admin, as two people would use them:

- an English-speaking policy officer, project-team member or peer expert (a newcomer, a partner
  from abroad) who presses "English" and expects to be able to do their work in English;
- a Dutch user (and Dutch administrator) who must never meet English.

Each test is one kind of problem; its assertion message lists every place where it happens.
A way to find untranslated text that needs no word lists: a heading or label that reads exactly
the same on the Dutch and on the English page, and is not a name, was not translated.
"""

import datetime
import io
import re
import zipfile

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


# -- the world and how a user gets around in it -------------------------------------------

@pytest.fixture
def demo(publish):
    """The demo world as `bin/demo` makes it: one login per role, the pool with its
    assignments, the practices, the municipalities' questions, the plan of approach of
    Groningen, and a published theme from five narrators in Groningen."""
    from meervoud.demo.pool import load_demo_pool
    from meervoud.demo.services import DEMO_PASSWORD, create_demo_accounts
    from meervoud.needs.demo import create_demo_needs
    from meervoud.plans.demo import create_demo_plan
    from meervoud.practices.demo import create_demo_practices

    create_demo_accounts()
    load_demo_pool(DEMO_PASSWORD)
    create_demo_practices()
    create_demo_needs()
    plan = create_demo_plan()
    statements = publish.many("wachtlijsten", 5, "Groningen")
    return {"plan": plan, "statements": statements}


def _login(username: str | None, language: str = "nl") -> Client:
    """A browser of this demo login (None: not logged in), switched to ``language`` with the
    language button in the header, as a user does it."""
    from meervoud.accounts.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    if language != "nl":
        response = client.post(reverse("set_language"), {"language": language, "next": "/"})
        assert response.status_code == 302
    return client


def _doc(response):
    return lxml.html.fromstring(response.content.decode())


def _clean(element) -> str:
    """An element's text as a reader sees it: one space between words, also between cells."""
    return re.sub(r"\s+", " ", " ".join(element.itertext())).strip()


def _labels(response) -> list[str]:
    """The words that name things on a page: headings, legends, table headers and field labels
    (without the "(niet verplicht)" marker, which is translated)."""
    doc = _doc(response)
    for marker in doc.xpath("//label//span[@class='help']"):
        marker.drop_tree()
    main = doc.xpath("//main")[0]
    texts = [_clean(e) for e in main.xpath(".//h1|.//h2|.//h3|.//h4|.//legend|.//th|.//label|"
                                           ".//caption|.//summary")]
    return [t for t in texts if t]


def _untranslated(dutch: list[str], english: list[str], allowed: set[str]) -> list[str]:
    """What reads the same on the Dutch and on the English page, names allowed."""
    same = set(dutch) & set(english)
    return sorted(t for t in same - allowed if re.search(r"[A-Za-zÀ-ÿ]{3}", t))


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _docx_language(content: bytes) -> tuple[str, str]:
    """(the language in the file's properties, the language Word proofs its text in: that of
    the style "Normal", else the document default)."""
    import docx
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("word/styles.xml"))
    normal = styles.find(f"{w}style[@{w}styleId='Normal']/{w}rPr/{w}lang")
    default = styles.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}lang")
    lang = normal if normal is not None else default
    text_language = lang.get(f"{w}val") if lang is not None else ""
    return docx.Document(io.BytesIO(content)).core_properties.language or "", text_language


# -- 1. Dutch date fields come back empty ---------------------------------------------------

def test_a_dutch_user_changing_an_assignment_finds_its_dates_empty(demo):
    """A policy officer (or coordinator) opens 'Opdracht wijzigen' to fix a typo in the title.
    The start and end date fields are empty: the page writes the saved dates in the Dutch
    input format (value="15-03-2027"), but a date field in a browser (<input type="date">) only
    takes YYYY-MM-DD and throws anything else away. Both fields are required, so she cannot
    save her typo fix until she types both dates again, from memory; a wrong guess moves the
    assignment, and the experts proposed for it, to other weeks. In English the same page works
    (value="2027-03-15"), so only Dutch users, the default, are hit.
    SHOULD: a date field holds the saved date as YYYY-MM-DD in every language (as the plan's
    own date fields already do: plans/forms.py DATE)."""
    from meervoud.pool.models import Assignment

    assignment = Assignment.objects.order_by("pk").first()
    Assignment.objects.filter(pk=assignment.pk).update(start=datetime.date(2027, 3, 15),
                                                       end=datetime.date(2027, 6, 18))
    wrong = []
    for username in ("coordinator", "beleid"):
        page = _login(username).get(reverse("pool:assignment_edit", args=[assignment.pk]))
        assert page.status_code == 200, username
        fields = {i.get("name"): i.get("value") for i in _doc(page).xpath("//input[@type='date']")}
        for name, saved in (("start", "2027-03-15"), ("end", "2027-06-18")):
            if fields.get(name) != saved:
                wrong.append(f"{username}: {name} value={fields.get(name)!r}, saved {saved}")
    assert not wrong, ("date fields a browser shows empty (a date field only takes YYYY-MM-DD): "
                       + "; ".join(wrong))


# -- 2. The language button throws away what was typed -------------------------------------

def _press_language_button(client, page, language: str):
    """What the browser sends when the user presses the button for ``language`` on ``page``:
    the form that button belongs to (its form="…" or the form around it), with every field
    as it is now, and the button itself."""
    doc = _doc(page)
    button = doc.xpath(f"//button[@value='{language}']")[0]
    form = (doc.get_element_by_id(button.get("form")) if button.get("form")
            else button.xpath("ancestor::form")[0])
    values = list(form.form_values())
    if button.get("name"):
        values.append((button.get("name"), button.get("value")))
    data = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    action = form.get("action") or page.request["PATH_INFO"]
    return client.post(action, data, follow=True)


def test_switching_to_english_on_a_form_with_errors_throws_away_what_was_typed(demo):
    """A policy officer whose Dutch is not good enough writes her municipality's knowledge
    question, proposes a good practice, or posts an assignment. She sends the form, gets it
    back with Dutch error messages she cannot read, and presses 'English' to understand them.
    The page comes back in English, but empty: the language button is its own little form
    that only reloads the address, so everything she typed (questions, a description of a
    practice, an assignment) is gone. The intake form was fixed for exactly this (its language
    buttons carry the form along, session 18); the other forms were not.
    SHOULD: switching language on a form keeps what was typed (as the intake does), so she
    can read the errors in English and correct them."""
    typed = "Wat helpt jongeren die uit de jeugdhulp komen om een eigen woning te vinden?"
    forms = [
        ("beleid", "needs:ask", {"questions": typed, "contact_email": "beleid@example.org"}),
        ("verteller", "practices:propose", {"title": "Maatjes bij de voedselbank", "summary": typed}),
        ("beleid", "pool:assignment_new", {"title": "Meedenken over jongeren", "description": typed,
                                           "start": "2027-05-20", "end": "2027-04-01"}),
    ]
    lost = []
    for username, name, posted in forms:
        client = _login(username)
        failed = client.post(reverse(name), posted)
        assert failed.status_code == 200 and 'class="errorlist' in failed.content.decode(), \
            f"precondition: {name} comes back with errors"
        assert typed in failed.content.decode(), f"precondition: {name} kept the text in Dutch"
        switched = _press_language_button(client, failed, "en")
        html = switched.content.decode()
        if '<html lang="en">' not in html or typed not in html:
            lost.append(f"{name} ({reverse(name)}): "
                        + ("English, but the typed text is gone" if '<html lang="en">' in html
                           else "not in English"))
    assert not lost, "pressing 'English' on a form with errors: " + "; ".join(lost)


# -- 3. The plan of approach is a Dutch form inside an English page ------------------------

def test_the_plan_of_approach_form_and_tables_stay_dutch_in_english(demo):
    """A project-team member reads English. She opens the plan of approach and 'New project
    plan'. The page around it is English, but the form itself is Dutch: the fields
    'Locatie/wijk', 'Herstel-/zelfregieorganisatie(s)', 'Wijkteam(s)', 'Projectleider', the
    sections 'Achtergrond' and 'Projectstructuur' with eleven Dutch questions ('Om wat voor
    wijkteam gaat het? …'), and on the plan page the three goal tables ('Ondersteuning eigen
    regie en participatie', columns 'Doel', 'Wie', 'Wanneer', 'Aandachtspunten', …), each
    table page with its Dutch heading and Dutch questions as labels, next to English labels
    ('To be done by', 'Progress'). The table's browser title is even English ('Support for
    self-direction and participation') above the Dutch heading of the same table. These labels
    come from plans/data/plan_format.json and are shown without translation.
    SHOULD: the labels, questions, section titles and column headings of the plan's format are
    translated like every other label (the handbook's Dutch stays in the Dutch interface)."""
    plan = demo["plan"]
    pages = ([reverse("plans:create"), reverse("plans:edit", args=[plan.pk]),
              reverse("plans:detail", args=[plan.pk])]
             + [reverse("plans:table", args=[plan.pk, key]) for key in ("regie", "samenwerking", "training")])
    dutch, english = _login("coordinator"), _login("coordinator", "en")
    allowed = {"#", plan.title, plan.location}
    found = []
    for url in pages:
        nl, en = dutch.get(url), english.get(url)
        assert nl.status_code == en.status_code == 200, url
        for text in _untranslated(_labels(nl), _labels(en), allowed):
            found.append(f"{url}: {text[:70]}")
    assert not found, f"{len(found)} labels of the plan that are Dutch in English:\n" + "\n".join(found)


# -- 4. The handbook's own content has no English -----------------------------------------

def test_the_handbooks_checklists_roadmap_programmes_and_teaching_module_are_dutch_in_english(demo):
    """Meervoud ships the handbook's reference content: the checklists (ten tips, do's and
    don'ts, handvatten), the roadmap (Kotter's phases and steps), the training and workshop
    programmes, the workshop kit for a municipality and the teaching module. In English all of
    it stays Dutch, headings included: 'Tien tips voor een goede start', 'Fase 1: Creëer een
    veranderklimaat', 'Stappen van Kotter', 'Dagdeel 1', 'Pauze', 'Thema A: Herstel en
    veerkracht', 'Definitie van ervaringsdeskundigheid'. An English reader cannot find her way
    in the roadmap or hand out the workshop kit. Even where English exists it is not used: the
    same ten tips read in English on the infographic ('Develop a vision on using peer
    expertise.') and in Dutch on the plan's checklist ('Formuleer een visie op de inzet van
    ervaringsdeskundigheid.').
    SHOULD: the handbook content Meervoud itself ships is shown in the interface language
    (translated reference data, looked up by its key); what a team wrote itself stays as typed."""
    plan = demo["plan"]
    pages = [reverse("plans:checklists", args=[plan.pk]), reverse("plans:roadmap", args=[plan.pk]),
             reverse("plans:templates"), reverse("teaching:module"),
             reverse("publication:workshop") + "?gemeente=Groningen"]
    dutch, english = _login("coordinator"), _login("coordinator", "en")
    allowed = {"Checklists", "Do's", "Don'ts", "Agenda", "Workshop", "Peer support", "wachtlijsten"}
    found = []
    for url in pages:
        nl, en = dutch.get(url), english.get(url)
        assert nl.status_code == en.status_code == 200, url
        for text in _untranslated(_labels(nl), _labels(en), allowed):
            found.append(f"{url}: {text[:70]}")
    infographic = english.get(reverse("publication:infographic")).content.decode()
    assert "Develop a vision on using peer expertise." in infographic, "precondition: the tips exist in English"
    if "Develop a vision on using peer expertise." not in english.get(pages[0]).content.decode():
        found.append(f"{pages[0]}: the ten tips, in English on the infographic, are Dutch here")
    assert not found, f"{len(found)} headings and items of the handbook that are Dutch in English:\n" + "\n".join(found)


# -- 5. English dates are American --------------------------------------------------------

MONTH_FIRST = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}")


def test_english_pages_and_documents_write_dates_month_first(demo):
    """In English the site writes most dates as '24 November 2026' (the theme page, the
    report, the plan page), but the story list says '03/14/2025', an expert's history
    '03/14/2025 · …', the pool overview, the assignment list and an assignment's page
    'March 15, 2027 – June 18, 2027' or 'Dec. 8, 2026', and the plan of approach as PDF and Word
    'Nov. 1, 2026 to Jan. 15, 2028' (while the same PDF says 'starts 1 November 2026' a few
    lines on). These are Django's American formats for 'en'. Readers in the Netherlands, and
    most English readers outside the US, read 03/04/2025 as 3 April: the date of a story or an
    assignment is misread.
    SHOULD: English dates day first, one style across pages and documents (e.g. '14 March
    2025'; a formats module for 'en', or en-GB)."""
    from meervoud.pool.models import Assignment, Proposal
    from meervoud.stories.models import Story

    Story.objects.update(told_on=datetime.date(2025, 3, 14))
    assignment = Assignment.objects.order_by("pk").first()
    Assignment.objects.filter(pk=assignment.pk).update(start=datetime.date(2027, 3, 15),
                                                       end=datetime.date(2027, 6, 18))
    from meervoud.pool.models import ExpertProfile

    expert = ExpertProfile.objects.get(user__username="verteller")
    proposal = Proposal.objects.create(assignment=assignment, expert=expert)
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 3, 14, 12, 0)))
    plan = demo["plan"]
    client = _login("coordinator", "en")
    found = []
    for url in (reverse("stories:list"), reverse("pool:overview"), reverse("pool:assignments"),
                reverse("pool:assignment", args=[assignment.pk]),
                reverse("pool:expert_edit", args=[expert.pk]),
                reverse("plans:pdf", args=[plan.pk]), reverse("plans:docx", args=[plan.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        kind = response["Content-Type"]
        text = (_pdf_text(response.content) if "pdf" in kind else
                _docx_text(response.content) if "word" in kind else
                _clean(_doc(response).xpath("//main")[0]))
        american = MONTH_FIRST.findall(text) + re.findall(r"\b0?3/14/2025\b", text)
        if american:
            found.append(f"{url}: {sorted(set(american))}")
    assert not found, "month-first (American) dates in English:\n" + "\n".join(found)


# -- 6. Documents say the wrong language ---------------------------------------------------

def test_documents_tell_software_the_wrong_language(demo):
    """Screen readers and word processors take a document's language from the file. The
    English infographic as SVG says lang="nl" (hard-coded), so a screen reader reads the
    English text with Dutch pronunciation. The plan of approach as Word file says it is Dutch
    (nl-NL) when it is English, and its text is marked American English (en-US, python-docx's
    default) when it is Dutch: Word underlines every Dutch word of a Dutch plan as a spelling
    mistake and proofs the English plan as Dutch. (The report's Word file does this right.)
    SHOULD: every document says the language it is written in: SVG lang, the Word file's
    language and the language of its text, in Dutch and in English."""
    plan = demo["plan"]
    wrong = []
    for language in ("nl", "en"):
        client = _login("coordinator", language)
        svg = client.get(reverse("publication:infographic_svg")).content.decode()
        said = re.search(r"<svg[^>]*\blang=\"([^\"]*)\"", svg)
        if not said or not said.group(1).startswith(language):
            wrong.append(f"{language}: infographic.svg lang={said.group(1) if said else None!r}")
        for name, url in (("plan of approach", reverse("plans:docx", args=[plan.pk])),
                          ("report", reverse("publication:report_docx", args=["Groningen"]))):
            properties, text = _docx_language(client.get(url).content)
            if not properties.lower().startswith(language):
                wrong.append(f"{language}: {name} .docx says it is {properties!r}")
            if not text.lower().startswith(language):
                wrong.append(f"{language}: text of the {name} .docx is proofed as {text!r}")
        for name, url in (("infographic", reverse("publication:infographic_pdf")),
                          ("report", reverse("publication:report_pdf", args=["Groningen"])),
                          ("plan of approach", reverse("plans:pdf", args=[plan.pk]))):
            from pypdf import PdfReader

            lang = str(PdfReader(io.BytesIO(client.get(url).content)).trailer["/Root"].get("/Lang", ""))
            if not lang.startswith(language):
                wrong.append(f"{language}: {name} .pdf /Lang={lang!r}")
    assert not wrong, "documents that name the wrong language:\n" + "\n".join(wrong)


# -- 7. The meervoud command answers in English --------------------------------------------

ENGLISH_CLI = ("usage:", "options:", "positional arguments", "show this help message",
               "Verbosity level", "error:", "unrecognized arguments", "the following arguments",
               "Type 'meervoud help", "Available subcommands", "Make a new API key",
               "How long the key is valid", "Revoke the account", "Only revoke all keys")


def _run(capsys, argv) -> str:
    from meervoud.cli import main as meervoud

    try:
        meervoud(argv)
    except SystemExit:
        pass
    out = capsys.readouterr()
    return out.out + out.err


def test_meervouds_own_commands_answer_a_dutch_operator_in_english(capsys):
    """An earlier review put `meervoud deidentify` and `meervoud evaluate` into Dutch
    ('gebruik:', 'opties:', 'deze argumenten ontbreken'; tests/core/test_cli_dutch.py). The operator's other commands, Meervoud's own
    (backup, restore, retention, import, report, infographic, match, bundle, api_token, …),
    still mix: a Dutch description under 'usage:' and 'options:', '-h, --help  show this help
    message and exit', Django's 'Verbosity level; 0=minimal output …', and errors as
    'meervoud backup: error: the following arguments are required: -o/--output'.
    `meervoud api_token --help` is English from start to end ('Make a new API key for
    USERNAME …', 'How long the key is valid'), and `meervoud --help` ends in Django's 'Type
    'meervoud help <subcommand>' … Available subcommands:'.
    SHOULD: every Meervoud command speaks Dutch in its help and its errors, as deidentify and
    evaluate do (argparse_nl for Meervoud's management commands too; Django's own generic
    options described in Dutch or left out of the help)."""
    from django.core.management import get_commands

    own = sorted(name for name, app in get_commands().items() if app.startswith("meervoud"))
    assert {"backup", "report", "api_token", "import"} <= set(own), own
    found = []
    for argv in [["--help"]] + [[name, option] for name in own for option in ("--help", "--bestaat-niet")]:
        said = _run(capsys, argv)
        english = [phrase for phrase in ENGLISH_CLI if phrase in said]
        if english:
            found.append(f"meervoud {' '.join(argv)}: {english}")
    assert not found, (f"{len(found)} answers of the Dutch command line with English in them:\n"
                       + "\n".join(found))


# -- 8. One is counted as many -------------------------------------------------------------

ONE_AS_MANY = re.compile(r"\b1 (?:verhalen|punten|stories|points|items)\b")


def test_one_story_or_one_point_is_counted_as_many(demo, publish, tmp_path):
    """A coordinator imports a file with one story and reads '1 verhalen geïmporteerd.'
    (English: '1 stories imported.'); the log then says '1 verhalen (csv)'. A researcher sends back a coding with one change: 'Je wijzigingen staan
    klaar als voorstel (1 punten).' ('(1 points)'). A team's own checklist with one point shows
    in the plan's Word file as '0 van 1 punten gedaan' ('0 of 1 items done'). Other counts on
    the site use the singular for one (ngettext / blocktranslate count).
    SHOULD: one story, one point, one item: the singular, in Dutch and in English."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meervoud.accounts.models import User
    from meervoud.exchange import services as exchange
    from meervoud.plans import services as plans
    from meervoud.stories.models import Purpose
    from tests.exchange.conftest import Qdpx
    from tests.stories.test_import import ROW_A, ROW_B, csv_bytes

    found = []
    for language, row in (("nl", ROW_A), ("en", ROW_B)):
        client = _login("coordinator", language)
        upload = SimpleUploadedFile("verhalen.csv", csv_bytes(row), "text/csv")
        done = client.post(reverse("stories:import"), {"file": upload}, follow=True)
        messages = [str(m) for m in done.context["messages"]]
        assert any(m.startswith("1 ") for m in messages), f"precondition: one story imported {messages}"
        found += [f"{language} import message: {m!r}" for m in messages if ONE_AS_MANY.search(m)]
    log = _login("beheerder").get(reverse("audit:log")).content.decode()
    found += [f"nl audit log: {m!r}" for m in sorted(set(re.findall(r"1 verhalen[^<]*", log)))]

    coordinator = User.objects.get(username="coordinator")
    for language in ("nl", "en"):
        publish.theme(f"werk-{language}", label=f"werk {language}")
        publish.statement(f"werk-{language}", f"N-{language}", purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
        qdpx = Qdpx(exchange.export_qdpx())
        qdpx.code(f"werk {language}").set("name", f"Werk en inkomen {language}")
        client = _login("coordinator", language)
        sent = client.post(reverse("exchange:import"),
                           {"file": SimpleUploadedFile("project.qdpx", qdpx.data())}, follow=True)
        messages = [str(m) for m in sent.context["messages"]]
        found += [f"{language} coding proposal: {m!r}" for m in messages if ONE_AS_MANY.search(m)]

    plan = demo["plan"]
    own, _created = plans.create_own_checklist(plan, title="Wat we zelf willen doen", user=coordinator)
    plans.add_item(own, text="Een folder maken", user=coordinator)
    for language in ("nl", "en"):
        text = _docx_text(_login("coordinator", language).get(reverse("plans:docx", args=[plan.pk])).content)
        found += [f"{language} plan .docx: {m!r}" for m in
                  sorted(set(re.findall(r"[^\n]*\b1 (?:punten|items) [^\n]*", text)))]
    assert not found, "one counted as many:\n" + "\n".join(found)


# -- 9. The Dutch administrator meets English in the admin ----------------------------------

ENGLISH_WORDS = {"created", "updated", "at", "by", "sense", "key", "proposals", "proposal",
                 "events", "event", "story", "narrator", "original", "content", "source", "doing",
                 "now", "helped", "peers", "order", "user", "parent", "keywords", "evidence",
                 "curated", "active", "narrators", "first", "last", "requested", "reason",
                 "started", "finished", "step", "done", "stories", "statements", "themes",
                 "summary", "error", "assignment", "reasons", "explanation", "sent", "responded",
                 "section", "uploaded", "decided", "region", "province", "purpose", "changed",
                 "posted", "validated", "unfillable", "suggestions", "outlier", "share", "beat",
                 "the", "and", "may", "gone", "never", "identifiers", "sign", "life", "running",
                 "engine's", "stable", "published", "text", "version", "time"}


def test_a_dutch_administrator_meets_english_labels_in_the_admin(demo):
    """The administrator works in Dutch in /beheer/ (Django's admin, which Django itself
    translates). Meervoud's own models show English there: model names 'Curation events',
    'Proposals', 'Consent events' ('Selecteer consent event om te bekijken'), and field labels
    Django made from the code's field names: 'Created at', 'Sense of control', 'Helped
    peers', 'Doing now', 'Narrator code', 'Status changed by', 'Uploaded by', 'Last run',
    'Validated by', … with help texts such as 'Story id at the time; the story may be gone.'
    SHOULD: every model, field and help text of Meervoud's own has a Dutch name (verbose_name,
    help_text through gettext), so the admin is Dutch (and English in English)."""
    from django.contrib import admin

    client = _login("beheerder")
    found = []
    for model in sorted(admin.site._registry, key=lambda m: m.__name__):
        if not model.__module__.startswith("meervoud"):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:%s_%s_changelist" % info)]
        first = model.objects.first()
        if first is not None:
            urls.append(reverse("admin:%s_%s_change" % info, args=[first.pk]))
        texts = set()
        for url in urls:
            doc = _doc(client.get(url))
            texts |= {_clean(e) for e in doc.xpath("//label|//th[@scope='col']|//div[@class='help']|"
                                                   "//h1|//div[@id='changelist-filter']//h3")}
        for text in sorted(texts):
            if text != "Model name" and set(re.findall(r"[a-z']+", text.lower())) & ENGLISH_WORDS:
                found.append(f"{model.__name__}: {text[:70]}")
    assert not found, f"{len(found)} English labels in the Dutch admin:\n" + "\n".join(found)


# -- 10. The log names roles by their code ------------------------------------------------

def test_the_log_shows_the_role_code_instead_of_the_role(demo):
    """The administrator reads the log (Logboek) in English. The column 'Role' says
    'coordinator', 'onderzoeker', 'beleid', the codes in the database, mostly Dutch words; the
    filter above the same table offers 'Administrator', 'Coordinator', 'Municipal policy
    officer'. In Dutch the column says 'beleid' where the filter says 'Beleidsmedewerker
    gemeente'.
    SHOULD: the column shows the role's name in the reader's language, as the filter does."""
    from meervoud.accounts.models import Role

    # things the log keeps: a coordinator and a researcher read the stories, a policy officer
    # downloads her own data
    _login("coordinator").get(reverse("stories:list"))
    _login("onderzoeker").get(reverse("stories:list"))
    assert _login("beleid").get(reverse("accounts:my_data")).status_code == 200
    wrong = []
    for language in ("nl", "en"):
        doc = _doc(_login("beheerder", language).get(reverse("audit:log")))
        header = [_clean(th) for th in doc.xpath("//main//table//thead//th")]
        column = header.index("Rol" if language == "nl" else "Role")
        shown = {_clean(row[column]) for row in doc.xpath("//main//table//tbody/tr") if len(row) > column}
        assert shown, f"precondition: the log has entries ({language})"
        codes = {role.value for role in Role} & shown
        if codes:
            wrong.append(f"{language}: {sorted(codes)}")
    assert not wrong, "role codes in the log's Role column: " + "; ".join(wrong)


# -- 11. English that is Dutch word order --------------------------------------------------

def test_english_report_says_in_municipality_groningen(demo):
    """A policy officer downloads the report for Groningen in English to share with a
    partner abroad. Its title reads 'What peer experts know about the social domain in
    municipality Groningen', and so on through the report: 'in municipality Groningen',
    'Narrator from municipality Groningen', 'Living in region Overig Groningen'. That is the
    Dutch 'in gemeente Groningen' word for word. The theme page ('A narrator in the
    municipality of Groningen') and the workshop kit ('municipality of Groningen') already say
    it in English.
    SHOULD: 'the municipality of Groningen' (and 'the region of …', 'the province of …')
    everywhere in English, as on the theme page."""
    client = _login("beleid", "en")
    found = []
    for url in (reverse("publication:report", args=["Groningen"]),
                reverse("publication:report_pdf", args=["Groningen"])):
        response = client.get(url)
        assert response.status_code == 200, url
        text = (_pdf_text(response.content) if "pdf" in response["Content-Type"]
                else _clean(_doc(response).xpath("//main")[0]))
        text = re.sub(r"\s+", " ", text)
        found += [f"{url}: …{m}…" for m in
                  sorted(set(re.findall(r"\w+ (?:municipality|region|province) (?!of\b)[A-Z][\w-]+", text)))]
    assert not found, "Dutch word order in English:\n" + "\n".join(found)
