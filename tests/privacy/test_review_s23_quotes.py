"""Privacy and curation review, session 23: quotes published only after a peer expert approved
the sentence (knowledge.quote_review), and researchers reading a theme's collective statement only
once it is validated (Theme.validated_insight).

Read as a narrator whose words are quoted, as a peer expert who reviews them, and as a researcher
(knowledge.view, no knowledge.curate) who opens every page and export she may. Each test here
failed on the code of commit 34b13fb: its docstring says what a person met and what should
happen instead.

Checked and found sound (no test here, the session's own tests or the ones below cover them):
every published format takes its quotes from ``publication.selectors._add_quotes``, which reads
only approved, quotable statements in the text that was approved; the cache stamp moves with the
review's curation event, so a refused quote is gone on the next request (Kennisbank, API, report
HTML and DOCX); a tampered POST (another theme's sentence, a sub-theme, no quoting consent, a name
the detector finds) stores nothing; each role gets 302/403 as tests/permissions/test_matrix.py
says; an approval survives a re-analysis that leaves the sentence as it was and goes with a
correction that changes it.
"""

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import quote_review
from meervoud.knowledge.models import QuoteReview, Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.publication.selectors import withheld_themes
from meervoud.stories.models import Purpose
from tests.privacy.conftest import text_of

pytestmark = pytest.mark.django_db

WITH_RESEARCH = (Purpose.ANALYSIS, Purpose.QUOTE, Purpose.RESEARCH)


# ======================================================================= researchers (Medium)


def test_a_researcher_reads_a_name_in_a_validated_statement_the_kennisbank_withholds(
        client, publish, make_user):
    """A theme was validated before its words were checked for names (the state
    ``publication.withheld`` exists for: validated before the rule, before the detector learned a
    pattern, or before a place left the register). Its collective statement reads "Zoals Marieke
    de Vries vertelde: ...", the real name of a narrator that the de-identifier took out of her
    story. The Kennisbank, the API and the reports withhold the whole theme for it, and the
    curators are told why.
    Session 23 lets researchers read a collective statement "only once validated"
    (``Theme.validated_insight``: "What leaves the curators' pages (a researcher's page, an
    export) reads this"). But validated is not the same as fit to leave the curators' pages. A
    researcher, who reads only de-identified stories, reads the name:
    - in the list of themes (the statement under the title, and the withheld line
      "Niet in de Kennisbank: ... ‘Marieke de Vries’"),
    - on the theme's page (the statement, and the notice meant for curators that repeats the
      words it found),
    - in the REFI-QDA export she downloads (the code's description), which leaves Meervoud for
      her own QDA software.
    SHOULD: ``validated_insight`` (and the withheld notices) give a researcher nothing of a theme
    in ``publication.selectors.withheld_themes()``: e.g. "" for the text and a neutral "Deze
    tekst wacht op een correctie door de ervaringsdeskundigen" without the words; the export's
    description likewise; the notices that quote the found words only where
    ``knowledge.curate`` is."""
    publish.theme("t", name="Wachten op de buurtcoach")
    publish.many("t", k_threshold(), purposes=WITH_RESEARCH)
    Theme.objects.filter(key="t").update(
        insight="Zoals Marieke de Vries vertelde: niemand van het wijkteam belde haar terug.")
    assert "t" in withheld_themes(), "precondition: the check finds the name and withholds the theme"
    assert client.get(reverse("publication:theme", args=["t"])).status_code == 404, \
        "precondition: the Kennisbank does not show the theme"

    client.force_login(make_user(Role.RESEARCHER))
    seen = {}
    for name, url in (("theme list", reverse("knowledge:themes")),
                      ("theme page", reverse("knowledge:theme", args=["t"])),
                      ("REFI-QDA export", reverse("exchange:export"))):
        response = client.get(url)
        assert response.status_code == 200, f"precondition: the researcher opens the {name}"
        seen[name] = "Marieke de Vries" in text_of(response)
    assert not any(seen.values()), f"a researcher reads the name the Kennisbank withholds: {seen}"


# ======================================================================= peer experts (Low)


def test_a_sentence_refused_by_mistake_cannot_be_taken_back_on_the_theme_page(
        client, publish, make_user):
    """A peer expert reads the sentences of a theme under "Citaten voor de Kennisbank" and clicks
    ‘Niet tonen’ next to the wrong sentence (the buttons of neighbouring sentences stand close).
    An approved sentence can be taken back ("Toch niet tonen"), but a refused one leaves the
    list at once (``for_review`` skips refused sentences) and the page only counts it ("1 zin
    niet getoond"): nothing on the page shows which sentence it was or lets her undo it. The
    narrator's sentence, which she allowed to be quoted and which holds nothing that identifies
    her, is never quoted again, unless a colleague rebuilds the POST by hand.
    SHOULD: the page lists the sentences refused for the current text (e.g. folded away under
    "Niet getoond") with a button ‘Toch tonen’ (besluit=ja for that sentence), as approved
    sentences have ‘Toch niet tonen’."""
    sentence = "Ik wachtte negen maanden op een gesprek en niemand van het wijkteam belde terug."
    publish.theme("t", name="Wachten")
    publish.many("t", k_threshold(), purposes=(Purpose.ANALYSIS,))
    statement = publish.statement("t", "V-citaat", text=sentence, quote_approved=False)
    peer_expert = make_user(Role.NARRATOR, "ed-lezer")
    client.force_login(peer_expert)
    client.post(reverse("knowledge:quote_review", args=["t"]),
                {"uitspraak": statement.key, "besluit": "nee"})
    assert QuoteReview.objects.get(statement=statement).decision == QuoteReview.Decision.REFUSED
    assert quote_review.for_review(Theme.objects.get(key="t")) == [], \
        "precondition: her only sentence was refused"

    page = client.get(reverse("knowledge:theme", args=["t"])).content.decode()
    assert 'id="quote-counts"' in page, "precondition: the curator's page shows the quote section"
    undo = f'name="uitspraak" value="{statement.key}"'
    assert undo in page and 'value="ja"' in page, \
        "the refused sentence is nowhere on the page: the peer expert cannot take her mistake back"
