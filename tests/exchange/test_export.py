"""What leaves Meervoud: only research-consented, de-identified stories, as the standard wants them."""

import hashlib
import io
import zipfile

import pytest
from meervoud.exchange import refiqda, selectors, services
from meervoud.knowledge.models import Statement, Theme
from meervoud.places.selectors import find_municipality
from meervoud.stories import services as stories
from meervoud.stories.models import LifeDomain, Narrator, Purpose

from .conftest import Qdpx, without_timestamp
from tests.links import personal_link

TEXT = ("Ik ben Jan de Vries en ik woonde aan de Hoofdstraat 12 in Groningen. "
        "Mijn dochter Lisa belde mij op 06-12345678 toen ik bij het Leger des Heils sliep.")
IDENTIFIERS = ("Jan", "Vries", "Lisa", "Hoofdstraat", "12345678", "Leger des Heils")


def identifying_story(code: str, purposes, theme: Theme):
    draft = stories.StoryDraft(
        text=TEXT, municipality=find_municipality("Groningen"),
        life_domains=list(LifeDomain.objects.filter(slug="verslaving")),
        helped="Lisa bleef naast mij staan.", hindered="De wachtlijst bij het Leger des Heils.",
        known_names=["Jan de Vries", "Lisa"])
    story = stories.create_story(narrator=Narrator.objects.create(code=code), draft=draft,
                                 purposes=set(purposes))
    for field in ("text", "helped", "hindered"):
        text = getattr(story, field)
        Statement.objects.create(key=f"{code}-{field}", story=story, field=field, text=text, start=0,
                                 end=len(text), content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                 theme=theme)
    return story


def contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.django_db
def test_only_research_consented_stories_leave_and_never_identifying(publish, settings):
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 30  # the original is in the database: it must stay there
    theme = publish.theme("steun")
    shared = identifying_story("V-GEHEIM-1", {Purpose.ANALYSIS, Purpose.RESEARCH}, theme)
    kept = identifying_story("V-GEHEIM-2", {Purpose.ANALYSIS, Purpose.QUOTE}, theme)
    assert shared.original_text == TEXT
    link = personal_link(shared.narrator)  # what the database keeps of it is the digest
    digest = Narrator.objects.get(pk=shared.narrator.pk).token_digest

    data = services.export_qdpx()
    files = contents(data)
    assert refiqda.schema_errors(files["project.qde"]) == []
    for name, content in files.items():
        text = content.decode()
        for secret in (*IDENTIFIERS, "V-GEHEIM-1", "V-GEHEIM-2", link, digest):
            assert secret not in text, (secret, name)
    names = {s.name for s in refiqda.read_project(data).sources}
    assert names == {f"Verhaal {shared.pk}", f"Verhaal {shared.pk} – wat hielp",
                     f"Verhaal {shared.pk} – wat zat in de weg"}
    assert f"Verhaal {kept.pk}" not in files["project.qde"].decode()


@pytest.mark.django_db
def test_statements_become_codings_on_their_own_field(publish):
    theme = publish.theme("steun")
    story = identifying_story("V-1", {Purpose.ANALYSIS, Purpose.RESEARCH}, theme)
    parsed = refiqda.read_project(services.export_qdpx())
    code = next(c for c in parsed.codes if c.name == "steun")
    for source in parsed.sources:
        (coding,) = source.codings
        assert coding.code == code.guid
        field = {"": "text", "wat hielp": "helped", "wat zat in de weg": "hindered"}[
            source.name.removeprefix(f"Verhaal {story.pk}").removeprefix(" – ")]
        assert source.text[coding.start:coding.end] == getattr(story, field)


@pytest.mark.django_db
def test_themes_are_codes_with_sub_themes_nested_and_insight_as_description(publish):
    parent = publish.theme("wonen", name="Een dak boven je hoofd", insight="Zonder huis geen rust.")
    sub = publish.theme("wonen-wachtlijst", parent=parent, label="wachtlijst")
    publish.theme("oud", active=False)
    statement = publish.statement("wonen", "N1", purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
    Statement.objects.filter(pk=statement.pk).update(subtheme=sub)
    qdpx = Qdpx(services.export_qdpx())
    top = qdpx.code("Een dak boven je hoofd")
    assert top.find("q:Description", {"q": refiqda.NS}).text == "Zonder huis geen rust."
    assert [c.get("name") for c in top.findall("q:Code", {"q": refiqda.NS})] == ["wachtlijst"]
    assert not [c for c in qdpx.root.iter(f"{{{refiqda.NS}}}Code") if c.get("name") == "oud"]
    (selection,) = qdpx.findall("q:Sources/q:TextSource/q:PlainTextSelection")
    refs = {ref.get("targetGUID") for ref in selection.iter(f"{{{refiqda.NS}}}CodeRef")}
    assert refs == {top.get("guid"), qdpx.code("wachtlijst").get("guid")}


@pytest.mark.django_db
def test_export_is_deterministic_apart_from_the_timestamp(publish):
    publish.many("werk", 3, purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
    first, second = services.export_qdpx(), services.export_qdpx()
    first_xml, second_xml = contents(first)["project.qde"], contents(second)["project.qde"]
    assert without_timestamp(first_xml) == without_timestamp(second_xml)
    assert {k: v for k, v in contents(first).items() if k != "project.qde"} == \
        {k: v for k, v in contents(second).items() if k != "project.qde"}


@pytest.mark.django_db
def test_withdrawing_research_consent_removes_the_story_from_the_next_export(publish):
    statement = publish.statement("werk", "N1", purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
    name = f"Verhaal {statement.story_id}"
    assert name in {s.name for s in refiqda.read_project(services.export_qdpx()).sources}
    stories.withdraw_consent(statement.story, Purpose.RESEARCH, via="link")
    assert name not in {s.name for s in refiqda.read_project(services.export_qdpx()).sources}


@pytest.mark.django_db
def test_place_and_domains_are_named_only_where_enough_narrators_share_them(publish, settings):
    settings.MEERVOUD_MIN_NARRATORS = 3
    research = (Purpose.ANALYSIS, Purpose.RESEARCH)
    many = publish.many("werk", 3, "Groningen", purposes=research)
    alone = publish.statement("werk", "eenling", "Maastricht", purposes=research)
    descriptions = {s.name: s.description for s in refiqda.read_project(services.export_qdpx()).sources}
    assert "Gemeente: Groningen." in descriptions[f"Verhaal {many[0].story_id}"]
    assert "Levensdomeinen: Verslaving." in descriptions[f"Verhaal {many[0].story_id}"]
    lonely = descriptions[f"Verhaal {alone.story_id}"]
    assert "Maastricht" not in lonely and "Limburg" not in lonely


@pytest.mark.django_db
def test_export_guids_follow_meervouds_ids(publish):
    statement = publish.statement("werk", "N1", purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
    (source,) = refiqda.read_project(services.export_qdpx()).sources
    assert source.guid == selectors.source_guid(statement.story_id, "text")
    assert source.codings[0].selection == selectors.guid("statement", statement.key)
