"""A sentence is published as a quote only after a peer expert read and approved it (session 23).

The quoting consent promises the narrator that nobody picks a sentence by which she could be
recognised; the de-identifier misses some names and never sees the rare event only she lived
through. So the Kennisbank, the reports and the infographics quote only approved sentences, in
the text that was approved."""

import hashlib

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import quote_review
from meervoud.knowledge.models import CurationEvent, QuoteReview, Statement, Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.publication.selectors import published_themes
from meervoud.stories.models import Purpose
from meervoud.stories.services import withdraw_consent

pytestmark = pytest.mark.django_db

QUOTE = "De schuldhulpverlener belde me zelf terug toen ik een week niets van me liet horen."


@pytest.fixture
def theme(publish):
    """A published theme: k narrators, one of whom allows quoting; nobody read her sentence yet."""
    publish.theme("schulden", name="Schuldhulp")
    publish.many("schulden", k_threshold() - 1, purposes=(Purpose.ANALYSIS,))
    publish.statement("schulden", "V-citaat", text=QUOTE, quote_approved=False)
    return Theme.objects.get(key="schulden")


@pytest.fixture
def peer_expert(make_user):
    return make_user(Role.NARRATOR, "ed-lezer")


def _quotes() -> list[str]:
    view = published_themes(with_quotes=True)
    return [quote.text for theme in view.themes if theme.key == "schulden" for quote in theme.quotes]


def _statement() -> Statement:
    return Statement.objects.get(text=QUOTE)


def test_an_unread_sentence_is_not_quoted_and_an_approved_one_is(theme, peer_expert):
    assert _quotes() == []
    assert [s.text for s in quote_review.for_review(theme)] == [QUOTE]
    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    assert _quotes() == [QUOTE]  # at once: the published pages' cache moves with the decision
    assert CurationEvent.objects.filter(theme=theme, action="quote-approved").exists()
    assert quote_review.review_counts(theme) == {"approved": 1, "refused": 0}


def test_a_refused_sentence_is_never_quoted_and_her_next_sentence_is_offered(theme, peer_expert, publish):
    other = "Bij het loket zeiden ze dat ik mijn post gewoon had moeten openen, dat hielp niet."
    publish.statement("schulden", "V-citaat", text=other, quote_approved=False)
    first = quote_review.for_review(theme)
    assert len(first) == 1  # one sentence per narrator
    quote_review.review(theme, first[0].key, approve=False, user=peer_expert)
    offered = quote_review.for_review(theme)
    assert len(offered) == 1 and offered[0].key != first[0].key
    assert _quotes() == []
    assert quote_review.review_counts(theme) == {"approved": 0, "refused": 1}


def test_a_sentence_changed_after_approval_waits_for_a_new_review(theme, peer_expert):
    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    assert _quotes() == [QUOTE]
    changed = QUOTE.replace("een week", "twee weken")
    # the story was corrected: the analysis re-cut the statement with its new text
    story = _statement().story
    story.text = changed
    story.save()
    Statement.objects.filter(pk=_statement().pk).update(
        text=changed, end=len(changed), content_hash=hashlib.sha256(changed.encode()).hexdigest())
    assert _quotes() == []
    (waiting,) = quote_review.for_review(theme)
    assert waiting.text == changed and waiting.review is None


def test_a_sentence_that_still_names_someone_cannot_be_approved(theme, peer_expert):
    named = "Mijn begeleider Marieke de Vries belde me elke week, ook als ik niets terugzei."
    key = _statement().key
    Statement.objects.filter(key=key).update(text=named)  # the de-identifier missed her name
    with pytest.raises(quote_review.IdentifyingQuote) as refused:
        quote_review.review(theme, key, approve=True, user=peer_expert)
    assert ("person", "Marieke de Vries") in refused.value.found
    assert not QuoteReview.objects.exists()
    quote_review.review(theme, key, approve=False, user=peer_expert)  # refusing it is fine
    assert QuoteReview.objects.get().decision == QuoteReview.Decision.REFUSED


def test_without_quoting_consent_a_sentence_is_neither_offered_nor_quoted(theme, peer_expert):
    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    withdraw_consent(_statement().story, Purpose.QUOTE, via="link")
    assert _quotes() == []
    assert quote_review.for_review(theme) == []
    with pytest.raises(quote_review.NotQuotable):
        quote_review.review(theme, _statement().key, approve=True, user=peer_expert)


def test_quoting_given_again_waits_for_a_new_reading(theme, peer_expert):
    """Withdrawing quoting consent takes the decisions on her sentences with it (session 24):
    given again, nothing of hers is quoted until a peer expert read it anew."""
    from meervoud.stories.services import give_consent

    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    story = _statement().story
    withdraw_consent(story, Purpose.QUOTE, via="link")
    assert not QuoteReview.objects.exists()
    give_consent(story, Purpose.QUOTE, via="link")
    assert _quotes() == []
    assert [s.text for s in quote_review.for_review(theme)] == [QUOTE]
    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    assert _quotes() == [QUOTE]


def test_the_theme_page_asks_curators_and_the_buttons_store_the_decision(client, theme, peer_expert):
    url = reverse("knowledge:theme", args=[theme.key])
    client.force_login(peer_expert)
    page = client.get(url).content.decode()
    assert 'id="citaten"' in page and QUOTE in page and "Mag getoond worden" in page
    response = client.post(reverse("knowledge:quote_review", args=[theme.key]),
                           {"uitspraak": _statement().key, "besluit": "ja"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#citaten")
    assert "Goedgekeurd: deze zin mag als citaat in de Kennisbank staan." in response.content.decode()
    assert _quotes() == [QUOTE]
    # the published page a municipality reads now quotes her
    assert QUOTE in client.get(reverse("publication:theme", args=[theme.key])).content.decode()


def test_a_wrong_or_missing_choice_stores_nothing_and_says_so(client, theme, peer_expert):
    client.force_login(peer_expert)
    url = reverse("knowledge:quote_review", args=[theme.key])
    page = client.post(url, {"uitspraak": _statement().key}, follow=True).content.decode()
    assert "Kies ‘Mag getoond worden’ of ‘Niet tonen’. Er is niets opgeslagen." in page
    page = client.post(url, {"uitspraak": "bestaat-niet", "besluit": "ja"}, follow=True).content.decode()
    assert "Deze zin kan geen citaat meer worden" in page
    assert not QuoteReview.objects.exists()


def test_only_curators_review_quotes(client, theme, make_user):
    researcher = make_user(Role.RESEARCHER)
    client.force_login(researcher)
    assert 'id="citaten"' not in client.get(reverse("knowledge:theme", args=[theme.key])).content.decode()
    response = client.post(reverse("knowledge:quote_review", args=[theme.key]),
                           {"uitspraak": _statement().key, "besluit": "ja"})
    assert response.status_code == 403
    assert not QuoteReview.objects.exists()


def test_deleting_her_story_deletes_the_review(theme, peer_expert):
    from meervoud.stories.services import delete_story

    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    delete_story(_statement().story, via="link")
    assert not QuoteReview.objects.exists()


def test_themes_with_sentences_to_read_are_found_for_the_list_and_my_work(client, theme, peer_expert, publish):
    from meervoud.core.work import waiting_for

    publish.theme("ander", name="Ander thema", validated=False)  # not published: nothing to read yet
    publish.statement("ander", "V-ander", quote_approved=False)
    wanted = Theme.objects.filter(quote_review.quotes_wanted())
    assert list(wanted) == [theme]
    line = next(item for item in waiting_for(peer_expert) if "citaat" in item.label)
    assert line.count == 1 and line.url.endswith("?citaten=1")
    client.force_login(peer_expert)
    page = client.get(line.url).content.decode()
    assert "Schuldhulp" in page and "Ander thema" not in page
    assert "Alleen citaten om te lezen (1)" in page

    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    assert not Theme.objects.filter(quote_review.quotes_wanted()).exists()
    assert not any("citaat" in item.label for item in waiting_for(peer_expert))


def test_a_theme_with_enough_approved_quotes_no_longer_asks(theme, peer_expert, publish):
    for i in range(quote_review.QUOTES_PER_THEME):
        publish.statement("schulden", f"V-goed-{i}")  # approved (the fixture's default)
    assert not Theme.objects.filter(quote_review.quotes_wanted()).exists()  # five are shown already


def test_researchers_get_no_quote_filter_nor_line(client, theme, make_user):
    from meervoud.core.work import waiting_for

    researcher = make_user(Role.RESEARCHER)
    client.force_login(researcher)
    assert "Alleen citaten om te lezen" not in client.get(reverse("knowledge:themes")).content.decode()
    assert not any("citaat" in item.label for item in waiting_for(researcher))


def test_the_typical_sentence_is_read_first_and_an_approved_one_stands_for_its_narrator(theme, peer_expert, publish):
    later = publish.statement("schulden", "V-citaat", quote_approved=False,
                              text="Pas toen de buurvrouw meeging naar het loket, durfde ik alles te laten zien.")
    Theme.objects.filter(pk=theme.pk).update(representative_keys=[later.key])  # the engine's typical one
    theme.refresh_from_db()
    assert [s.key for s in quote_review.for_review(theme)] == [later.key]
    quote_review.review(theme, _statement().key, approve=True, user=peer_expert)
    (shown,) = quote_review.for_review(theme)
    assert shown.key == _statement().key and shown.review.decision == QuoteReview.Decision.APPROVED


def test_an_approved_quote_that_fails_the_check_now_is_left_out(theme, peer_expert):
    """Approved when the name check did not know what it finds now (a new pattern, a new
    version): the published pages leave it out, as they do a theme's texts."""
    named = "Mijn begeleider Marieke de Vries belde me elke week, ook als ik niets terugzei."
    statement = _statement()
    story = statement.story
    story.text = named
    story.save()
    digest = hashlib.sha256(named.encode()).hexdigest()
    Statement.objects.filter(pk=statement.pk).update(text=named, end=len(named), content_hash=digest)
    QuoteReview.objects.create(statement=statement, content_hash=digest,
                               decision=QuoteReview.Decision.APPROVED)  # as the older check let it
    assert _quotes() == []
    (shown,) = quote_review.for_review(theme)
    assert shown.left_out  # the curators are told why it is not in the Kennisbank (session 24)


def test_the_theme_page_says_why_an_approved_quote_is_not_shown(client, theme, peer_expert):
    named = "Mijn begeleider Marieke de Vries belde me elke week, ook als ik niets terugzei."
    statement = _statement()
    digest = hashlib.sha256(named.encode()).hexdigest()
    Statement.objects.filter(pk=statement.pk).update(text=named, end=len(named), content_hash=digest)
    QuoteReview.objects.create(statement=statement, content_hash=digest,
                               decision=QuoteReview.Decision.APPROVED)
    client.force_login(peer_expert)
    page = client.get(reverse("knowledge:theme", args=[theme.key])).content.decode()
    assert "Goedgekeurd, maar niet getoond" in page and "naam of nummer" in page
    quote_review.review(theme, statement.key, approve=False, user=peer_expert)  # "Toch niet tonen" still works
    assert QuoteReview.objects.get(statement=statement).decision == QuoteReview.Decision.REFUSED
