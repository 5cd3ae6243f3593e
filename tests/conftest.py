import hashlib
import itertools

import pytest
from django.utils import timezone

_texts = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_publication_cache():
    # Rolled-back tests can reuse ids, so the publication layer's cache key could repeat.
    from meervoud.publication.selectors import forget_cache

    forget_cache()
    yield
    forget_cache()


@pytest.fixture(autouse=True)
def _own_erasure_ledger(tmp_path):
    # Deleting or withdrawing appends to the ledger of erasures (stories.erasures); each test
    # gets its own, so tests never write to the checkout's var/ nor read each other's lines.
    from django.test import override_settings

    with override_settings(MEERVOUD_ERASURE_LEDGER=tmp_path / "erasures.jsonl"):
        yield


@pytest.fixture(autouse=True)
def _site_language_afterwards():
    # A request in English leaves English active in this thread (LocaleMiddleware activates, it
    # does not deactivate): the next test would render documents outside a request in English.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def municipality(db):
    from meervoud.places.selectors import find_municipality

    return find_municipality("Groningen")


@pytest.fixture
def domains(db):
    from meervoud.stories.models import LifeDomain

    return list(LifeDomain.objects.filter(slug__in=["dak-thuisloosheid", "verslaving"]))


@pytest.fixture
def make_user(db):
    from meervoud.accounts.models import User

    def make(role: str, username: str | None = None):
        return User.objects.create_user(username=username or role, password="geheim-wachtwoord-1",
                                        role=role)

    return make


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests empty every table afterwards, the migrations' reference data too;
    put it back before each browser test."""
    import importlib

    from django.apps import apps

    from meervoud.places.services import load_municipalities

    load_municipalities()
    seeds = importlib.import_module("meervoud.stories.migrations.0002_vocabularies_and_consent_texts")
    seeds.seed(apps, None)
    importlib.import_module("meervoud.stories.migrations.0003_research_consent_in_plain_dutch"
                            ).research_text_in_plain_dutch(apps, None)

@pytest.fixture
def publish(db):
    """Build published knowledge precisely: ``publish.statement(theme_key, narrator, place, ...)``
    stores a real story (through the intake service, so it is de-identified and has consents)
    with one statement in the theme. Themes are validated by peer experts unless told otherwise."""
    from meervoud.knowledge.models import QuoteReview, Statement, Theme
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.models import LifeDomain, Narrator, Purpose
    from meervoud.stories.services import StoryDraft, create_story

    class Builder:
        def theme(self, key: str, *, validated: bool = True, **fields) -> Theme:
            theme, _ = Theme.objects.get_or_create(key=key, defaults={"label": key.replace("-", " ")})
            for name, value in fields.items():
                setattr(theme, name, value)
            theme.validated_at = timezone.now() if validated else None
            theme.save()
            return theme

        def statement(self, theme_key: str, narrator: str, place: str = "Groningen", *,
                      domains=("verslaving",), kind: str = "other", text: str | None = None,
                      purposes=(Purpose.ANALYSIS, Purpose.QUOTE), level: str = "micro",
                      share: bool = True, quote_approved: bool = True):
            """``share``: the narrator also lets what is learned be shared with her place
            (without it, her story counts for the whole country only). ``quote_approved``: a
            peer expert read the statement and approved it as a quote (only with quoting consent
            does that publish it)."""
            theme = Theme.objects.filter(key=theme_key).first() or self.theme(theme_key)
            person, _ = Narrator.objects.get_or_create(code=narrator)
            number = next(_texts)
            text = text or f"Verhaal nummer {number}: de hulp kwam pas laat, maar het maakte verschil voor mij."
            story = create_story(
                narrator=person, purposes=set(purposes) | ({Purpose.SHARE} if share else set()),
                draft=StoryDraft(text=text, municipality=find_municipality(place), level=level,
                                 life_domains=list(LifeDomain.objects.filter(slug__in=domains))))
            statement = Statement.objects.create(
                key=f"s{story.pk}", story=story, text=story.text, start=0, end=len(story.text),
                content_hash=hashlib.sha256(story.text.encode()).hexdigest(), kind=kind, theme=theme)
            if quote_approved and Purpose.QUOTE in purposes:
                QuoteReview.objects.create(statement=statement, content_hash=statement.content_hash,
                                           decision=QuoteReview.Decision.APPROVED)
            return statement

        def backed(self, theme_key: str, narrators: int, place: str = "Groningen", *,
                   validated: bool = True, domains=("verslaving",), **fields) -> Theme:
            """A theme with its fields, backed by this many distinct narrators."""
            theme = self.theme(theme_key, validated=validated, **fields)
            self.many(theme_key, narrators, place, domains=domains)
            return theme

        def many(self, theme_key: str, count: int, place: str = "Groningen", prefix: str | None = None, **kwargs):
            prefix = prefix or f"{theme_key}-{place}"
            return [self.statement(theme_key, f"{prefix}-{i}", place, **kwargs) for i in range(count)]

    return Builder()


@pytest.fixture
def make_practice(db):
    from meervoud.places.selectors import find_municipality
    from meervoud.practices.models import GoodPractice, PracticeStatus
    from meervoud.stories.models import LifeDomain

    def make(title: str, *, municipalities=(), regions=(), provinces=(), domains=(),
             status=PracticeStatus.PUBLISHED, level="", proposed_by=None):
        from meervoud.places.models import Province, Region
        from django.utils.text import slugify

        practice = GoodPractice.objects.create(slug=slugify(title), title=title,
                                               summary=f"Over {title}.", status=status,
                                               level=level, proposed_by=proposed_by)
        practice.municipalities.set([find_municipality(name) for name in municipalities])
        practice.regions.set(Region.objects.filter(name__in=regions))
        practice.provinces.set(Province.objects.filter(name__in=provinces))
        practice.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
        return practice

    return make


@pytest.fixture
def officer(db, make_user):
    """A policy officer of the municipality of Groningen."""
    from meervoud.accounts.models import Organisation, OrganisationKind
    from meervoud.places.selectors import find_municipality

    user = make_user("beleid")
    user.organisation = Organisation.objects.create(
        name="Gemeente Groningen (test)", kind=OrganisationKind.MUNICIPALITY,
        municipality=find_municipality("Groningen"))
    user.save()
    return user


def run_background_tasks() -> None:
    """Run what waits in the task queue, as ``meervoud db_worker`` does. Between tasks the worker
    closes connections it thinks stale; inside a test's transaction on PostgreSQL that would
    close the test's own connection, so that step is left out here."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
