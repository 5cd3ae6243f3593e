import pytest


@pytest.fixture(autouse=True)
def _fresh_publication_cache():
    # Rolled-back tests can reuse ids, so the publication layer's cache key could repeat.
    from meervoud.publication.selectors import forget_cache

    forget_cache()
    yield
    forget_cache()


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
