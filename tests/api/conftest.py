"""Fixtures for the API tests: one account per role with a token, and a small world with
published and hidden things of every resource."""

import datetime

import pytest
from rest_framework.test import APIClient

ROLES = ["anonymous", "verteller", "coordinator", "beleid", "onderzoeker", "beheerder"]


@pytest.fixture
def officer_org(db):
    from meervoud.accounts.models import Organisation, OrganisationKind
    from meervoud.places.selectors import find_municipality

    return Organisation.objects.create(name="Gemeente Groningen (test)",
                                       kind=OrganisationKind.MUNICIPALITY,
                                       municipality=find_municipality("Groningen"))


@pytest.fixture
def users(make_user, officer_org):
    made = {role: make_user(role) for role in ROLES if role != "anonymous"}
    made["beleid"].organisation = officer_org
    made["beleid"].save()
    return made


@pytest.fixture
def api(users):
    """``api(role)``: a client that sends that role's token (no token for "anonymous")."""
    from meervoud.api.tokens import issue_token

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(users[role])[0]}")
        return client

    return make


@pytest.fixture
def quick_publish(db):
    """Like the shared ``publish`` fixture, but stores the (already harmless) text directly
    instead of through de-identification, which costs about a second per world."""
    import hashlib
    import itertools

    from meervoud.knowledge.models import Statement, Theme
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.models import LifeDomain, Narrator, Purpose, Story
    from meervoud.stories.services import give_consent

    numbers = itertools.count(1)

    class Builder:
        def theme(self, key: str, *, validated: bool = True, **fields) -> Theme:
            from django.utils import timezone

            theme, _ = Theme.objects.get_or_create(key=key, defaults={"label": key})
            for name, value in fields.items():
                setattr(theme, name, value)
            theme.validated_at = timezone.now() if validated else None
            theme.save()
            return theme

        def many(self, key: str, count: int, place: str = "Groningen", *, kind: str = "other",
                 domains=("verslaving",)):
            theme = Theme.objects.filter(key=key).first() or self.theme(key)
            town = find_municipality(place)
            life_domains = list(LifeDomain.objects.filter(slug__in=domains))
            for _ in range(count):
                n = next(numbers)
                text = f"Verhaal {key} {n}: de hulp kwam pas laat, maar het maakte verschil."
                story = Story.objects.create(
                    narrator=Narrator.objects.create(code=f"Q-{key}-{place}-{n}"), text=text,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(), municipality=town)
                story.life_domains.set(life_domains)
                for purpose in (Purpose.ANALYSIS, Purpose.QUOTE):
                    give_consent(story, purpose, via="form")
                Statement.objects.create(key=f"q{story.pk}", story=story, text=text, start=0,
                                         end=len(text), content_hash=story.content_hash,
                                         kind=kind, theme=theme)

    return Builder()


@pytest.fixture
def world(db, quick_publish, users, officer_org):
    """Published and hidden things of each resource, named so tests can refer to them."""
    from meervoud.accounts.models import Organisation, OrganisationKind
    from meervoud.needs.models import InformationNeed
    from meervoud.places.selectors import find_municipality
    from meervoud.pool.models import Assignment, ExpertProfile
    from meervoud.practices.models import GoodPractice, PracticeStatus
    from meervoud.stories.models import LifeDomain

    publish = quick_publish
    publish.theme("wachtlijsten", name="Wachtlijsten", insight="Wachten maakt het erger.")
    publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    publish.many("schulden", 4, "Groningen")  # under k: never published
    publish.many("ongezien", 6, "Groningen")
    publish.theme("ongezien", validated=False)
    groningen, zwolle = find_municipality("Groningen"), find_municipality("Zwolle")
    domain = LifeDomain.objects.get(slug="verslaving")

    published = GoodPractice.objects.create(slug="herstelhuis", title="Herstelhuis",
                                            summary="Een huis om te herstellen.",
                                            status=PracticeStatus.PUBLISHED)
    published.municipalities.set([groningen])
    proposed = GoodPractice.objects.create(slug="nog-een-voorstel", title="Nog een voorstel",
                                           summary="Wacht op een coördinator.",
                                           proposed_by=users["verteller"])
    proposed.municipalities.set([groningen])

    def need(town):
        made = InformationNeed.objects.create(
            municipality=town, questions="Wat helpt bij schulden?", formats=["rapport"],
            contact_name="Fatima de Vries", contact_email="fatima@gemeente.example",
            contact_phone="050-1234567")
        made.life_domains.set([domain])
        return made

    expert_user = users["verteller"]
    expert = ExpertProfile.objects.create(user=expert_user, display_name="Kees", home=groningen,
                                          domains_visible_to="coordinators")
    expert.domains.set([domain])
    other_org = Organisation.objects.create(name="Wijkteam Zwolle (test)",
                                            kind=OrganisationKind.DISTRICT_TEAM,
                                            municipality=zwolle)

    def assignment(org):
        made = Assignment.objects.create(
            title="Training wijkteam", description="Twee ervaringsdeskundigen voor een training.",
            organisation=org, activity="training", hours_per_week=4,
            start=datetime.date(2027, 1, 1), end=datetime.date(2027, 3, 1))
        made.domains.set([domain])
        return made

    return {
        "theme": "wachtlijsten", "small_theme": "schulden", "unvalidated_theme": "ongezien",
        "practice": published.slug, "proposal": proposed.slug,
        "need": need(groningen).pk, "other_need": need(zwolle).pk,
        "expert": expert.pk,
        "assignment": assignment(officer_org).pk, "other_assignment": assignment(other_org).pk,
    }
