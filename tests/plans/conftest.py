import pytest


@pytest.fixture
def plan_user(make_user):
    return make_user("beleid", "beleid1")


@pytest.fixture
def plan(db, plan_user, municipality):
    from meervoud.plans import services

    return services.create_plan(user=plan_user, data={
        "municipality": municipality, "location": "Wijk Noord",
        "self_help_organisations": "Zelfregiecentrum Noord", "district_teams": "Wijkteam Noord",
        "project_lead": "Anna de Vries", "background_focus": "Eenzaamheid in de wijk."})
