"""Demo data: the practices from the sources, plus two fictional proposals waiting for review."""

from django.db import transaction

from meervoud.accounts.models import User
from meervoud.places.selectors import find_municipality
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.practices.services import seed_practices
from meervoud.stories.models import LifeDomain

DEMO_PROPOSALS = [
    {
        "slug": "demo-ervaringsmaatjes-schuldhulp",
        "title": "Ervaringsmaatjes bij de schuldhulp (fictief)",
        "summary": "Fictief voorbeeld voor de demo. Mensen die zelf schulden hadden, lopen als "
                   "maatje mee met inwoners die net bij de schuldhulp binnenkomen.",
        "municipality": "Groningen",
        "domains": ["armoede-schulden"],
        "organisations": "Herstelhuis Noord (fictief)\nGemeente Groningen (demo)",
        "roles": ["bondgenoot"],
        "expert_work": "Meegaan naar het eerste gesprek, helpen met post openen, luisteren.",
        "level": "micro",
        "what_works": "Iemand naast je die weet hoe schaamte voelt.",
        "conditions": "Intervisie voor de maatjes; altijd minstens twee maatjes in het project.",
        "proposer": "beleid",
    },
    {
        "slug": "demo-inloop-bibliotheek",
        "title": "Inloopspreekuur van ervaringsdeskundigen in de bibliotheek (fictief)",
        "summary": "Fictief voorbeeld voor de demo. Eén middag per week zitten twee "
                   "ervaringsdeskundigen in de bibliotheek voor wie eenzaam is en wil praten.",
        "municipality": "Leeuwarden",
        "domains": ["eenzaamheid"],
        "organisations": "Herstelhuis Noord (fictief)",
        "roles": ["kwartiermaker"],
        "expert_work": "Een praatje, koffie, en samen zoeken naar wat er in de wijk te doen is.",
        "level": "micro",
        "what_works": "Een plek waar iedereen al komt, zonder aanmelding.",
        "conditions": "",
        "proposer": "verteller",
    },
]


@transaction.atomic
def create_demo_practices() -> int:
    """Idempotent; returns how many demo proposals were created this time."""
    seed_practices()
    created = 0
    for item in DEMO_PROPOSALS:
        if GoodPractice.objects.filter(slug=item["slug"]).exists():
            continue
        practice = GoodPractice.objects.create(
            slug=item["slug"], title=item["title"], summary=item["summary"],
            organisations=item["organisations"], roles=item["roles"],
            expert_work=item["expert_work"], level=item["level"],
            what_works=item["what_works"], conditions=item["conditions"],
            status=PracticeStatus.PROPOSED,
            proposed_by=User.objects.filter(username=item["proposer"]).first(),
        )
        practice.municipalities.set([find_municipality(item["municipality"])])
        practice.life_domains.set(LifeDomain.objects.filter(slug__in=item["domains"]))
        created += 1
    return created
