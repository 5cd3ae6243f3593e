"""Session 26: a researcher of the learning network reads themes through the API and the exports.

She cites figures in a study, so she needs the figures the theme page shows for the same place,
the date they stand as of (the page tells her to cite it), a key that still leads somewhere
after peer experts merged the theme, and a clear refusal when she asks for something the API
cannot give instead of a quiet default.
"""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from meervoud.publication.selectors import figures_as_of
from meervoud.stories.models import Purpose, Story
from meervoud.stories.services import give_consent

pytestmark = pytest.mark.django_db

NUMBERS = ("vertellers", "verhalen", "aandeel", "aandeelInterval", "noemen", "plaatsen",
           "levensdomeinen", "onderwerpen")


def _shared(place: str) -> None:
    """The quick stories of ``place`` let what is learned be shared with their municipality."""
    for story in Story.objects.filter(municipality__name=place):
        give_consent(story, Purpose.SHARE, via="form")


@pytest.fixture
def two_places(quick_publish):
    """'wachtlijsten': 6 narrators in Groningen, 5 in Zwolle; 'schulden': 5 in Zwolle only."""
    quick_publish.theme("wachtlijsten", name="Wachtlijsten", insight="Wachten maakt het erger.")
    quick_publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    quick_publish.many("wachtlijsten", 5, "Zwolle", kind="helped")
    quick_publish.theme("schulden", name="Schulden")
    quick_publish.many("schulden", 5, "Zwolle")
    _shared("Groningen")
    _shared("Zwolle")


def _get(path: str, **params) -> dict:
    response = APIClient().get("/api/v1" + path, params)
    assert response.status_code == 200, response.content[:400]
    return response.json()


def test_a_theme_asked_for_a_place_has_that_places_figures_not_the_countrys(two_places):
    """She lists the themes of Groningen (/themas?gemeente=Groningen: 'Wachtlijsten', 6
    narrators) and opens the one she cites with the same filter. The theme page on the website
    (?gemeente=Groningen) shows Groningen's 6; the API ignored the filter and answered the
    country's 11, without a word. SHOULD: the same figures as the list and the page for that
    place, saying which place they are about; an unknown place is a 400 there too."""
    listed = _get("/themas", gemeente="Groningen")["resultaten"][0]
    one = _get("/themas/wachtlijsten", gemeente="Groningen")
    assert listed["vertellers"] == 6
    assert {name: one[name] for name in NUMBERS} == {name: listed[name] for name in NUMBERS}
    assert one["gebruikt"]["soort"] == "gemeente" and one["gebruikt"]["naam"] == "Groningen"
    assert one["verbreed"] is False
    assert one["webpagina"].endswith("?gemeente=Groningen")
    wrong = APIClient().get("/api/v1/themas/wachtlijsten", {"gemeente": "Groningn"})
    assert wrong.status_code == 400
    assert wrong.json()["invalidParams"][0]["name"] == "gemeente"


def test_a_theme_with_too_few_narrators_in_the_place_asked_says_its_figures_are_the_countrys(two_places):
    """'Schulden' has no narrator in Groningen. The website then shows the country's figures
    and says so; the API must not pretend they are Groningen's."""
    one = _get("/themas/schulden", gemeente="Groningen")
    assert one["vertellers"] == 5
    assert one["gevraagd"]["naam"] == "Groningen"
    assert one["gebruikt"]["soort"] == "nederland" and one["verbreed"] is True
    national = _get("/themas/schulden")
    assert national["gebruikt"]["soort"] == "nederland" and national["verbreed"] is False


def test_every_theme_says_as_of_when_its_figures_are(two_places):
    """The theme page says 'Stand van 3 maart 2026 ... Noem deze datum als je de cijfers
    overneemt'. The API and the CSV/XLSX exports gave the numbers without that date, so a figure
    taken from them cannot be cited the way the page asks. SHOULD: ``standVan`` on every theme
    in the API, and a column ``stand_van`` in the exports: the same moment the page shows."""
    from meervoud.knowledge.models import Theme

    expected = {key: figures_as_of(pk) for key, pk in Theme.objects.values_list("key", "pk")}
    listed = {theme["sleutel"]: theme["standVan"] for theme in _get("/themas")["resultaten"]}
    assert set(listed) == {"wachtlijsten", "schulden"}
    for key, stamp in listed.items():
        assert stamp is not None and stamp[:19] == expected[key].astimezone().isoformat()[:19]
    assert _get("/themas/wachtlijsten")["standVan"] == listed["wachtlijsten"]

    data = APIClient().get("/api/v1/export/themas.csv").content.decode("utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(data), delimiter=";") if row["rij"] == "thema"]
    assert {row["thema_sleutel"]: row["stand_van"] for row in rows} == {
        key: listed[key][:16].replace("T", " ") for key in listed}
    workbook = load_workbook(io.BytesIO(APIClient().get("/api/v1/export/themas.xlsx").content))
    sheet = list(workbook["Thema's"].iter_rows(values_only=True))
    assert "stand_van" in sheet[0]


def test_a_merged_theme_says_where_its_figures_went(two_places, quick_publish, make_user):
    """She cited /themas/schulden last month. Peer experts have since merged it into
    'Wachtlijsten'. The API answered a bare 404, as for a key that never existed, so she cannot
    tell whether she mistyped it or where the narrators went. SHOULD: the 404 names the theme it
    lives on in (key and link), as long as that theme is published; a theme that was never
    validated stays unknown (the pointer must not reveal that it existed)."""
    from meervoud.knowledge import curation
    from meervoud.knowledge.models import Theme

    coordinator = make_user("coordinator")
    quick_publish.theme("verborgen", validated=False)
    quick_publish.many("verborgen", 5, "Zwolle")
    for key in ("schulden", "verborgen"):
        curation.merge(Theme.objects.get(key=key), Theme.objects.get(key="wachtlijsten"),
                       user=coordinator)
    # statements nobody validated joined it: peer experts validate it again
    Theme.objects.filter(key="wachtlijsten").update(validated_at=timezone.now())
    response = APIClient().get("/api/v1/themas/schulden")
    assert response.status_code == 404
    body = response.json()
    assert body["samengevoegdIn"]["sleutel"] == "wachtlijsten"
    assert body["samengevoegdIn"]["href"].endswith("/api/v1/themas/wachtlijsten")
    assert "Wachtlijsten" in body["detail"]
    for unknown in ("verborgen", "bestaat-niet"):
        body = APIClient().get(f"/api/v1/themas/{unknown}").json()
        assert body["status"] == 404 and "samengevoegdIn" not in body
        assert "Wachtlijsten" not in body.get("detail", "")


@pytest.mark.parametrize("size", ["0", "-3", "twintig", "2.5"])
def test_a_page_size_that_is_no_positive_number_is_refused(two_places, size):
    """A script with a typo in pageSize quietly got pages of 20 and counted wrong. SHOULD: a 400
    naming pageSize, as an unknown place is."""
    response = APIClient().get("/api/v1/themas", {"pageSize": size})
    assert response.status_code == 400
    (param,) = response.json()["invalidParams"]
    assert param["name"] == "pageSize" and "1" in param["reason"] and "100" in param["reason"]


def test_a_page_size_above_the_maximum_still_gives_the_maximum(two_places):
    body = _get("/themas", pageSize="500")
    assert body["aantal"] == 2 and len(body["resultaten"]) == 2
