"""One filled-in, fictional plan van aanpak for the demo (Groningen, demo users).

`create_demo_plan()` is idempotent: it returns the existing demo plan when there is one. It
needs the demo users from `meervoud.demo.services.create_demo_accounts()`.
"""

import datetime

from django.db import transaction

from meervoud.accounts.models import User
from meervoud.places.selectors import find_municipality
from meervoud.plans import services
from meervoud.plans.models import (
    Action,
    ActionStatus,
    ChecklistItem,
    GoalTable,
    Plan,
    PlanMember,
    ProgrammeKind,
    ProjectRole,
)

DEMO_LOCATION = "Groningen, wijk Oosterpark (fictief)"

PLAN = {
    "title": "Empowerment en inzet ervaringsdeskundigheid in de wijk",
    "location": DEMO_LOCATION,
    "self_help_organisations": "Herstelhuis Noord (fictief)",
    "district_teams": "Wijkteam Oost (fictief)",
    "project_lead": "Coördinator Herstelhuis Noord (fictief)",
    "background_team": "Een generalistisch sociaal wijkteam voor ongeveer 9.000 inwoners. Het team "
                       "ondersteunt bij geldzorgen, wonen, opvoeden en psychische kwetsbaarheid; "
                       "ongeveer 120 inwoners met een psychische kwetsbaarheid krijgen nu "
                       "ondersteuning.",
    "background_team_staff": "Veertien medewerkers: sociaal werkers, een wijkverpleegkundige, "
                             "een schuldhulpverlener en een jeugdconsulent.",
    "background_organisation": "Een zelfregiecentrum met inloop, herstelwerkgroepen en "
                               "WRAP-groepen, voor en door mensen met een psychische "
                               "kwetsbaarheid of verslaving.",
    "background_organisation_staff": "Drie betaalde krachten en 25 vrijwilligers; acht van hen "
                                     "zijn opgeleid als ervaringsdeskundige.",
    "background_focus": "Eenzame wijkbewoners met een psychische kwetsbaarheid die de weg naar "
                        "activiteiten in de wijk niet vinden. Het wijkteam ziet hen wel, maar "
                        "bereikt hen moeilijk.",
    "background_strengths": "Goed: de inloop is bekend in de wijk. Beter: sociaal werkers weten "
                            "nog weinig van wat ervaringsdeskundigen kunnen doen.",
    "structure_composition": "Coördinator Herstelhuis Noord (projectleider), twee "
                             "ervaringsdeskundigen, twee sociaal werkers van Wijkteam Oost en een "
                             "beleidsmedewerker van de gemeente (allen fictief).",
    "structure_tasks": "De projectleider bewaakt de planning; de ervaringsdeskundigen en sociaal "
                       "werkers werken in tandems; de beleidsmedewerker regelt de randvoorwaarden.",
    "structure_meetings": "Eens per zes weken.",
    "structure_partners": "Het buurthuis (ruimte voor een spreekuur) en de bibliotheek "
                          "(voorlichting).",
    "structure_success": "Vaste uren voor de ervaringsdeskundigen en een vast agendapunt in het "
                         "wijkteamoverleg.",
}

ACTIONS = [
    (GoalTable.OWN_DIRECTION, "Twintig wijkbewoners doen mee aan een herstelwerkgroep.",
     "Wekelijkse herstelwerkgroep in het buurthuis.", "Twee ervaringsdeskundigen",
     "vanaf maart", ActionStatus.BUSY, "Eerste groep van acht deelnemers is gestart."),
    (GoalTable.OWN_DIRECTION, "Wijkbewoners maken een eigen herstelplan.",
     "WRAP-groep aanbieden.", "Ervaringsdeskundige", "najaar", ActionStatus.PLANNED, ""),
    (GoalTable.COLLABORATION, "Ervaringsdeskundigen zijn bekend in het wijkteam.",
     "Ervaringsdeskundigen schuiven eens per maand aan bij het wijkteamoverleg.",
     "Projectleider", "elke maand", ActionStatus.DONE, "Staat als vast agendapunt op de agenda."),
    (GoalTable.COLLABORATION, "Samen casuïstiek bespreken.",
     "Twee tandems van sociaal werker en ervaringsdeskundige.", "Wijkteam Oost en Herstelhuis "
     "Noord", "tweede kwartaal", ActionStatus.BUSY, ""),
]


@transaction.atomic
def create_demo_plan() -> Plan:
    existing = Plan.objects.filter(is_fictional=True, location=DEMO_LOCATION).first()
    if existing:
        return existing
    users = {user.username: user for user in User.objects.filter(
        username__in=["coordinator", "beleid", "verteller"])}
    lead = users.get("coordinator") or users.get("beleid")
    if lead is None:
        raise LookupError("Maak eerst de demo-accounts aan (create_demo_accounts).")
    today = datetime.date.today()
    plan = services.create_plan(user=lead, data={
        **PLAN, "municipality": find_municipality("Groningen"),
        "period_start": today.replace(day=1),
        "period_end": today.replace(day=1) + datetime.timedelta(days=440),
    }, is_fictional=True)
    for username, role in (("beleid", ProjectRole.POLICY), ("verteller", ProjectRole.PEER_EXPERT)):
        if username in users:
            PlanMember.objects.get_or_create(plan=plan, user=users[username],
                                             defaults={"role": role})
    for order, (table, goal, what, who, when, status, progress) in enumerate(ACTIONS, start=1):
        Action.objects.create(plan=plan, table=table, order=order, goal=goal, what=what, who=who,
                              when=when, status=status, progress=progress, updated_by=lead)
    plan.actions.filter(table=GoalTable.TRAINING, order=1).update(
        goal="Gezamenlijke taal over herstel en empowerment.",
        who="Trainer van een landelijke organisatie samen met een ervaringsdeskundige van "
            "Herstelhuis Noord (fictief)", when="drie middagen in het voorjaar", participants=16)
    plan.actions.filter(table=GoalTable.TRAINING, order=2).update(
        goal="Het hele wijkteam weet wat ervaringsdeskundigen kunnen doen.",
        who="Ervaringsdeskundigen van Herstelhuis Noord (fictief)", when="teamdag in februari",
        participants=14, status=ActionStatus.DONE)
    first_phase = plan.checklists.get(key="fase-1")
    first_phase.starts_on, first_phase.ends_on = plan.period_start, plan.period_start + datetime.timedelta(days=90)
    first_phase.save(update_fields=["starts_on", "ends_on"])
    ChecklistItem.objects.filter(checklist=first_phase, order__lte=4).update(
        done=True, done_by=lead, done_at=first_phase.updated_at)
    ChecklistItem.objects.filter(checklist__plan=plan, checklist__key="tips-gemeenten",
                                 order__in=[1, 2, 7]).update(done=True, done_by=lead,
                                                             done_at=first_phase.updated_at)
    workshop = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=lead)
    workshop.trainers = "Twee ervaringsdeskundigen van Herstelhuis Noord (fictief)"
    workshop.venue = "Buurthuis Oosterpark (fictief)"
    workshop.save(update_fields=["trainers", "venue"])
    session = workshop.sessions.first()
    session.date = plan.period_start + datetime.timedelta(days=30)
    session.start_time = datetime.time(13, 30)
    session.save(update_fields=["date", "start_time"])
    return plan
