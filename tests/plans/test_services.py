import datetime

import pytest

from meervoud.plans import selectors, services
from meervoud.plans.models import (
    Action,
    ActionStatus,
    ChecklistItem,
    ChecklistKind,
    GoalTable,
    PlanMember,
    ProgrammeKind,
    ProjectRole,
)

pytestmark = pytest.mark.django_db


def test_new_plan_gets_member_checklists_and_training_rows(plan, plan_user):
    assert plan.title == "Empowerment en inzet ervaringsdeskundigheid in de wijk"
    assert PlanMember.objects.get(plan=plan).user == plan_user
    assert PlanMember.objects.get(plan=plan).role == ProjectRole.LEAD
    phases = list(plan.checklists.filter(kind=ChecklistKind.PHASE))
    assert [p.number for p in phases] == [1, 2, 3]
    steps = ChecklistItem.objects.filter(checklist__plan=plan, is_step=True).order_by("step_number")
    assert [s.step_number for s in steps] == list(range(1, 9))
    keys = set(plan.checklists.values_list("key", flat=True))
    assert {"tips-gemeenten", "dos-donts", "handvatten-3", "handvatten-4", "handvatten-5"} <= keys
    training = plan.actions.filter(table=GoalTable.TRAINING)
    assert [a.what[:8] for a in training] == ["Training", "Workshop"]


def test_seeding_is_idempotent_and_plans_have_their_own_copy(plan, plan_user, municipality):
    count = ChecklistItem.objects.filter(checklist__plan=plan).count()
    assert services.seed_plan(plan) == 0
    assert ChecklistItem.objects.filter(checklist__plan=plan).count() == count
    plan.checklists.get(key="dos-donts").delete()
    assert services.seed_plan(plan) == 1
    other = services.create_plan(user=plan_user, data={"municipality": municipality,
                                                       "location": "Elders"})
    item = ChecklistItem.objects.filter(checklist__plan=plan).first()
    item.text = "Aangepast door het team"
    item.save()
    assert not ChecklistItem.objects.filter(checklist__plan=other,
                                            text="Aangepast door het team").exists()


def test_plan_update_refuses_a_stale_version(plan, plan_user, make_user):
    other = make_user("verteller", "ed1")
    version = plan.version
    services.update_plan(plan, data={"location": "Wijk Noord-Oost"}, version=version, user=other)
    with pytest.raises(services.ConflictError) as caught:
        services.update_plan(plan, data={"location": "Wijk Zuid"}, version=version, user=plan_user)
    assert caught.value.current.location == "Wijk Noord-Oost"
    assert caught.value.current.updated_by == other
    plan.refresh_from_db()
    assert (plan.location, plan.version) == ("Wijk Noord-Oost", version + 1)


def test_goal_table_saves_all_or_nothing(plan, plan_user):
    services.save_actions(plan, GoalTable.OWN_DIRECTION, [
        services.RowChange(None, None, {"goal": "Meer eigen regie", "what": "Herstelgroep",
                                        "who": "ED", "when": "maart", "status": "gepland"}),
        services.RowChange(None, None, {"goal": "", "what": "", "who": "", "when": ""}),
    ], user=plan_user)
    action = plan.actions.get(table=GoalTable.OWN_DIRECTION)
    assert action.order == 1
    stale = action.version
    services.update_progress(action, status=ActionStatus.BUSY, progress="gestart",
                             version=stale, user=plan_user)
    with pytest.raises(services.ConflictError):
        services.save_actions(plan, GoalTable.OWN_DIRECTION, [
            services.RowChange(None, None, {"goal": "Nieuw doel", "what": "x"}),
            services.RowChange(action.pk, stale, {"goal": "Ander doel", "what": "Herstelgroep",
                                                  "who": "ED", "when": "maart",
                                                  "status": "gepland"}),
        ], user=plan_user)
    assert plan.actions.filter(table=GoalTable.OWN_DIRECTION).count() == 1  # rolled back
    # An unchanged row with an old version is not a conflict: nothing is overwritten.
    services.save_actions(plan, GoalTable.OWN_DIRECTION, [
        services.RowChange(action.pk, stale, {"goal": "Meer eigen regie"})], user=plan_user)
    action.refresh_from_db()
    assert action.status == ActionStatus.BUSY
    services.save_actions(plan, GoalTable.OWN_DIRECTION, [
        services.RowChange(action.pk, action.version, {}, delete=True)], user=plan_user)
    assert not plan.actions.filter(table=GoalTable.OWN_DIRECTION).exists()


def test_progress_counts(plan, plan_user):
    for status in (ActionStatus.DONE, ActionStatus.BUSY):
        Action.objects.create(plan=plan, table=GoalTable.COLLABORATION, what="x", status=status)
    progress = selectors.action_progress(plan)
    assert progress["samenwerking"]["klaar"] == 1
    assert progress["total"]["gepland"] == 2  # the two training rows
    item = ChecklistItem.objects.filter(checklist__plan=plan).first()
    services.update_item(item, done=True, note="besproken", version=item.version, user=plan_user)
    item.refresh_from_db()
    assert item.done and item.done_by == plan_user and item.done_at
    entry = next(e for e in selectors.checklist_progress(plan) if e["checklist"] == item.checklist)
    assert entry["done"] == 1
    services.update_item(item, done=False, note="", version=item.version, user=plan_user)
    item.refresh_from_db()
    assert not item.done and item.done_by is None


def test_custom_items_can_go_handbook_items_stay(plan, plan_user):
    checklist = plan.checklists.get(key="tips-gemeenten")
    custom = services.add_item(checklist, text="  Wethouder uitnodigen ", user=plan_user)
    assert custom.text == "Wethouder uitnodigen" and custom.is_custom
    services.delete_custom_item(custom)
    with pytest.raises(services.PlanError):
        services.delete_custom_item(checklist.items.first())


def test_phase_dates(plan, plan_user):
    phase = plan.checklists.get(key="fase-2")
    with pytest.raises(services.PlanError):
        services.update_phase(phase, starts_on=datetime.date(2030, 5, 1),
                              ends_on=datetime.date(2030, 4, 1), note="", version=phase.version,
                              user=plan_user)
    services.update_phase(phase, starts_on=datetime.date(2030, 5, 1), ends_on=None,
                          note="na de zomer evalueren", version=phase.version, user=plan_user)
    phase.refresh_from_db()
    assert phase.starts_on == datetime.date(2030, 5, 1) and phase.version == 2


def test_members_keep_one_lead(plan, plan_user, make_user):
    ed = make_user("verteller", "ed2")
    member = services.add_member(plan, user=ed, role=ProjectRole.PEER_EXPERT)
    with pytest.raises(services.PlanError):
        services.add_member(plan, user=ed, role=ProjectRole.MEMBER)
    lead = PlanMember.objects.get(plan=plan, user=plan_user)
    with pytest.raises(services.PlanError):
        services.remove_member(lead)
    with pytest.raises(services.PlanError):
        services.change_role(lead, ProjectRole.POLICY)
    services.change_role(member, ProjectRole.LEAD)
    services.change_role(lead, ProjectRole.POLICY)
    assert selectors.can_manage_members(ed, plan) and not selectors.can_manage_members(plan_user, plan)
    assert selectors.can_edit(plan_user, plan)


def test_visibility(plan, plan_user, make_user):
    outsider = make_user("coordinator", "coord-elders")
    admin = make_user("beheerder", "beheer1")
    assert list(selectors.plans_for(plan_user)) == [plan]
    assert not selectors.plans_for(outsider).exists()
    assert list(selectors.plans_for(admin)) == [plan]
    assert not selectors.can_view(outsider, plan)
    assert selectors.can_view(admin, plan)


def test_programme_copies_template_and_schedules(plan, plan_user):
    training = services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)
    assert training.sessions.count() == 3
    assert training.venue == "Wijk Noord"
    session = training.sessions.first()
    blocks = list(session.blocks.all())
    assert blocks[0].title == "Welkom" and blocks[1].materials == "Beeldkaarten"
    services.save_session(session, data={"title": "Dagdeel 1", "date": datetime.date(2030, 3, 4),
                                         "start_time": datetime.time(9, 0), "venue": ""},
                          blocks=[{"title": "Welkom en koffie", "minutes": 20},
                                  {"title": "Over de lijn", "minutes": 30, "exercise": "Stellingen"}],
                          version=session.version, user=plan_user)
    session.refresh_from_db()
    timed = selectors.timed_blocks(session)
    assert [(t["start"], t["end"]) for t in timed] == [
        (datetime.time(9, 0), datetime.time(9, 20)), (datetime.time(9, 20), datetime.time(9, 50))]
    with pytest.raises(services.ConflictError):
        services.save_session(session, data={}, blocks=[], version=1, user=plan_user)
    assert session.blocks.count() == 2
    workshop = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    assert [b.title for b in workshop.sessions.get().blocks.all()] == [
        b["title"] for b in selectors.workshop_template()]


def test_demo_plan_is_idempotent():
    from meervoud.demo.services import create_demo_accounts
    from meervoud.plans.demo import create_demo_plan

    create_demo_accounts()
    plan = create_demo_plan()
    assert create_demo_plan() == plan
    assert plan.is_fictional
    roles = dict(plan.memberships.values_list("user__username", "role"))
    assert roles == {"coordinator": ProjectRole.LEAD, "beleid": ProjectRole.POLICY,
                     "verteller": ProjectRole.PEER_EXPERT}
    assert plan.actions.filter(table=GoalTable.OWN_DIRECTION).exists()
    assert plan.actions.filter(status=ActionStatus.DONE).exists()
    assert plan.programmes.filter(kind=ProgrammeKind.WORKSHOP).exists()
    assert ChecklistItem.objects.filter(checklist__plan=plan, done=True).count() >= 4
