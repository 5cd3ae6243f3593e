"""A researcher's weeks in Meervoud (session 18 journey review).

Ruben is an onderzoeker at the university of applied sciences that runs the learning network
(role "onderzoeker"). He reads the stories whose narrators said yes to research, reads the
themes and their evidence, codes statements by hand with a colleague to measure how well people
agree with each other and with the computer (Cohen's kappa, Krippendorff's alpha), exports the
research-consented stories to ATLAS.ti (REFI-QDA) and sends his coding back weeks later as a
proposal, cites the Kennisbank in a report for a municipality, and runs `meervoud evaluate` on a
labelled spreadsheet of his own. Each test is one place where the app lets him (or the
narrators whose stories he works with) down, told in its docstring; each asserts what should
have happened.
"""

import csv
import json
import re
from datetime import datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meervoud.accounts.models import Role
from meervoud.exchange import services as exchange
from meervoud.knowledge import curation
from meervoud.knowledge.models import AnalysisRun, ManualCoding, Statement, Theme
from meervoud.knowledge.services import refresh_evidence
from meervoud.stories.models import Purpose
from meervoud.stories.services import withdraw_consent
from tests.exchange.conftest import coded  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

RESEARCH = (Purpose.ANALYSIS, Purpose.RESEARCH)
ANALYSIS_ONLY = (Purpose.ANALYSIS,)


# -- helpers ----------------------------------------------------------------------------------


def _text(html: str) -> str:
    """What a reader sees of a piece of page: no tags, no scripts, one space between words."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _code(coder, statement, theme) -> ManualCoding:
    return ManualCoding.objects.create(statement=statement, coder=coder, theme=theme)


@pytest.fixture
def ruben(make_user):
    return make_user(Role.RESEARCHER, "ruben")


# -- consent: what research may use -------------------------------------------------------------


def test_the_coding_page_gives_a_researcher_only_statements_he_may_use_for_research(client, ruben, publish):
    """Ruben opens 'Zelf coderen' to build a reliability sample for his article. The page shows
    him, word for word, a statement of a narrator who consented to analysis but said no to
    research ("Onderzoekers van het leernetwerk mogen je verhaal gebruiken voor onderzoek" was
    left unticked), and lets him code it; his code then counts in the agreement figures he
    publishes. /verhalen/ refuses him that story for exactly this reason
    (tests/stories/test_research_reading.py). Hurts the narrator, whose refusal is ignored, and
    the researcher, whose data set now holds material he had no consent to use. SHOULD: a
    researcher's coding queue holds only statements of stories with active research consent
    (knowledge.selectors.statements_to_code), and a code posted for another one is not saved."""
    publish.theme("wachten")
    refused = publish.statement("wachten", "N-nee", purposes=ANALYSIS_ONLY,
                                text="Ik wachtte een jaar op de ggz en niemand belde ooit terug.")
    allowed = publish.statement("wachten", "N-ja", purposes=RESEARCH,
                                text="De wachtlijst bij de schuldhulp duurde zeven maanden lang.")
    client.force_login(ruben)
    response = client.get(reverse("knowledge:coding"))
    offered = {statement.pk for statement in response.context["statements"]}
    assert allowed.pk in offered  # precondition: the research-consented one is there
    assert refused.pk not in offered, "a statement without research consent is offered to a researcher"
    assert "niemand belde ooit terug" not in response.content.decode()

    client.post(reverse("knowledge:coding"), {f"code-{refused.pk}": str(refused.theme_id)})
    assert not ManualCoding.objects.filter(coder=ruben, statement=refused).exists()


def test_agreement_leaves_out_a_story_whose_narrator_withdrew_research_consent(client, ruben, make_user,
                                                                               publish):
    """Ruben and his colleague Sanne coded the same three statements. Then one narrator withdraws
    her research consent on her personal link. The agreement page still says "Op 3 uitspraken"
    and still computes kappa and alpha with her statement: her story keeps being used for the
    research she just said no to, and the published reliability figure rests on it. Nothing in
    `withdraw_consent` (stories.services) touches manual codings. SHOULD: codings a researcher
    made on a story without research consent no longer count (and are not shown): the page says
    "Op 2 uitspraken" (knowledge.selectors.agreement, or remove them on withdrawal)."""
    sanne = make_user(Role.RESEARCHER, "sanne")
    statements = [publish.statement(key, f"N-{i}", purposes=RESEARCH)
                  for i, key in enumerate(("werk", "werk", "wonen"))]
    for coder in (ruben, sanne):
        for statement in statements:
            _code(coder, statement, statement.theme)
    client.force_login(ruben)
    assert client.get(reverse("knowledge:agreement")).context["report"]["units"] == 3  # precondition

    withdraw_consent(statements[0].story, Purpose.RESEARCH, via="link")

    report = client.get(reverse("knowledge:agreement")).context["report"]
    assert report["units"] == 2, "a story without research consent still counts in the agreement"


def test_a_returned_project_says_which_stories_left_the_research(client, ruben, coded):  # noqa: F811  (fixture)
    """Ruben exported the research-consented stories to ATLAS.ti. Two weeks later the narrator of
    story a withdraws her research consent. Ruben uploads his project: Meervoud rightly ignores
    her story, but silently (it is neither a 'changed' source nor an unmatched coding), so he is
    never told, and her story stays in his ATLAS.ti project and his analysis for good. The AVG
    makes withdrawal reach the copies; the exchange is the one moment Meervoud knows he holds
    one. SHOULD: the upload names the sources whose narrator withdrew research consent and asks
    him to remove them from his project (exchange.compare / exchange.views._skipped)."""
    data = exchange.export_qdpx()
    withdraw_consent(coded["a"].story, Purpose.RESEARCH, via="link")
    client.force_login(ruben)
    response = client.post(reverse("exchange:import"),
                           {"file": SimpleUploadedFile("project.qdpx", data, "application/zip")},
                           follow=True)
    said = " ".join(_messages(response))
    assert f"Verhaal {coded['a'].story_id}" in said, (
        "the researcher is not told that a story in his project lost its research consent: " + said)


# -- the exchange: a project sent back weeks later ---------------------------------------------


def _move_a_to_wonen(coded, make_user):  # noqa: F811  (fixture)
    curation.move_statements(Statement.objects.filter(pk=coded["a"].pk), Theme.objects.get(key="wonen"),
                             user=make_user(Role.NARRATOR, "curator"))


def _merge_werk_into_wonen(coded, make_user):  # noqa: F811  (fixture)
    curation.merge(Theme.objects.get(key="werk"), Theme.objects.get(key="wonen"),
                   user=make_user(Role.NARRATOR, "curator"))


@pytest.mark.parametrize("meanwhile", [_move_a_to_wonen, _merge_werk_into_wonen])
def test_an_untouched_project_sent_back_later_proposes_nothing(ruben, make_user, coded, meanwhile):  # noqa: F811  (fixture)
    """Ruben exports on Monday and codes for three weeks, leaving Meervoud's own codes as they
    were. Meanwhile peer experts curate: they move a statement from 'werk' to 'wonen', or merge
    'werk' into 'wonen'. When Ruben uploads his project, Meervoud compares it with what it would
    export *now*, not with what it exported to him, so his untouched codes become proposals he
    never made: "move the statement back to werk", or even "new theme: werk" plus removals
    from 'wonen'. Peer experts then review, under Ruben's name, an undo of their own decision;
    accepting it splits a merged theme back in two. SHOULD: changes are measured against the
    export the researcher started from (e.g. a snapshot or version stamped in the project), so
    an unchanged project gives no proposal (exchange.services.import_qdpx / exchange.compare)."""
    data = exchange.export_qdpx()
    meanwhile(coded, make_user)

    result = exchange.import_qdpx(data, file_name="ongewijzigd.qdpx", user=ruben)

    made = [] if result.proposal is None else [
        (item.kind, item.name or (item.theme.key if item.theme else ""))
        for item in result.proposal.items.all()]
    assert result.proposal is None, f"an untouched project became a proposal: {made}"


# -- agreement figures ----------------------------------------------------------------------------


def test_alpha_on_codes_of_one_theme_only_is_not_reported_as_perfect(client, ruben, make_user, publish):
    """The coding queue is ordered by content hash, so Ruben and Sanne's first statements can
    all come from one theme. Both (and the computer) put all four in 'werk'. The agreement page
    says kappa 1,00 for every pair and "Krippendorffs alfa over iedereen: 1,00". With one
    category there is no variation: expected disagreement is 0 and alpha = 1 - 0/0 is undefined
    (Krippendorff 2011; scikit-learn's cohen_kappa_score gives nan; the `krippendorff` package
    refuses such data). Selectors.agreement even says so ("one value only for alpha: nothing to
    compare"), but engine.agreement turns 0/0 into 1.0. A researcher who reports 'perfect
    reliability' from this is misled. SHOULD: alpha (and kappa) on a single category are 'nog
    niet te berekenen', not 1,00 (engine.agreement.krippendorff_alpha and cohen_kappa)."""
    sanne = make_user(Role.RESEARCHER, "sanne")
    statements = publish.many("werk", 4, purposes=RESEARCH)
    for coder in (ruben, sanne):
        for statement in statements:
            _code(coder, statement, statement.theme)
    client.force_login(ruben)
    response = client.get(reverse("knowledge:agreement"))
    report = response.context["report"]
    assert report["units"] == 4
    assert report["krippendorff_alpha"] is None, (
        f"alpha on one category only is reported as {report['krippendorff_alpha']}")
    assert report["cohen_kappa"]["ruben~sanne"] is None, (
        f"kappa on one category only is reported as {report['cohen_kappa']['ruben~sanne']}")
    alpha = _text(response.content.decode().split('id="alpha"', 1)[1].split("</p>", 1)[0])
    assert "1,00" not in alpha


def test_the_agreement_page_gives_alpha_between_people_without_the_computer(client, ruben, make_user,
                                                                            publish):
    """For his article Ruben needs the inter-coder reliability of the people (how well two trained
    coders agree), and, separately, how well the computer matches them. The page gives one
    "Krippendorffs alfa over iedereen", always including the computer as a coder. Here Ruben
    and Sanne agree on all six statements (kappa ruben~sanne 1,00) and both disagree with the
    computer on two: the only alpha shown is well below 1, and there is no way to get the
    people's alpha, which is the figure a methods section reports. SHOULD: the page (and
    knowledge.selectors.agreement) also gives alpha over the human coders only."""
    sanne = make_user(Role.RESEARCHER, "sanne")
    werk, wonen, zorg = (publish.many(key, 2, purposes=RESEARCH) for key in ("werk", "wonen", "zorg"))
    other = Theme.objects.get(key="zorg")
    for coder in (ruben, sanne):
        for statement in werk + zorg:
            _code(coder, statement, statement.theme)
        for statement in wonen:  # both people: this is about care, not housing
            _code(coder, statement, other)
    client.force_login(ruben)
    response = client.get(reverse("knowledge:agreement"))
    report = response.context["report"]
    assert report["cohen_kappa"]["ruben~sanne"] == pytest.approx(1.0)  # precondition
    assert report["krippendorff_alpha"] < 0.9  # precondition: the computer pulls it down
    page = response.content.decode().split('<main', 1)[1].split(">", 1)[1].split("<footer", 1)[0]
    without_kappa = _text(re.sub(r'(?s)<table id="kappa".*?</table>', " ", page))
    assert "1,00" in without_kappa, (
        "no alpha between the people, only one that includes the computer: " + without_kappa)


def test_kappa_per_pair_says_on_how_many_statements_it_rests(client, ruben, make_user, publish):
    """Ruben coded nine statements, Sanne only four, three of them the same as Ruben's. The page
    says "Op 10 uitspraken die met de hand gecodeerd zijn" and, below it, "ruben~sanne 0,40",
    so the kappa reads as resting on ten statements, while it rests on the three they both
    coded (the computer's rows likewise leave out statements a person moved). A methods section
    must report n with kappa; a kappa on three statements should not be read as one on ten.
    SHOULD: each pair shows how many statements both coded (knowledge.selectors.agreement and
    knowledge/templates/knowledge/agreement.html)."""
    sanne = make_user(Role.RESEARCHER, "sanne")
    werk, wonen = publish.many("werk", 5, purposes=RESEARCH), publish.many("wonen", 5, purposes=RESEARCH)
    werk_theme, wonen_theme = Theme.objects.get(key="werk"), Theme.objects.get(key="wonen")
    mine = werk[:4] + wonen[:5]
    for statement in mine:
        _code(ruben, statement, statement.theme)
    # the three they share: ruben werk, werk, wonen; sanne werk, wonen, wonen
    _code(sanne, werk[0], werk_theme)
    _code(sanne, werk[1], wonen_theme)
    _code(sanne, wonen[0], wonen_theme)
    _code(sanne, werk[4], werk_theme)  # one only she coded
    client.force_login(ruben)
    response = client.get(reverse("knowledge:agreement"))
    assert response.context["report"]["units"] == 10  # precondition
    assert response.context["report"]["cohen_kappa"]["ruben~sanne"] == pytest.approx(0.4)
    row = re.search(r"(?s)<tr><td>ruben~sanne</td>(.*?)</tr>", response.content.decode())
    assert row is not None
    assert re.search(r"\b3\b", _text(row.group(1))), (
        "the kappa of ruben~sanne does not say it rests on 3 shared statements: " + _text(row.group(1)))


def test_statements_the_computer_left_out_are_coded_too(client, ruben, publish):
    """The coding queue takes only statements the computer already put in a theme
    (`theme__isnull=False` in knowledge.selectors.statements_to_code). So the statements the
    engine could not place never reach a coder: the computer's kappa is measured only where it
    said 'this theme', never where it said 'no theme', and a statement that a person would put
    in 'werk' but the computer dropped can never count against it. The agreement with the
    computer that Ruben reports is biased upward by construction. SHOULD: statements without
    a theme are in the queue as well (the computer's code for them is 'past in geen thema')."""
    placed = publish.statement("werk", "N-1", purposes=RESEARCH)
    dropped = publish.statement("werk", "N-2", purposes=RESEARCH,
                                text="Toen ik eindelijk een baan vond, kwam alles weer op gang.")
    Statement.objects.filter(pk=dropped.pk).update(theme=None)  # the engine's outlier
    client.force_login(ruben)
    offered = {s.pk for s in client.get(reverse("knowledge:coding")).context["statements"]}
    assert placed.pk in offered  # precondition
    assert dropped.pk in offered, "a statement the computer left without a theme is never offered"


# -- citing the knowledge base ------------------------------------------------------------------


def test_a_published_theme_says_as_of_when_its_numbers_are(client, publish):
    """Ruben cites the Kennisbank in his report for the municipality: "Wachtlijsten: 7
    verschillende vertellers (meervoud.example.nl/kennisbank/thema/wachtlijsten)". The theme
    page gives the number, share and confidence interval, but no date or analysis to go with
    them, and they change with every analysis, curation or withdrawal. A reader who follows the
    link next month sees another number and cannot tell whether the report was wrong. SHOULD:
    the public theme page says as of when its figures are ('Stand van ...', the date of the
    last analysis or of the theme's last change), so it can be cited
    (publication/templates/publication/theme_detail.html)."""
    theme = publish.backed("wachtlijsten", 7)
    refresh_evidence([theme.pk])
    stamp = timezone.make_aware(datetime(2026, 3, 3, 14, 0))
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, started_at=stamp, finished_at=stamp,
                               created_at=stamp, narrators=7, stories=7)
    Theme.objects.filter(pk=theme.pk).update(updated_at=stamp)
    page = client.get(reverse("publication:theme", args=["wachtlijsten"]))
    assert page.status_code == 200
    text = _text(page.content.decode())
    assert "7" in text  # precondition: the count is there
    dates = ("3 maart 2026", "03-03-2026", "3-3-2026", "2026-03-03", "03/03/2026")
    assert any(date in text for date in dates), "the theme page does not say as of when its figures are"


def test_the_csv_export_says_what_place_its_numbers_are_about(publish):
    """Ruben downloads /api/v1/export/themas.csv?gemeente=Het Hogeland for a report on that
    municipality. Het Hogeland has too few narrators, so the numbers are those of the region
    around it; the XLSX says so on its sheet 'Verantwoording', but the CSV drops that sheet
    (api.exports.themes_csv throws `_about` away). Opened in Excel, its 'vertellers' column
    reads as narrators in Het Hogeland, and neither the place the figures are about, nor k, nor the date is in the
    file. SHOULD: the CSV carries what the XLSX's Verantwoording says: at least the scope the
    numbers are about (and when the file was made)."""
    from meervoud.publication.selectors import published_themes, scope_label
    from meervoud.publication.disclosure import Scope

    publish.theme("wachtlijsten")
    publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    publish.many("wachtlijsten", 2, "Het Hogeland", kind="helped")
    publish.many("wachtlijsten", 1, "Zwolle")
    view = published_themes(Scope("municipality", "Het Hogeland"))
    assert view.widened and view.themes  # precondition: the numbers are about a wider place
    used = scope_label(view.effective_scope)

    response = APIClient().get("/api/v1/export/themas.csv", {"gemeente": "Het Hogeland"})
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(content.splitlines(), delimiter=";"))
    assert any(row and row[2] == "thema" for row in rows[1:])  # precondition: the theme is there
    assert used in content, f"the CSV never says its numbers are about {used!r}"


# -- meervoud evaluate ----------------------------------------------------------------------------


def test_evaluate_does_not_score_rows_without_a_label_as_a_class(tmp_path, capsys):
    """Ruben runs `meervoud evaluate` on his team's spreadsheet: 24 texts, two codes
    ('wachtlijst', 'schulden'), a few rows not coded yet (empty label cell). The JSON says
    "labels": 3: the empty cell is scored as a third category, so NMI and ARI reward or punish
    the engine for how it groups the uncoded rows, and the figure he reports compares with a
    coding nobody made. SHOULD: rows without a label are left out of the score (and counted
    apart), "labels" is 2 (engine.evaluate.read_table / evaluate)."""
    from meervoud.engine.evaluate import main

    waiting = ["De wachtlijst voor de ggz was lang, ik moest maanden wachten op hulp.",
               "Wachten, wachten en nog eens wachten op een plek bij de verslavingszorg.",
               "Pas na een half jaar kon ik terecht, de wachtlijst was vreselijk."]
    debts = ["Mijn schulden groeiden, de deurwaarder stond elke week voor de deur.",
             "De schuldhulp hielp me met een budgetplan, eindelijk rust in mijn hoofd.",
             "Zonder inkomen liepen de rekeningen op: schulden, boetes en aanmaningen."]
    path = tmp_path / "codering.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["tekst", "code"])
        for i in range(12):
            writer.writerow([f"{waiting[i % 3]} Dag {i}.", "wachtlijst"])
            writer.writerow([f"{debts[i % 3]} Week {i}.", "schulden" if i % 4 else ""])

    code = main([str(path), "--text-col", "tekst", "--label-col", "code", "--embedder", "tfidf"])
    out = capsys.readouterr().out
    assert code == 0
    result = json.loads(out)
    assert result["labels"] == 2, f"an empty label cell is scored as a category: {result['labels']} labels"



# -- commands -------------------------------------------------------------------------------------


def test_import_qdpx_command_says_in_dutch_that_the_file_is_missing(ruben, tmp_path):
    """Ruben's data steward sends projects back from the server with `meervoud import_qdpx`. A
    typo in the path answers "[Errno 2] No such file or directory: '...'", Python's own words,
    where every other message of the command (and of `meervoud import`, `export_qdpx`) is Dutch.
    SHOULD: a Dutch sentence that names the file, as `meervoud import` does
    (exchange/management/commands/import_qdpx.py)."""
    from django.core.management import CommandError, call_command

    missing = tmp_path / "project-ruben.qdpx"
    with pytest.raises(CommandError) as raised:
        call_command("import_qdpx", str(missing), "--user", ruben.username)
    message = str(raised.value)
    assert "project-ruben.qdpx" in message
    assert "[Errno" not in message and " niet " in f" {message} ", message
