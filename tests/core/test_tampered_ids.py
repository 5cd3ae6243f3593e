"""A choice of several rows (life domains, places, themes) posted with an id no database can
hold (a tampered request, a security scan) is "not a valid choice" on the form, in every form
that offers such a choice, not a server error (SQLite cannot compare such a number)."""

import pytest

from meervoud.accounts.models import Role

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def _forms(user):
    from meervoud.needs.forms import QuestionnaireForm
    from meervoud.pool.forms import AssignmentForm, ExpertProfileForm
    from meervoud.practices.forms import PracticeForm
    from meervoud.stories.forms import StoryForm

    return [
        (lambda data: PracticeForm(data, user=user), ["life_domains", "municipalities", "regions",
                                                      "provinces", "themes"]),
        (lambda data: ExpertProfileForm(data), ["domains"]),
        (lambda data: AssignmentForm(data, user=user), ["domains"]),
        (lambda data: QuestionnaireForm(data, user=user), ["life_domains"]),
        (lambda data: StoryForm(data), ["life_domains"]),
    ]


def test_an_id_too_big_for_the_database_is_an_invalid_choice(make_user):
    user = make_user(Role.COORDINATOR, "coord-ids")
    for make, fields in _forms(user):
        for field in fields:
            form = make({field: [HUGE]})
            assert not form.is_valid()
            assert field in form.errors, (type(form).__name__, field)
