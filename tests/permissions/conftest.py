"""A small world with one object of every kind, so every URL of the web app can be visited."""

import pytest
from tests.links import personal_link

ROLES = ("anoniem", "verteller", "coordinator", "beleid", "onderzoeker", "beheerder")


@pytest.fixture
def world(db, publish):
    from meervoud.demo.pool import load_demo_pool
    from meervoud.demo.services import DEMO_PASSWORD, create_demo_accounts
    from meervoud.exchange.models import CodingProposal
    from meervoud.knowledge.models import AnalysisRun
    from meervoud.needs.demo import create_demo_needs
    from meervoud.needs.models import InformationNeed
    from meervoud.plans.demo import create_demo_plan
    from meervoud.plans.models import Plan
    from meervoud.pool.models import Assignment, ExpertProfile, Proposal
    from meervoud.practices.demo import create_demo_practices
    from meervoud.practices.models import GoodPractice, PracticeStatus
    from meervoud.stories.models import Purpose
    from meervoud.stories.services import give_consent

    create_demo_accounts()
    load_demo_pool(DEMO_PASSWORD)
    create_demo_practices()
    create_demo_needs()
    create_demo_plan()
    statements = publish.many("wachtlijsten", 5)
    story = statements[0].story
    # with research consent, so that a researcher's 200 on its page is about the role
    give_consent(story, Purpose.RESEARCH, via="link")
    plan = Plan.objects.get()
    from meervoud.plans.services import create_own_checklist

    create_own_checklist(plan, title="Eigen lijst van het team", user=None)
    assignment = Assignment.objects.first()
    own_profile = ExpertProfile.objects.get(user__username="verteller")
    proposal = Proposal.objects.create(assignment=assignment, expert=own_profile)
    return {
        "story": story, "token": personal_link(story.narrator), "theme": statements[0].theme,
        "run": AnalysisRun.objects.create(status=AnalysisRun.Status.DONE),
        "expert": own_profile, "assignment": assignment, "proposal": proposal,
        "practice": GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED).first(),
        "proposed_practice": GoodPractice.objects.filter(status=PracticeStatus.PROPOSED).first(),
        "need": InformationNeed.objects.first(), "plan": plan,
        "coding_proposal": CodingProposal.objects.create(file_name="project.qdpx"),
    }


OWN_CHECKLIST_URLS = ("plans:checklist_rename", "plans:checklist_delete")


def url_kwargs(name: str, params: list[str], world: dict) -> dict:
    """Fill a URL's parameters from the world."""
    from meervoud.plans.models import GoalTable

    plan = world["plan"]
    programme = plan.programmes.first()
    pk_of = {"stories:detail": world["story"], "knowledge:run": world["run"],
             "pool:expert_edit": world["expert"], "pool:assignment": world["assignment"],
             "pool:assignment_edit": world["assignment"],
             "pool:respond": world["proposal"], "needs:detail": world["need"],
             "exchange:proposal": world["coding_proposal"]}
    values = {
        "token": world["token"], "key": world["theme"].key, "municipality": "Groningen",
        "uidb64": "MQ",
        "slug": world["practice"].slug, "table": GoalTable.values[0],
        "action_pk": plan.actions.first().pk,
        # renaming and deleting work on a team's own list; the handbook's lists stay
        "checklist_pk": (plan.checklists.filter(kind="eigen") if name in OWN_CHECKLIST_URLS
                         else plan.checklists).first().pk,
        "item_pk": plan.checklists.first().items.first().pk,
        "programme_pk": programme.pk, "session_pk": programme.sessions.first().pk,
        "pk": pk_of.get(name, plan).pk,
    }
    return {param: values[param] for param in params}
