import pytest



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
