"""A corpus full of known identifiers, taken in through every intake route, analysed and
published with the lowest threshold (k = 2), so as much as possible is exposed to the checks."""

import html
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

PEOPLE = [
    # (known name given at intake, text with identifiers, municipality)
    ("Pieter Bakker", "Ik ben Pieter Bakker en woon op de Kerkstraat 14, 9711 AB Groningen. Mijn buurvrouw "
     "mevrouw Annelies de Graaf hielp me met de brieven van de gemeente. Bel me op 06-12345678.", "Groningen"),
    ("Fatima el Amrani", "Mijn naam is Fatima el Amrani. Mijn BSN 123456782 stond op elke brief en toch "
     "raakte het wijkteam mijn dossier kwijt. Ik wachtte acht maanden op hulp.", "Groningen"),
    ("Kees Mulder", "Kees Mulder hier, mail gerust naar kees.mulder@example.nl. Door de schulden moest ik "
     "elke maand kiezen tussen eten en de huur. Rekening NL91ABNA0417164300 stond op rood.", "Zwolle"),
    ("Sanne Visser", "Ik, Sanne Visser, geboren op 12 maart 1985, sliep drie maanden in de nachtopvang. "
     "Een ervaringsdeskundige ging mee naar het loket en toen kreeg ik een postadres.", "Zwolle"),
    ("Mohammed Yilmaz", "Mijn zoon Mohammed Yilmaz werd gepest op school en de jeugdhulp had een wachtlijst "
     "van een jaar. Ik belde elke week naar 050-3112233 maar niemand nam op.", "Groningen"),
    ("Ingrid Smit", "Mijn naam is Ingrid Smit, ik woon aan de Dorpsweg 3 in Pekela. Na het geweld thuis "
     "durfde ik niemand te vertrouwen. De lotgenotengroep op dinsdag hielp me het meest.", "Pekela"),
]
FILLER = [
    "Ik wachtte maanden op een gesprek met het wijkteam en niemand belde terug.",
    "De schulden groeiden en de brieven van de deurwaarder bleven komen.",
    "Een ervaringsdeskundige begreep meteen wat ik bedoelde, zonder uitleg.",
    "Zonder adres kreeg ik geen uitkering en zonder uitkering geen kamer.",
    "In de lotgenotengroep leerde ik dat ik niet de enige was.",
    "Het formulier van de gemeente was te moeilijk en niemand hielp me ermee.",
]
IDENTIFIERS = [
    "Pieter", "Bakker", "Annelies", "de Graaf", "Kerkstraat", "9711 AB", "9711AB", "06-12345678",
    "0612345678", "Fatima", "el Amrani", "123456782", "Kees Mulder", "kees.mulder", "example.nl",
    "NL91ABNA0417164300", "0417164300", "Sanne", "Visser", "12 maart 1985", "Mohammed", "Yilmaz",
    "050-3112233", "0503112233", "Ingrid", "Smit", "Dorpsweg",
]


def intake_through_the_form(client, text, known_name, municipality, domains):
    """The narrator's own two steps: tell, see the de-identified text, consent to everything."""
    story = {"step": "story", "text": text, "helped": "Iemand die het zelf had meegemaakt.",
             "hindered": "Lang wachten.", "known_names": known_name, "municipality": municipality.pk,
             "life_domains": [d.pk for d in domains], "level": "micro", "recovery_phase": "leven-met",
             "language": "nl"}
    page = client.post(reverse("stories:intake"), story).content.decode()
    shown = html.unescape(re.search(r'name="reviewed_text"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    review = {**story, "step": "review", "action": "submit", "reviewed_text": shown.strip(),
              "reviewed_helped": story["helped"], "reviewed_hindered": story["hindered"],
              "consent_analysis": "on", "consent_quote": "on", "consent_share": "on",
              "consent_research": "on"}
    assert client.post(reverse("stories:intake"), review).status_code == 302


@pytest.fixture
def exposed_corpus(transactional_db, reference_data, settings, client, make_user):
    from meervoud.api.tokens import issue_token

    from meervoud.knowledge import curation
    from meervoud.knowledge.models import AnalysisRun, Theme
    from meervoud.knowledge.services import run_analysis
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.importer import import_records
    from meervoud.stories.models import LifeDomain

    settings.MEERVOUD_MIN_NARRATORS = 2
    settings.MEERVOUD_EMBEDDER = "tfidf"
    domains = list(LifeDomain.objects.filter(slug__in=["armoede-schulden", "dak-thuisloosheid"]))
    for name, text, place in PEOPLE[:3]:
        intake_through_the_form(client, text, name, find_municipality(place), domains)
    coordinator = make_user("coordinator")
    key, _token = issue_token(coordinator)
    for name, text, place in PEOPLE[3:5]:
        response = client.post("/api/v1/verhalen", data=json.dumps({
            "verteller": f"extern-{name.split()[0].lower()}", "verhaal": text, "gemeente": place,
            "levensdomeinen": ["armoede-schulden"], "namen": [name], "toestemmingAnalyse": True,
            "toestemmingCiteren": True, "toestemmingOnderzoek": True}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 201, response.content
    name, text, place = PEOPLE[5]
    records = [{"__row__": 1, "verteller": "import-1", "verhaal": text, "gemeente": place,
                "levensdomeinen": "huiselijk-geweld", "namen": name, "toestemming_analyse": "ja",
                "toestemming_citeren": "ja", "toestemming_onderzoek": "ja"}]
    records += [{"__row__": i + 2, "verteller": f"vulling-{i}", "verhaal": f"{text_} {FILLER[(i + 1) % 6]}",
                 "gemeente": "Groningen" if i % 2 else "Zwolle", "levensdomeinen": "armoede-schulden",
                 "toestemming_analyse": "ja", "toestemming_citeren": "ja", "toestemming_onderzoek": "ja"}
                for i, text_ in enumerate(FILLER * 2)]
    assert import_records(records).ok
    run_analysis(AnalysisRun.objects.create())
    # a theme without any name cannot be validated (session 21)
    for theme in Theme.objects.filter(active=True, parent__isnull=True).exclude(name="", label=""):
        curation.set_validated(theme, True, user=coordinator)
        approve_every_quote(theme, coordinator)
    return {"coordinator": coordinator, "token": key}


def approve_every_quote(theme, user) -> None:
    """A curator approves every sentence of the theme as a quote that the review lets her
    approve, so that whatever still reaches a published quote is the software's doing."""
    from meervoud.knowledge import quote_review
    from meervoud.knowledge.models import Statement

    for statement in quote_review.quotable(Statement.objects.filter(theme=theme)):
        try:
            quote_review.review(theme, statement.key, approve=True, user=user)
        except quote_review.IdentifyingQuote:
            continue


def text_of(response) -> str:
    """Everything a person could read in a response, whatever its format."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "wordprocessingml" in kind:
        import docx

        document = docx.Document(io.BytesIO(body))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if "spreadsheetml" in kind:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    if "zip" in kind or body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    # a form's CSRF token is 64 random letters and digits: now and then it holds "Smit" or
    # "Sanne" in some case (a CI run failed on '/kennisbank/?gemeente=Pekela': ['Smit'])
    page = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"',
                  body.decode("utf-8", "replace"))
    return html.unescape(page)


def leaks(text: str) -> list[str]:
    """Identifiers found in a text: literally, or as the same digits written differently."""
    folded = text.casefold()
    numbers = [re.sub(r"\D", "", m) for m in re.findall(r"\d[\d\s.\-]{6,}\d", text)]
    found = [i for i in IDENTIFIERS if i.casefold() in folded]
    found += [i for i in IDENTIFIERS if re.fullmatch(r"[\d\- ]{9,}", i)
              and any(re.sub(r"\D", "", i) in number for number in numbers)]
    return sorted(set(found))


def outputs(client, corpus):
    """(label, response) for everything Meervoud can show or hand out about the corpus."""
    from meervoud.publication.selectors import published_themes

    themes = published_themes(with_quotes=True).themes
    keys = [theme.key for theme in themes]
    assert keys and any(theme.quotes for theme in themes), \
        "the corpus must publish themes and quotes, or this test proves nothing"
    anonymous = [reverse("core:home"), reverse("publication:themes"), reverse("practices:catalogue"),
                 reverse("publication:infographic"), reverse("publication:report_choice"),
                 "/api/v1/themas", "/api/v1/goede-praktijken", "/api/v1/export/themas.csv",
                 "/api/v1/export/themas.xlsx", "/api/v1/export/goede-praktijken.csv"]
    anonymous += [reverse("publication:theme", args=[key]) for key in keys]
    anonymous += [f"/api/v1/themas/{key}" for key in keys]
    anonymous += [f"{reverse('publication:themes')}?q={word}" for word in ("Bakker", "schulden", "Pekela")]
    for place in ("Groningen", "Zwolle", "Pekela"):
        anonymous += [f"{reverse('publication:infographic')}?gemeente={place}",
                      f"{reverse('publication:infographic_svg')}?gemeente={place}",
                      f"{reverse('publication:infographic_pdf')}?gemeente={place}",
                      f"{reverse('publication:themes')}?gemeente={place}",
                      f"/api/v1/themas?gemeente={place}",
                      reverse("publication:report", args=[place]),
                      reverse("publication:report_pdf", args=[place]),
                      reverse("publication:report_docx", args=[place])]
    anonymous.append(f"{reverse('publication:infographic_pdf')}?domein=armoede-schulden&formaat=A3")
    for url in anonymous:
        yield url, client.get(url)
    client.force_login(corpus["coordinator"])
    internal = [reverse("stories:list"), reverse("knowledge:themes"), reverse("exchange:export"),
                "/api/v1/kennisbehoeften", "/api/v1/export/kennisbehoeften.xlsx"]
    internal += [reverse("knowledge:theme", args=[key]) for key in keys]
    from meervoud.stories.models import Story

    internal += [reverse("stories:detail", args=[pk]) for pk in Story.objects.values_list("pk", flat=True)]
    for url in internal:
        yield f"{url} (coordinator)", client.get(url)
    client.logout()
