"""Session 17: the file import never stores the 'verteller' column. Like the API it stores a
keyed digest of the reference (stories/pseudonyms.py), so a registration system's "de Vries, J."
or login is never shown next to statements or kept in the consent proof."""

import hashlib
import hmac

import pytest
from django.conf import settings

from meervoud.stories.importer import import_records, import_stories
from meervoud.stories.models import ConsentEvent, Narrator, Source, Story
from meervoud.stories.pseudonyms import API_PREFIX, IMPORT_PREFIX, api_pseudonym, import_pseudonym

pytestmark = pytest.mark.django_db

HEADER = "verteller,verhaal,gemeente,levensdomeinen,toestemming_analyse\n"


def _row(reference: str, text: str) -> str:
    return f'"{reference}","{text}",Groningen,armoede-schulden,ja\n'


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


@pytest.mark.parametrize("reference", ["de Vries, J.", "jan de vries", "mohammed.yilmaz",
                                       "j.devries@example.nl", "client-4711"])
def test_the_reference_is_stored_nowhere(reference):
    report = import_stories("verhalen.csv", _csv(_row(
        reference, "Ik stond maanden op een wachtlijst voor schuldhulp en niemand belde terug.")))
    assert report.ok, report.errors  # a name-like reference is no reason to refuse: it is not kept
    narrator = Story.objects.get().narrator
    assert narrator.code == import_pseudonym(reference)
    assert narrator.code.startswith(IMPORT_PREFIX) and len(narrator.code) <= 40
    assert reference not in narrator.code
    kept = set(ConsentEvent.objects.values_list("narrator_code", flat=True))
    assert kept == {narrator.code}


def test_the_same_reference_lands_on_the_same_narrator_in_every_import():
    first = import_stories("januari.csv", _csv(_row(
        "de Vries, J.", "In januari kreeg ik eindelijk een gesprek bij de schuldhulp, na maanden.")))
    second = import_stories("februari.csv", _csv(
        _row("de Vries, J.", "In februari ging een maatje mee naar de bewindvoerder, dat hielp echt."),
        _row("Bakker, P.", "Mijn uitkering werd stopgezet en niemand kon me uitleggen waarom.")))
    assert first.ok and second.ok
    assert Narrator.objects.count() == 2
    assert Story.objects.filter(narrator__code=import_pseudonym("de Vries, J.")).count() == 2
    # a duplicate is still recognised through the digest
    again = import_stories("januari.csv", _csv(_row(
        "de Vries, J.", "In januari kreeg ik eindelijk een gesprek bij de schuldhulp, na maanden.")))
    assert not again.ok and "staat al in Meervoud" in again.errors[0].message


def test_two_rows_of_one_file_with_one_reference_are_one_narrator():
    report = import_stories("verhalen.csv", _csv(
        _row("jan de vries", "Het wijkteam kwam pas na een half jaar, toen was het al te laat."),
        _row("jan de vries", "Pas bij de lotgenotengroep voelde ik me gehoord en niet beoordeeld.")))
    assert report.ok and report.imported == 2
    assert Narrator.objects.count() == 1


def test_file_import_and_api_keep_their_own_pseudonyms(make_user):
    """The same reference from a file and from an organisation's system are two keyed digests
    with their own scopes, and the API's digest is exactly what it was before the move, so the
    narrators it made keep their pseudonyms."""
    user = make_user("coordinator")
    old = API_PREFIX + hmac.new(settings.SECRET_KEY.encode(), f"u{user.pk}:client-1".encode(),
                                hashlib.sha256).hexdigest()[:32]
    assert api_pseudonym("client-1", user) == old
    from meervoud.api.stories import pseudonym

    assert pseudonym("client-1", user) == old
    assert import_pseudonym("client-1") != old


def test_a_changed_secret_key_starts_new_pseudonyms(settings):
    before = import_pseudonym("client-1")
    settings.SECRET_KEY = settings.SECRET_KEY + "-nieuw"
    assert import_pseudonym("client-1") != before


def test_the_demo_keeps_its_own_fictional_codes():
    """Only the file import keys the column: the demo's narrators are codes the project wrote."""
    report = import_records([{"__row__": 1, "verteller": "demo-v1", "gemeente": "Groningen",
                              "verhaal": "Een verzonnen verhaal over lang wachten op de schuldhulp.",
                              "levensdomeinen": "armoede-schulden", "toestemming_analyse": "ja"}],
                            source=Source.DEMO, is_fictional=True)
    assert report.ok
    assert Narrator.objects.get().code == "demo-v1"


def test_an_empty_or_too_long_reference_is_still_refused():
    long = "x" * 41
    report = import_stories("verhalen.csv", _csv(
        _row("", "Ik stond maanden op een wachtlijst voor schuldhulp en niemand belde terug."),
        _row(long, "Mijn uitkering werd stopgezet en niemand kon me uitleggen waarom.")))
    assert not report.ok
    assert [(error.row, error.column) for error in report.errors] == [(1, "verteller"), (2, "verteller")]
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_a_coordinator_finds_an_imported_narrator_by_the_reference_of_the_import(client, make_user):
    """The reference is not stored, but typing it in the narrator search finds that narrator's
    stories (its keyed digest is compared), and nobody else's."""
    from django.urls import reverse

    from meervoud.stories.importer import import_records

    assert import_records([{"__row__": 1, "verteller": "client-4711", "gemeente": "Groningen",
                            "verhaal": "Ik wachtte maanden op schuldhulp en niemand belde terug.",
                            "levensdomeinen": "armoede-schulden", "toestemming_analyse": "ja"}]).ok
    client.force_login(make_user("coordinator"))
    found = client.get(reverse("stories:list"), {"verteller": "client-4711"}).context["object_list"]
    assert len(found) == 1
    assert not client.get(reverse("stories:list"), {"verteller": "client-4712"}).context["object_list"]


@pytest.mark.django_db
def test_deleting_a_narrator_in_the_admin_deletes_their_stories_as_the_narrator_would(admin_client, publish):
    """A privacy officer deletes a narrator in /beheer/: the stories go through the narrator's own
    deletion (consent withdrawn on record, out of every theme, the erasure kept for restores),
    not through a plain cascade that leaves the themes counting them."""
    from django.urls import reverse

    from meervoud.knowledge.models import Statement
    from meervoud.stories.erasures import ledger_path

    hers = publish.statement("t", "V-admin-weg", "Groningen")
    narrator = hers.story.narrator
    response = admin_client.post(reverse("admin:stories_narrator_delete", args=[narrator.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Narrator.objects.filter(pk=narrator.pk).exists()
    assert not Statement.objects.filter(pk=hers.pk).exists()
    assert ConsentEvent.objects.filter(narrator_code="V-admin-weg", action="withdrawn", via="admin").exists()
    assert "delete" in ledger_path().read_text()


@pytest.mark.django_db
def test_codes_imported_before_the_digest_are_replaced_everywhere(publish):
    """Migration stories 0005: an old import's raw reference ("de Vries, J.") leaves the narrator
    and the consent proof; one imported again since lands on the same narrator; form narrators
    and their proof keep their codes."""
    from importlib import import_module

    from django.apps import apps

    from meervoud.stories.services import give_consent

    migration = import_module("meervoud.stories.migrations.0005_keyed_import_codes")
    old = publish.statement("t", "de Vries, J.").story
    Story.objects.filter(pk=old.pk).update(source=Source.IMPORT)
    give_consent(old, "research", via="import")
    again = publish.statement("t", "client-7").story  # the old code ...
    Story.objects.filter(pk=again.pk).update(source=Source.IMPORT)
    since = publish.statement("t", import_pseudonym("client-7")).story  # ... and imported again since
    Story.objects.filter(pk=since.pk).update(source=Source.IMPORT)
    form = publish.statement("t", "V-00042").story

    migration.key_import_codes(apps, None)

    codes = set(Narrator.objects.values_list("code", flat=True))
    assert "de Vries, J." not in codes and import_pseudonym("de Vries, J.") in codes
    assert not ConsentEvent.objects.filter(narrator_code="de Vries, J.").exists()
    assert ConsentEvent.objects.filter(narrator_code=import_pseudonym("de Vries, J."), via="import").exists()
    assert Story.objects.get(pk=again.pk).narrator_id == Story.objects.get(pk=since.pk).narrator_id
    assert "client-7" not in codes
    assert Story.objects.get(pk=form.pk).narrator.code == "V-00042"
    migration.key_import_codes(apps, None)  # twice: nothing changes
    assert set(Narrator.objects.values_list("code", flat=True)) == codes
