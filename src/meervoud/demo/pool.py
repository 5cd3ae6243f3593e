"""Fictional peer experts and assignments for the demo pool (names marked fictional)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from meervoud.accounts.models import Organisation, Role, User
from meervoud.places.selectors import find_municipality
from meervoud.pool.models import Assignment, ExpertProfile
from meervoud.stories.models import LifeDomain

# name, home, domains, roles, activities, levels, hours, km
EXPERTS = [
    ("Anouk", "Groningen", ["dak-thuisloosheid", "verslaving"], ["bruggenbouwer", "bondgenoot"],
     ["keukentafel", "maatje", "training"], ["micro", "meso"], 12, 30),
    ("Bram", "Groningen", ["armoede-schulden", "werk-inkomen"], ["criticus", "veranderaar"],
     ["beleidsadvies", "projectwerk"], ["meso", "macro"], 8, 40),
    ("Chantal", "Assen", ["psychische-kwetsbaarheid", "eenzaamheid"], ["bondgenoot"],
     ["herstelgroep", "maatje"], ["micro"], 10, 25),
    ("Dirk", "Leeuwarden", ["verslaving", "dak-thuisloosheid"], ["kwartiermaker"],
     ["kwartiermaken", "verhalen-vertellen"], ["micro", "meso"], 16, 50),
    ("Esra", "Emmen", ["nieuwkomers", "huiselijk-geweld"], ["bruggenbouwer"],
     ["keukentafel", "training"], ["micro", "meso"], 8, 35),
    ("Femke", "Smallingerland", ["psychische-kwetsbaarheid", "naasten"], ["bondgenoot", "veranderaar"],
     ["naasten-steun", "coaching"], ["micro", "meso"], 12, 40),
    ("Gerrit", "Midden-Groningen", ["armoede-schulden", "lvb"], ["bondgenoot"],
     ["maatje", "keukentafel"], ["micro"], 6, 20),
    ("Hanna", "Heerenveen", ["nah", "eenzaamheid"], ["criticus"],
     ["onderzoek", "verhalen-vertellen"], ["meso", "macro"], 6, 45),
    ("Ismail", "Groningen", ["nieuwkomers", "werk-inkomen"], ["bruggenbouwer", "kwartiermaker"],
     ["kwartiermaken", "projectwerk"], ["meso"], 10, 30),
    ("Joke", "Leeuwarden", ["huiselijk-geweld", "seksueel-misbruik"], ["bondgenoot", "criticus"],
     ["training", "beleidsadvies"], ["meso", "macro"], 8, 60),
    ("Karim", "Utrecht", ["verslaving", "jeugdhulp"], ["veranderaar"],
     ["training", "coaching"], ["micro", "meso"], 16, 30),
    ("Lotte", "Zutphen", ["psychische-kwetsbaarheid", "wachtlijsten"], ["criticus", "veranderaar"],
     ["beleidsadvies", "onderzoek"], ["macro"], 8, 50),
]

# besides Dutch (assignments may ask for a language)
OTHER_LANGUAGES = {"Esra": ["tr"], "Ismail": ["ar"]}

# title, organisation, location (None = online), domains, activity, role, level, hours, weeks
ASSIGNMENTS = [
    ("Ervaringsdeskundigen bij keukentafelgesprekken", "Gemeente Groningen (demo)", "Groningen",
     ["dak-thuisloosheid", "armoede-schulden"], "keukentafel", "bruggenbouwer", "micro", 4, 26),
    ("Meedenken over het armoedebeleid", "Gemeente Groningen (demo)", "Groningen",
     ["armoede-schulden"], "beleidsadvies", "criticus", "macro", 3, 12),
    ("Herstelgroep eenzaamheid in de wijk", "Wijkteam Oost (fictief)", "Assen",
     ["eenzaamheid", "psychische-kwetsbaarheid"], "herstelgroep", "bondgenoot", "micro", 4, 20),
    ("Training wijkteam: werken met ervaringskennis", "Gemeente Leeuwarden (demo)", "Leeuwarden",
     ["verslaving", "dak-thuisloosheid"], "training", "", "meso", 6, 8),
    ("Online adviesraad huiselijk geweld", "Gemeente Leeuwarden (demo)", None,
     ["huiselijk-geweld"], "beleidsadvies", "", "macro", 2, 16),
    ("Kwartiermaken voor nieuwkomers", "Wijkteam Oost (fictief)", "Groningen",
     ["nieuwkomers"], "kwartiermaken", "kwartiermaker", "meso", 8, 20),
]


@transaction.atomic
def load_demo_pool(password: str) -> int:
    if ExpertProfile.objects.exists():
        return 0
    domains = {domain.slug: domain for domain in LifeDomain.objects.all()}
    support = Organisation.objects.filter(name="Herstelhuis Noord (fictief)").first()
    for name, home, slugs, roles, activities, levels, hours, km in EXPERTS:
        username = f"ed-{name.lower()}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"role": Role.NARRATOR, "first_name": name,
                                         "organisation": support})
        if created:
            user.set_password(password)
            user.save()
        profile = ExpertProfile.objects.create(
            user=user, display_name=f"{name} (fictief)", organisation=support,
            home=find_municipality(home), roles=roles, activities=activities, levels=levels,
            education=["goed"], languages=["nl", *OTHER_LANGUAGES.get(name, [])],
            hours_per_week=hours, max_km=km,
            intervision=True, domains_visible_to="requesters",
        )
        profile.domains.set([domains[slug] for slug in slugs])
    demo_narrator = User.objects.filter(username="verteller").first()
    if demo_narrator and not ExpertProfile.objects.filter(user=demo_narrator).exists():
        profile = ExpertProfile.objects.create(
            user=demo_narrator, display_name="Verteller (fictief)", organisation=support,
            home=find_municipality("Groningen"), roles=["bruggenbouwer", "bondgenoot"],
            activities=["keukentafel", "kwartiermaken", "maatje"], levels=["micro", "meso"],
            languages=["nl"], hours_per_week=8, max_km=30, intervision=True)
        profile.domains.set([domains["dak-thuisloosheid"], domains["armoede-schulden"],
                             domains["nieuwkomers"]])
    start = timezone.localdate() + timedelta(days=14)
    for title, organisation, location, slugs, activity, role, level, hours, weeks in ASSIGNMENTS:
        assignment = Assignment.objects.create(
            title=f"{title} (fictief)", description=title + ".",
            organisation=Organisation.objects.get(name=organisation),
            activity=activity, role=role, level=level, hours_per_week=hours, start=start,
            end=start + timedelta(weeks=weeks),
            location=find_municipality(location) if location else None, paid=True,
        )
        assignment.domains.set([domains[slug] for slug in slugs])
    return len(EXPERTS)
