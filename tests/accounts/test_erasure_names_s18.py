"""Session 18: an erased person's name leaves the free-text fields where people type who does
what (a plan's project lead, a practice's contact, an assignment's tandem partner)."""

import pytest

from meervoud.accounts import services as accounts
from meervoud.plans import services as plans
from meervoud.plans.models import Plan
from meervoud.pool.models import Assignment
from meervoud.practices.models import GoodPractice
from tests.pool.builders import assignment, org

pytestmark = pytest.mark.django_db


@pytest.fixture
def els(make_user):
    user = make_user("beleid", "els.jansen")
    user.first_name, user.last_name, user.email = "Els", "Jansen", "els@groningen.example"
    user.save()
    return user


def test_her_full_name_and_address_leave_the_free_text_fields(els, make_user, make_practice,
                                                              municipality):
    colleague = make_user("beleid", "piet")
    plan = plans.create_plan(user=colleague, data={"municipality": municipality,
                                                   "project_lead": "Piet Bos en els jansen (GGD)"})
    practice = make_practice("Inloop", municipalities=["Groningen"])
    GoodPractice.objects.filter(pk=practice.pk).update(contact="Els Jansen, els@groningen.example")
    work = assignment(org())
    Assignment.objects.filter(pk=work.pk).update(tandem_with="Els Jansen")

    erased = accounts.erase_account(els, by=None)

    assert erased.named == 3
    assert Plan.objects.get(pk=plan.pk).project_lead == "Piet Bos en (GGD)"
    assert GoodPractice.objects.get(pk=practice.pk).contact == ""
    assert Assignment.objects.get(pk=work.pk).tandem_with == ""


def test_a_first_name_alone_or_someone_else_stays(make_user, municipality):
    anna = make_user("beleid", "anna")
    anna.first_name = "Anna"  # no last name: "Anna" is too often someone else
    anna.save()
    plan = plans.create_plan(user=make_user("beleid", "piet"), data={
        "municipality": municipality, "project_lead": "Anna de Vries"})

    assert accounts.erase_account(anna, by=None).named == 0
    assert Plan.objects.get(pk=plan.pk).project_lead == "Anna de Vries"
