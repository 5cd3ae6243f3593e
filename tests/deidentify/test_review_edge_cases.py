"""Review: identifiers that survive de-identification in realistic Dutch writing, and place
look-ups that miss. Every test here states the correct behaviour and failed on the code it
was written against."""

import csv
import re

import pytest
from django.urls import reverse

from meervoud.places.selectors import find_municipality
from meervoud.places.services import DATA_FILE
from meervoud.stories.models import Story

# ---------------------------------------------------------------- names after cues


def test_a_name_found_after_a_relation_word_is_replaced_everywhere_in_the_story(deid):
    """A name recognised once through its cue ("mijn zus Dewayna") names that person wherever it
    recurs in the same story, also where it stands without the cue."""
    result = deid("Mijn zus Dewayna kwam elke week langs. Later belde Dewayna me elke dag op.")
    assert "Dewayna" not in result.text, result.text


@pytest.mark.django_db
def test_a_name_from_the_story_is_also_removed_from_title_and_what_helped(
        client, municipality, domains):
    """A name the de-identifier found in the story (after "mijn zus") is also removed from the
    title and the 'what helped' field, in the preview and in the stored story."""
    text = ("Na mijn scheiding sliep ik drie maanden in mijn auto. Mijn zus Dewayna liet me "
            "douchen en wassen. Pas toen kreeg ik een postadres.")
    step1 = {
        "step": "story", "text": text, "title": "Wat Dewayna voor mij deed",
        "helped": "Dat Dewayna er altijd was.", "hindered": "Zonder adres geen uitkering.",
        "known_names": "", "municipality": municipality.pk,
        "life_domains": [d.pk for d in domains], "level": "micro", "language": "nl",
    }
    preview = client.post(reverse("stories:intake"), step1).context["form"].initial
    client.post(reverse("stories:intake"), {
        **step1, "step": "review", "action": "submit", "consent_analysis": "on",
        "reviewed_text": preview["reviewed_text"], "reviewed_title": preview["reviewed_title"],
        "reviewed_helped": preview["reviewed_helped"],
        "reviewed_hindered": preview["reviewed_hindered"],
    })
    story = Story.objects.get()
    assert "Dewayna" not in story.text
    assert "Dewayna" not in f"{story.title} | {story.helped}", (story.title, story.helped)


def test_the_commonest_surnames_after_mevrouw_or_meneer_are_replaced(deid):
    """'mevrouw De Jong' and 'meneer De Groot' name a person: the surname is replaced, not kept
    because 'jong' and 'groot' are also ordinary words."""
    result = deid("Ik sprak met mevrouw De Jong van de gemeente en later met meneer De Groot.")
    assert not re.search(r"Jong|Groot", result.text), result.text


def test_a_surname_with_de_after_a_relation_word_or_heet_is_replaced(deid):
    """After a cue such as 'mijn begeleider' or 'ik heet' a surname that starts with 'De'
    ('De Groot', 'De Jong') is a name and is replaced."""
    result = deid("Mijn begeleider De Groot belde elke week. Zijn collega heet De Jong.")
    assert not re.search(r"Groot|Jong", result.text), result.text


def test_surnames_after_abbreviated_titles_are_replaced(deid):
    """'mevr. Bakker' and 'dhr. Visser' are people: the period of the title is no sentence end,
    so a surname that is also an ordinary word is still replaced."""
    result = deid("Ik sprak met mevr. Bakker van het wijkteam en daarna met dhr. Visser.")
    assert not re.search(r"Bakker|Visser", result.text), result.text


def test_a_nickname_the_narrator_gives_is_replaced(deid):
    """What people call the narrator ('noemden ze me Pukkie', 'mijn bijnaam was ...') is as
    identifying as a name and is replaced."""
    result = deid("Op straat noemden ze me Pukkie. Mijn bijnaam was Pukkie tot mijn dertigste.")
    assert "Pukkie" not in result.text, result.text


# ---------------------------------------------------------------- places and addresses


def test_every_current_municipality_name_is_replaced(deid):
    """Each of the 342 municipalities Meervoud ships (places/data) is recognised as a place when
    a narrator names it, Frisian names and 'Leiden' included."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        names = [re.sub(r"\s*\(.*\)$", "", row["name"]) for row in csv.DictReader(handle)]
    survived = []
    for name in names:
        result = deid(f"Ik woon sinds vorig jaar in {name} en dat bevalt goed.")
        if name in result.text:
            survived.append(name)
    assert survived == []


def test_a_place_with_a_typographic_apostrophe_is_replaced(deid):
    """Phones and word processors type ’ instead of ': "’s-Hertogenbosch" is the same place as
    "'s-Hertogenbosch" and is replaced."""
    result = deid("Ik woon sinds kort in ’s-Hertogenbosch bij mijn moeder.")
    assert "Hertogenbosch" not in result.text, result.text


def test_a_street_named_after_a_person_is_replaced_whole(deid):
    """An address like 'Hugo de Grootstraat 7' is replaced as a whole; no part of the street
    name ('Hugo de') stays in the text."""
    result = deid("Ik woon aan de Hugo de Grootstraat 7 en mijn vriend aan de Michiel de Ruyterweg 12.")
    assert not re.search(r"Hugo|Michiel", result.text), result.text


@pytest.mark.django_db
@pytest.mark.parametrize("typed, cbs_code", [
    ("SÚDWEST-FRYSLÂN", "GM1900"),
    ("Sudwest-Fryslan", "GM1900"),
    ("’s-Hertogenbosch", "GM0796"),
    # CBS writes "Bergen (NH.)" and "Nuenen, Gerwen en Nederwetten"; people leave out the dots,
    # brackets and commas
    ("Bergen (NH)", "GM0373"),
    ("Bergen NH", "GM0373"),
    ("bergen (l)", "GM0893"),
    ("Nuenen Gerwen en Nederwetten", "GM0820"),
])
def test_municipality_lookup_ignores_case_accents_and_apostrophe_style(typed, cbs_code):
    """find_municipality finds a municipality by its name whatever the capitals (also of
    accented letters), with or without the Frisian accents, and with ’ for '."""
    found = find_municipality(typed)
    assert found is not None and found.cbs_code == cbs_code, found


# ---------------------------------------------------------------- structured identifiers


def test_social_media_handles_are_replaced(deid):
    """A social media handle ('@fatima_b93') leads straight to a person and is replaced."""
    result = deid("Je kunt me volgen op Instagram: @fatima_b93, daar post ik over mijn herstel.")
    assert "fatima_b93" not in result.text, result.text


def test_a_licence_plate_typed_in_lower_case_is_replaced(deid):
    """A Dutch licence plate typed in lower case ('12-abc-3') is still a licence plate."""
    result = deid("Mijn auto met kenteken 12-abc-3 werd weggesleept toen ik erin sliep.")
    assert "12-abc-3" not in result.text, result.text


def test_a_long_run_of_capitalised_words_is_handled(deid):
    """The intake form is open to anyone: a text of thousands of capitalised words in a row (a
    pasted list, or an attack) is de-identified like any other, not a RecursionError or minutes
    of work in deduce."""
    result = deid("Jan " * 3000)
    assert "Jan" not in result.text
