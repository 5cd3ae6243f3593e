"""Edge cases a narrator or coordinator can hit, found in reviews (sessions 11 and 12).
Each test failed before its fix."""

import pytest
from django.urls import reverse

from meervoud.stories.importer import import_stories
from meervoud.stories.models import Purpose, Story
from tests.stories.test_import import csv_bytes
from tests.stories.test_intake_views import step1, step2
from tests.links import opens, personal_link, shown_link

HEADER = "verteller,verhaal,gemeente,levensdomeinen,toestemming_analyse\n"
IMPORTED = ('V-00001,"Ik sliep maanden in een schuur achter het station, niemand vroeg ernaar.",'
            "Groningen,dak-thuisloosheid,ja\n")


@pytest.mark.django_db
def test_review_summary_names_what_was_removed_in_dutch(client, municipality, domains):
    """Step 2 says 'Weggehaald: 1× person' to a Dutch narrator: the raw English kind keys of
    the de-identifier are shown instead of Dutch words."""
    data = step1(municipality, domains, text=(
        "Mijn vriendin Petra liet me douchen. Bel me gerust op 06-12345678 als je vragen hebt "
        "over hoe het verder ging."))
    body = client.post(reverse("stories:intake"), data).content.decode()
    summary = body.split('id="deid-summary"', 1)[1].split("</p>", 1)[0]
    assert "Weggehaald" in summary
    assert "person" not in summary and "phone" not in summary, summary


@pytest.mark.django_db
def test_review_error_keeps_saying_what_was_removed(client, municipality, domains):
    """When step 2 is refused (no purpose chosen), the page claims that nothing identifying was
    found, although Petra's name was removed: the counts are thrown away on a validation error."""
    data = step2(step1(municipality, domains))
    data.pop("consent_analysis")
    body = client.post(reverse("stories:intake"), data).content.decode()
    assert "Kies minstens één doel" in body
    assert "We vonden geen namen" not in body


@pytest.mark.django_db
def test_form_story_records_what_was_deidentified(client, municipality, domains):
    """Story.deidentification must hold the counts per kind that were replaced; for every story
    told through the web form it is empty, because the view passes counts={} and the second
    pass over the already de-identified text finds nothing."""
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    story = Story.objects.get()
    assert story.deidentification.get("person", 0) >= 1, story.deidentification


@pytest.mark.django_db
def test_double_submission_by_narrator_stores_one_story(client, municipality, domains, make_user):
    """A narrator with an account double-clicks 'Versturen' (or reloads the POST): the same
    story is stored twice for the same narrator. The importer and the API refuse exactly this
    duplicate (same narrator, same text); the web form does not."""
    client.force_login(make_user("verteller"))
    data = step2(step1(municipality, domains))
    client.post(reverse("stories:intake"), data)
    client.post(reverse("stories:intake"), data)
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_import_cannot_attach_stories_to_a_form_narrator(client, municipality, domains):
    """A coordinator imports a file whose pseudonyms happen to look like Meervoud's own
    (V-00001). Attached to the anonymous narrator who told a story through the web form, the
    imported story would show on that stranger's personal link, to withdraw or delete."""
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    form_story = Story.objects.get()
    assert form_story.narrator.code == "V-00001"
    report = import_stories("verhalen.csv", csv_bytes(IMPORTED, header=HEADER))
    # the 'verteller' column is a reference that becomes a keyed digest (session 17): it can no
    # longer be any form narrator's code, so the import gets a narrator of its own
    assert report.ok and Story.objects.count() == 2
    imported = Story.objects.get(pk=report.story_ids[0])
    assert imported.narrator_id != form_story.narrator_id and imported.narrator.code != "V-00001"
    page = client.get(reverse("stories:my_story", args=[personal_link(form_story.narrator)])).content.decode()
    assert "schuur achter het station" not in page


@pytest.mark.django_db
def test_lowercase_address_and_postcode_do_not_survive_intake(client, municipality, domains):
    """A narrator types on a phone, in lower case: 'kerkstraat 12, 9711 ab'. Both the street
    with house number and the postcode with a space are stored as typed (the address pattern
    needs a capital, the postcode pattern allows lower case only without a space)."""
    text = ("Ik werd uit huis gezet en sliep bij een vriend op kerkstraat 12, 9711 ab. "
            "Daar kwam de post niet meer aan.")
    data = step1(municipality, domains, text=text, known_names="")
    client.post(reverse("stories:intake"), step2(data, reviewed_text=text))
    story = Story.objects.get()
    assert "kerkstraat 12" not in story.text, story.text
    assert "9711 ab" not in story.text, story.text


@pytest.mark.django_db
def test_import_refuses_an_email_address_as_pseudonym(client, make_user):
    """The 'verteller' column is stored as the narrator's pseudonym without any check. A
    coordinator who exports from a registration system puts the e-mail address there; it ends
    up verbatim on every story page, in the consent proof (ConsentEvent.narrator_code)..."""
    row = ('jan.jansen@example.nl,"Ik sliep maanden in een schuur achter het station, niemand '
           'vroeg ernaar.",Groningen,dak-thuisloosheid,ja\n')
    report = import_stories("verhalen.csv", csv_bytes(row, header=HEADER))
    if report.ok:
        client.force_login(make_user("coordinator"))
        page = client.get(reverse("stories:detail", args=[report.story_ids[0]])).content.decode()
        assert "jan.jansen@example.nl" not in page


@pytest.mark.django_db
def test_unreadable_csv_message_is_all_dutch():
    """A cell over csv's field limit gives 'Dit CSV-bestand is niet te lezen (field larger than
    field limit (131072))': Python's English error text inside the Dutch message."""
    from meervoud.stories.importer import ImportFileError

    import csv

    huge = '"' + "a" * 140000 + '"'
    data = (HEADER + f"N1,{huge},Groningen,verslaving,ja\n").encode()
    before = csv.field_size_limit(131072)  # Python's default; the engine's evaluator raises it
    try:
        with pytest.raises(ImportFileError) as caught:
            import_stories("verhalen.csv", data)
    finally:
        csv.field_size_limit(before)
    assert "field" not in str(caught.value) and "limit" not in str(caught.value), str(caught.value)


@pytest.mark.django_db
def test_invalid_json_message_is_all_dutch():
    """'Dit is geen geldige JSON (regel 1, kolom 15: Expecting ',' delimiter)': the reason is
    json's English message."""
    from meervoud.stories.importer import ImportFileError

    with pytest.raises(ImportFileError) as caught:
        import_stories("verhalen.json", b'[{"verteller" "N1"}]')
    message = str(caught.value)
    assert "Expecting" not in message and "delimiter" not in message, message


@pytest.mark.django_db
def test_api_triad_error_names_the_api_fields(make_user):
    """Through the API the triad error talks about CSV columns ('eigen_kracht, lotgenoten en
    professionals moeten samen 100 zijn'), names an API client never sent: it sent eigenKracht."""
    from rest_framework.test import APIClient

    from meervoud.api.tokens import issue_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(make_user('coordinator'))[0]}")
    body = {"verteller": "p-1", "gemeente": "Groningen", "levensdomeinen": ["verslaving"],
            "toestemmingAnalyse": True, "eigenKracht": 50, "lotgenoten": 30, "professionals": 10,
            "verhaal": "Ik zat lang op de wachtlijst bij de verslavingszorg en niemand belde terug."}
    response = client.post("/api/v1/verhalen", body, format="json")
    assert response.status_code == 400
    reasons = " ".join(p["reason"] for p in response.json()["invalidParams"])
    assert "eigen_kracht" not in reasons, reasons


@pytest.mark.django_db
def test_thanks_page_shows_the_personal_link_once(client, municipality, domains):
    """The personal link opens a narrator's stories; on a shared computer the next person must
    not find it by opening /verhaal/bedankt/ again: the page shows it once."""
    response = client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    story = Story.objects.get()
    thanks = client.get(response["Location"])
    link = shown_link(thanks)
    assert link in thanks.context["link"] and opens(link) == story.narrator
    again = client.get(reverse("stories:thanks"))
    assert again.status_code == 302
    assert link not in again.content.decode()


@pytest.mark.django_db
def test_share_consent_given_again_keeps_the_municipality(municipality, domains):
    """A narrator who withdraws 'share with a municipality' and gives it again on the personal
    page (which has no place field) shares with the same municipality as before."""
    from meervoud.stories import services

    narrator = services.new_narrator()
    draft = services.StoryDraft(text="Ik sliep maanden in de auto voordat ik hulp kreeg.",
                                municipality=municipality, life_domains=domains)
    story = services.create_story(narrator=narrator, draft=draft,
                                  purposes={Purpose.ANALYSIS, Purpose.SHARE},
                                  share_municipality=municipality)
    services.withdraw_consent(story, Purpose.SHARE, via="link")
    again = services.give_consent(story, Purpose.SHARE, via="link")
    assert again.share_municipality == municipality


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "²", ""])
def test_personal_page_with_an_odd_story_number_changes_nothing(client, municipality, domains, value):
    """A tampered or cut-off form on the personal page ('story' not a number) is said on the page
    (not a server error, and not a 404 that logs the personal link) and changes nothing."""
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    story = Story.objects.get()
    client.raise_request_exception = False
    answer = client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]),
                         {"story": value, "action": "delete", "confirm": "on"}, follow=True)
    assert "Dit verhaal is er niet meer" in answer.content.decode()
    assert Story.objects.filter(pk=story.pk).exists()


@pytest.mark.django_db
def test_the_story_list_logs_no_free_text_typed_in_the_address(client, make_user):
    """The audit log must never hold personal content: a story-list filter is logged only in
    the shape the filter expects (a CBS code, a slug), not whatever someone typed in the URL."""
    from meervoud.audit.models import AuditEvent

    client.force_login(make_user("coordinator"))
    client.get(reverse("stories:list") + "?gemeente=Jan%20Jansen%2006-12345678&domein=verslaving")
    detail = AuditEvent.objects.filter(object_type="stories.story").latest("pk").detail
    assert "Jansen" not in detail and "12345678" not in detail
    assert "domein=verslaving" in detail
