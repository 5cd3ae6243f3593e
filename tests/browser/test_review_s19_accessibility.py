"""Accessibility review, session 19: the whole product against WCAG 2.1 AA, which Dutch public
bodies must meet by law (Besluit digitale toegankelijkheid overheid).

The people: narrators with low literacy, poor eyesight or tremors, some with a screen reader or
a phone; municipal officers and coordinators who work with the keyboard and zoom in. Every HTML
page of the permission table (tests/permissions/test_matrix.py) is visited once, with the first
role that may see it, and the forms are sent empty or wrong. axe-core finds little on these
pages; the problems below are the ones a person meets that axe does not see (or sees only in a
state the earlier axe checks never reached). Each test failed on the code as it was reviewed.
"""

import re
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.browser.actions import fill_step_1, login
from tests.permissions.conftest import ROLES, url_kwargs
from tests.permissions.test_matrix import TABLE, url_patterns

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages that are files (a download), not HTML.
DOWNLOADS = {"core:health", "set_language", "stories:my_data", "stories:my_data_signed_in",
             "accounts:my_data", "publication:infographic_svg", "publication:infographic_pdf",
             "publication:report_pdf", "publication:report_docx", "publication:workshop_pdf",
             "plans:docx", "plans:pdf", "plans:programme_pdf", "exchange:export", "teaching:file"}
# Who visits a page: the first of these that may see it (one login per role, one visit per page).
VISITOR_ORDER = ("beheerder", "coordinator", "beleid", "verteller", "onderzoeker", "anoniem")


# -- helpers ----------------------------------------------------------------------------------


def pages_by_role(world) -> dict[str, list[tuple[str, str]]]:
    """Every HTML page of the permission table, each under the first role that gets a 200."""
    plan: dict[str, list[tuple[str, str]]] = {}
    for name, params in url_patterns():
        if name not in TABLE or name in DOWNLOADS:
            continue
        for role in VISITOR_ORDER:
            if TABLE[name][ROLES.index(role)] == 200:
                url = reverse(name, kwargs=url_kwargs(name, params, world))
                plan.setdefault(role, []).append((name, url))
                break
    return plan


def sign_in_as(page, live_server, role: str) -> None:
    page.context.clear_cookies()
    if role != "anoniem":
        login(page, live_server, role)


def visit_every_page(page, live_server, world, check) -> None:
    """Open every page (see pages_by_role) and call check(name) on it."""
    for role, pages in pages_by_role(world).items():
        sign_in_as(page, live_server, role)
        for name, url in pages:
            response = page.goto(live_server.url + url)
            if "text/html" in (response.headers.get("content-type") or ""):
                check(name)


def go(page, live_server, name: str, **kwargs) -> None:
    page.goto(live_server.url + reverse(name, kwargs=kwargs or None))


def strict_violations(page) -> list[str]:
    """axe-core on the WCAG 2.0/2.1 A and AA rules, impact moderate and up (actions.py's
    serious_violations leaves moderate out)."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [f"{v['id']} [{v['impact']}]: {v['help']} ({len(v['nodes'])}x)"
            for v in results.response["violations"]
            if v["impact"] in ("moderate", "serious", "critical")]


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two CSS colours as getComputedStyle gives them (rgb/rgba)."""
    a, b = (luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c)[:3])) for c in (one, other))
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def ax_nodes(page) -> list[dict]:
    """Chromium's own accessibility tree: what a screen reader is given (name, description,
    invalid state), computed by the browser rather than guessed from attributes."""
    session = page.context.new_cdp_session(page)
    try:
        return session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()


def ax_value(node: dict, key: str) -> str:
    if key in ("name", "description", "role"):
        return str((node.get(key) or {}).get("value", ""))
    for prop in node.get("properties", []):
        if prop["name"] == key:
            return str(prop["value"].get("value", ""))
    return ""


def to_step_2(page, live_server) -> None:
    go(page, live_server, "stories:intake")
    fill_step_1(page)
    page.get_by_role("button", name="Volgende: bekijk je verhaal").click()
    page.get_by_label("Analyse").wait_for()


CONSENTS = {"analysis": "Analyse", "quote": "Anoniem citeren", "share": "Delen met je gemeente",
            "research": "Onderzoek"}


# -- the narrator -----------------------------------------------------------------------------


def test_the_personal_link_is_lost_when_she_switches_language_after_half_an_hour(page, live_server, monkeypatch):
    """WCAG 2.2.1 (timing adjustable). The thanks page shows her personal link once: the only
    way back to her consent and her story. She copies it slowly (poor eyesight, a screen reader
    spelling it character by character, or she goes to find pen and paper) and after more than
    half an hour presses 'English' to read the page in the language she reads best. NOW: the
    language button only carries the link for 30 minutes; after that she lands on an empty
    intake form in English and the link is gone for good, without any warning that there was a
    time limit. SHOULD: the link comes along however long she took (a limit, if any, of at
    least 20 hours, or a warning with a way to extend before it runs out)."""
    from django.core import signing

    to_step_2(page, live_server)
    page.get_by_label("Analyse").check()
    page.get_by_role("button", name="Versturen").click()
    link = page.locator("#personal-link").inner_text()

    # 31 minutes later, by the clock that checks the age of what the language button carries
    clock = signing.time.time
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: clock() + 31 * 60))
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    shown = page.locator("#personal-link")
    assert shown.count() == 1 and shown.inner_text() == link, (
        f"after 31 minutes on the thanks page 'English' leads to {page.url}: her personal link is gone")


def test_the_consent_choices_do_not_tell_a_screen_reader_what_she_agrees_to(page, live_server):
    """WCAG 1.3.1 (info and relationships) and the AVG's informed consent. Step 2 of the
    intake has four check boxes; what each one means (who may use her story, for what) is a
    paragraph next to it that is not tied to the box. NOW: a screen reader user who tabs
    through the form (as screen readers do in a form) hears 'Analyse, check box, not checked',
    'Anoniem citeren, check box' ... and never the text she is consenting to. SHOULD: each box
    carries its consent text as its description (aria-describedby to the paragraph), so she
    hears what she agrees to when she is on the box."""
    from meervoud.stories.selectors import current_consent_texts

    texts = current_consent_texts()
    to_step_2(page, live_server)
    heard = {ax_value(n, "name"): ax_value(n, "name") + " " + ax_value(n, "description")
             for n in ax_nodes(page) if ax_value(n, "role") == "checkbox"}
    missing = []
    for purpose, label in CONSENTS.items():
        start = " ".join(texts[purpose].text.split())[:60]
        if start not in " ".join(heard.get(label, "").split()):
            missing.append(f"{label!r}: hears {heard.get(label)!r}")
    assert missing == [], "the consent text is not part of the check box: " + "; ".join(missing)


def test_the_no_purpose_error_in_step_2_is_not_tied_to_the_consent_choices(page, live_server):
    """WCAG 3.3.1 (error identification) and 1.3.1. She sends step 2 without ticking a purpose.
    NOW: the message 'Kies minstens één doel ...' appears above the form, but the four check
    boxes are not marked invalid and the message is not their description: tabbing to the boxes
    to fix it, a screen reader says nothing about a problem there (every other form's fields do:
    Django marks them aria-invalid and points aria-describedby at the error). SHOULD: the
    consent group (or each box) is marked invalid and described by the message."""
    to_step_2(page, live_server)
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("alert").first.wait_for()
    nodes = ax_nodes(page)
    message = "Kies minstens één doel"
    group = [n for n in nodes if ax_value(n, "role") == "group"
             and ax_value(n, "name").startswith("Waarvoor mogen we je verhaal gebruiken")]
    group_says = any(message in ax_value(n, "description") for n in group)
    boxes = [n for n in nodes if ax_value(n, "role") == "checkbox" and ax_value(n, "name") in CONSENTS.values()]
    not_told = [ax_value(n, "name") for n in boxes
                if not (group_says or message in ax_value(n, "description"))
                or ax_value(n, "invalid") in ("", "false")]
    assert len(boxes) == 4, "precondition: the four consent boxes are on the page"
    assert not_told == [], f"no error state or error text on the consent boxes: {not_told}"


def test_an_expired_intake_form_throws_away_her_story(page, live_server):
    """WCAG 2.2.1 (timing) and 3.3.4 (error prevention). She writes her story in one tab and, in
    another, logs in to look at 'Mijn verhalen' (or the page simply stayed open long: the error
    page itself names that cause). Logging in renews the form token, so 'Volgende' in the first
    tab is refused. NOW: she gets 'Het formulier was verlopen ... Er is niets opgeslagen. Ga
    terug, laad de pagina opnieuw en probeer het nog een keer': the page does not hold her story,
    and doing what it says (reloading) empties the form; a long story written slowly is gone,
    without a warning beforehand. SHOULD: nothing was stored yet, so the intake comes back with
    what she typed (and a fresh token), with one plain sentence that she must press the button
    again; at the least the error page keeps her text and does not tell her to reload."""
    from meervoud.demo.services import create_demo_accounts

    create_demo_accounts()
    go(page, live_server, "stories:intake")
    fill_step_1(page)
    other = page.context.new_page()
    login(other, live_server, "verteller")
    other.close()
    page.get_by_role("button", name="Volgende: bekijk je verhaal").click()
    page.wait_for_load_state()
    kept = page.evaluate("() => [...document.querySelectorAll('textarea, input')].map(f => f.value).join(' ')")
    assert "Het wijkteam hielp pas" in kept, f"she gets '{page.title()}' and her story is not on it"


def test_withdraw_buttons_on_her_page_do_not_say_which_consent_and_repeated_controls_share_one_name(
        page, live_server, world):
    """WCAG 2.4.6 (labels describe purpose) and 1.3.1. On her personal page every purpose has a
    button 'Intrekken' or 'Toestemming geven'; the purpose is an ordinary cell, not a row
    header, so neither the button nor the table says which consent a button is for. NOW: a
    screen reader's list of buttons reads 'Intrekken, Intrekken, Intrekken': she can withdraw
    the wrong consent. The same for a coordinator choosing statements on a theme (every box is
    'Kies deze uitspraak') and on the officers' plan pages: 48 text boxes 'Aantekening' and 48
    buttons 'Opslaan' on the roadmap (37 on the checklists), 'Voortgang van actie 1' three
    times on the plan, three 'Rol aanpassen' on the team page. SHOULD: a control's name says what it is for ('Toestemming
    voor analyse intrekken', 'Aantekening bij stap 3', 'Rol van beleid aanpassen'), or it is in a
    group (fieldset/legend) that does."""
    name_js = """() => {
      const name = e => (e.getAttribute('aria-label')
                         || (e.labels && e.labels.length ? e.labels[0].textContent : '')
                         || (e.tagName === 'BUTTON' ? e.textContent : '')).replace(/\\s+/g, ' ').trim();
      const seen = {};
      for (const e of document.querySelectorAll('main button, main textarea, main select, main input:not([type=hidden]):not([type=radio])')) {
        if (e.hidden || e.closest('[hidden]')) continue;
        const group = e.closest('fieldset') ? e.closest('fieldset').querySelector('legend')?.textContent.trim() : '';
        const key = name(e) + (group ? ' (' + group + ')' : '');
        seen[key] = (seen[key] || 0) + 1;
      }
      return Object.entries(seen).filter(([k, n]) => n > 1).sort((a, b) => b[1] - a[1]).map(([k, n]) => n + '× ' + k);
    }"""
    repeated = {}

    def check(name):
        found = page.evaluate(name_js)
        if found:
            repeated[name] = found[:3]

    visit_every_page(page, live_server, world, check)
    assert repeated == {}, f"controls that share one name on a page: {repeated}"


# -- forms with mistakes ----------------------------------------------------------------------


def test_a_form_sent_with_mistakes_is_not_announced_and_has_no_summary(page, live_server, world):
    """WCAG 3.3.1 (error identification) and 4.1.3 (status messages). On most forms a mistake
    is only shown next to its field, further down the page. NOW: after 'Profiel opslaan',
    'Insturen ter beoordeling', 'Plan aanmaken', 'Opdracht plaatsen', 'Opslaan' (a coordinator
    editing an expert), 'Toevoegen aan het projectteam' (now 'Uitnodigen voor het projectteam'), 'Voorstel insturen' or 'Nee, liever
    niet' with a mistake, the page reloads with focus at the top and nothing is announced: a
    screen reader user hears the page title and does not know the form was refused, let alone
    where; someone zoomed in at 400 % sees the top of an unchanged page. The intake, the
    questionnaire and the password page already do it right (role=alert summary naming each
    question). SHOULD: every form uses the shared error summary (includes/error_summary.html):
    announced, at the top, naming every field with a problem."""
    world["proposal"].status = "sent"  # the peer expert has a proposal to answer
    world["proposal"].save()
    summary_js = """() => {
      const said = [...document.querySelectorAll('[role=alert], [aria-live=assertive]')].map(e => e.innerText).join(' ')
                   + ' ' + (document.activeElement && document.activeElement !== document.body ? document.activeElement.innerText || '' : '');
      const problems = new Map();  // the question's name -> its own error text
      for (const e of document.querySelectorAll('[aria-invalid=true]')) {
        const group = e.closest('fieldset');
        const label = group && e.type === 'checkbox' ? group.querySelector('legend') : (e.labels && e.labels[0]);
        const described = (group && e.type === 'checkbox' ? group : e).getAttribute('aria-describedby') || '';
        const errors = described.split(' ').map(id => document.getElementById(id)).filter(x => x && !x.id.endsWith('helptext'))
                                .map(x => x.innerText.trim()).filter(Boolean);
        if (label) problems.set(label.textContent.replace(/\\(niet verplicht\\)/, '').trim(), errors);
      }
      // announced: the summary names the question (or says its own error)
      return [...problems].filter(([name, errors]) => !said.includes(name) && !errors.some(t => said.includes(t))).map(([name]) => name);
    }"""
    forms = {
        "verteller": [("pool:profile", {}, "Naam in de pool", "Profiel opslaan"),
                      ("pool:profile", {}, None, "Nee, liever niet"),
                      ("teaching:share", {}, None, "Insturen ter beoordeling"),
                      ("practices:propose", {}, None, "Voorstel insturen"),
                      ("plans:create", {}, None, "Plan aanmaken")],
        "beleid": [("pool:assignment_new", {}, None, "Opdracht plaatsen")],
        "coordinator": [("pool:expert_edit", {"pk": world["expert"].pk}, "Naam in de pool", "Opslaan"),
                        ("plans:members", {"pk": world["plan"].pk}, None, "Uitnodigen voor het projectteam")],
    }
    silent = {}
    for role, steps in forms.items():
        sign_in_as(page, live_server, role)
        for name, kwargs, clear, button in steps:
            go(page, live_server, name, **kwargs)
            if clear:
                page.get_by_label(clear).fill("")
            page.get_by_role("button", name=button).first.click()
            page.wait_for_load_state()
            assert page.locator("[aria-invalid=true]").count(), f"precondition: {name} ({button}) was refused"
            unsaid = page.evaluate(summary_js)
            if unsaid:
                silent[f"{name} ({button})"] = unsaid
    assert silent == {}, f"refused, but these problems are not announced or summarised: {silent}"


# -- keyboard, zoom and phones ----------------------------------------------------------------


def test_the_keyboard_focus_outline_is_too_faint_on_a_white_page(page, live_server, world):
    """WCAG 2.4.7 (focus visible) with 1.4.11 (non-text contrast, 3:1 for the focus
    indicator). NOW: every link, button and field in the page content gets a light yellow
    outline (#ffbf47) on a white or light grey page: 1.6:1, which someone with low vision who
    works with the keyboard (and a municipal officer zoomed in) cannot find. It only works in the
    dark blue header. SHOULD: a focus indicator with at least 3:1 against what is around it,
    e.g. a dark outline with the yellow as an inner band (as GOV.UK and NL Design System do)."""
    pages = {"anoniem": ["stories:intake", "publication:themes", "practices:catalogue", "accounts:login"],
             "verteller": ["pool:profile"]}
    faint = set()
    for role, names in pages.items():
        sign_in_as(page, live_server, role)
        for name in names:
            go(page, live_server, name)
            for _ in range(25):
                page.keyboard.press("Tab")
                focus = page.evaluate("""() => {
                  const e = document.activeElement;
                  if (!e || !e.closest('main') || e === document.querySelector('main')) return null;
                  const s = getComputedStyle(e);
                  let p = e.parentElement, bg = 'rgb(255, 255, 255)';
                  while (p) { const c = getComputedStyle(p).backgroundColor;
                    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; } p = p.parentElement; }
                  return {what: e.tagName.toLowerCase() + (e.type ? '[' + e.type + ']' : ''), style: s.outlineStyle,
                          width: parseFloat(s.outlineWidth), colour: s.outlineColor, shadow: s.boxShadow, bg: bg};
                }""")
                if not focus:
                    continue
                if focus["style"] == "auto":  # the browser's own two-tone ring
                    continue
                if (focus["style"] == "none" or focus["width"] == 0) and focus["shadow"] == "none":
                    faint.add(f"{name}: {focus['what']} has no focus indicator")
                    continue
                colours = [focus["colour"]] + re.findall(r"rgba?\([^)]*\)", focus["shadow"])
                ratio = max(contrast(colour, focus["bg"]) for colour in colours)
                if ratio < 3:
                    faint.add(f"{name}: {focus['what']} outline {focus['colour']} on {focus['bg']} = {ratio:.1f}:1")
    assert faint == set(), "focus indicator below 3:1:\n" + "\n".join(sorted(faint))


def test_pages_scroll_sideways_on_a_320_px_screen(page, live_server, world):
    """WCAG 1.4.10 (reflow): at 320 CSS px (a phone, or a 1280 px screen zoomed to 400 %) a page
    must not need horizontal scrolling. Session 18 fixed the narrator's own pages. NOW: 35 other
    pages are wider than the screen, public ones too. Three causes: headings with long Dutch
    compound words that never break ('Kennisbank: wat ervaringsdeskundigen ...',
    'Tweestapsverificatie', 'Ervaringsdeskundigheid'); two-column definition lists and grids
    that do not stack (a theme's evidence in the Kennisbank, a practice, a knowledge question,
    the infographic, the practices catalogue); and tables that make the whole page scroll. A
    policy officer zoomed in must scroll sideways for every line. SHOULD: headings and text
    wrap (overflow-wrap: break-word; hyphens: auto with lang="nl"), lists and grids stack on a
    narrow screen, and a wide data table scrolls inside its own region (overflow-x: auto,
    focusable and labelled), not the page."""
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}

    def check(name):
        wide = page.evaluate("""() => {
          const w = window.innerWidth;
          if (document.documentElement.scrollWidth <= w + 1) return null;
          const label = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                             + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '');
          // boxes wider than the screen (outermost), and text that does not fit its box (a long word)
          const boxes = [...document.querySelectorAll('body *')].filter(e =>
              e.getBoundingClientRect().right > w + 1 && !(e.parentElement.getBoundingClientRect().right > w + 1));
          const spill = [...document.querySelectorAll('main *')].filter(e =>
              e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible'
              && ![...e.children].some(c => c.scrollWidth > c.clientWidth + 1 && c.clientWidth > 0));
          return [document.documentElement.scrollWidth,
                  boxes.slice(0, 2).map(label).concat(spill.slice(0, 1).map(e => label(e) + ' "' + e.innerText.slice(0, 30) + '"'))];
        }""")
        if wide:
            too_wide[name] = f"{wide[0]} px: {', '.join(wide[1])}"

    visit_every_page(page, live_server, world, check)
    assert too_wide == {}, f"{len(too_wide)} pages wider than a 320 px screen: {too_wide}"


def test_the_analysis_progress_page_reloads_itself_every_three_seconds(page, live_server, make_user):
    """WCAG 2.2.1 (timing adjustable) and 2.2.2 (pause, stop, hide); axe-core calls it
    critical. While an analysis runs, its page has <meta http-equiv="refresh" content="3">.
    NOW: every three seconds the whole page reloads: a screen reader starts reading from the
    top again, keyboard focus jumps back to the start, a zoomed-in coordinator loses her place,
    and she cannot stop it. SHOULD: the page does not reload by itself; the progress is a
    status region (role=status) that is updated in place, or she refreshes it with a button."""
    from meervoud.demo.services import create_demo_accounts
    from meervoud.knowledge.models import AnalysisRun

    create_demo_accounts()
    run = AnalysisRun.objects.create(status=AnalysisRun.Status.QUEUED)
    login(page, live_server, "coordinator")
    go(page, live_server, "knowledge:run", pk=run.pk)
    assert strict_violations(page) == []


# -- language, titles, landmarks --------------------------------------------------------------


def test_dutch_content_on_english_pages_is_not_marked_as_dutch(page, live_server, world):
    """WCAG 3.1.2 (language of parts). After 'English' the page says lang="en", but what people
    wrote stays as they wrote it: the narrators' quotes in the Kennisbank, a good practice's
    description, the statements a coordinator curates. That is right (it must not be
    translated), but NOW none of it is marked lang="nl": a screen reader reads these Dutch
    sentences with English pronunciation, which nobody understands. SHOULD: stored content is
    inside an element with its own language (a quote with the language of its story, other
    content lang="nl"). (The handbook's and teaching module's texts that Meervoud ships are
    left to tests/core/test_review_s19_english.py, which asks for them to be translated.)"""
    pages = {"anoniem": [("publication:theme", {"key": world["theme"].key}),
                         ("practices:detail", {"slug": world["practice"].slug})],
             "coordinator": [("knowledge:theme", {"key": world["theme"].key})]}
    texts_js = """() => [...document.querySelectorAll('main h1, main h2, main h3, main p, main li, main dt, main dd, main td, main th, main blockquote, main figcaption')]
        .filter(e => !e.querySelector('p, li, dd, td, blockquote, h2, h3'))
        .map(e => [e.innerText.replace(/\\s+/g, ' ').trim(), (e.closest('[lang]') || document.documentElement).lang])"""
    unmarked = {}
    for role, names in pages.items():
        sign_in_as(page, live_server, role)
        for name, kwargs in names:
            go(page, live_server, name, **kwargs)
            dutch = {text for text, _lang in page.evaluate(texts_js)}
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
            go(page, live_server, name, **kwargs)
            assert page.locator("html").get_attribute("lang") == "en", "precondition: the page is English"
            same = [text for text, lang in page.evaluate(texts_js)
                    if text in dutch and lang != "nl" and len(text) >= 20 and " " in text]
            if same:
                unmarked[name] = [t[:50] for t in same[:3]] + ([f"... {len(same)} in all"] if len(same) > 3 else [])
            page.context.clear_cookies(name="django_language")
    assert unmarked == {}, f"Dutch content on English pages without lang=\"nl\": {unmarked}"


def test_page_titles_are_shared_by_different_pages_or_say_nothing(page, live_server, world):
    """WCAG 2.4.2 (page titled). The title is what a screen reader says first and what a tab
    or the history shows. NOW: the Kennisbank's public theme page and the coordinator's
    curation page of the same theme are both 'wachtlijsten · Meervoud' (she cannot tell in her
    tabs which one will publish); 'Mijn verhalen' (all her stories) and the page behind her
    personal link are both 'Mijn verhaal'; every knowledge question is titled 'Kennisvraag';
    the home page is 'Meervoud · Meervoud'. SHOULD: every page's title says what is on it and
    differs from other pages (e.g. 'Thema wachtlijsten (beoordelen)', 'Kennisvraag van
    Groningen: ...', 'Home')."""
    from meervoud.needs.models import InformationNeed

    titles: dict[str, set[str]] = {}

    def check(name):
        if name != "needs:detail":  # below, two of them
            titles.setdefault(page.title(), set()).add(name)

    visit_every_page(page, live_server, world, check)
    sign_in_as(page, live_server, "coordinator")
    for need in InformationNeed.objects.order_by("pk")[:2]:
        go(page, live_server, "needs:detail", pk=need.pk)
        titles.setdefault(page.title(), set()).add(f"needs:detail {need.pk}")
    shared = {title: sorted(names) for title, names in titles.items() if len(names) > 1}
    parts = {title: [part.strip() for part in title.split(" · ")] for title in titles}
    empty = {title: sorted(names) for title, names in titles.items()  # empty, or the site's name twice
             if not parts[title][0] or (len(parts[title]) > 1 and parts[title][0] == parts[title][-1])}
    assert shared == {} and empty == {}, f"one title for different pages: {shared}; titles that say nothing: {empty}"
