"""Fictional demo needs: a few municipalities in different regions of Noord-Nederland."""

from django.db import transaction

from meervoud.accounts.models import User
from meervoud.needs.models import InformationNeed, NeedStatus, Urgency
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import LifeDomain

DEMO_NEEDS = [
    {
        "municipality": "Groningen", "asked_by": "beleid",
        "questions": "Wat helpt dakloze jongeren om weer een eigen plek te vinden?\n"
                     "Wat zit hen in de weg bij de gemeente?",
        "purpose": "Nieuw beleidsplan maatschappelijke opvang.",
        "domains": ["dak-thuisloosheid", "jeugdhulp"], "target_groups": "Jongeren van 18 tot 27",
        "formats": ["infographic", "workshop"], "urgency": Urgency.HIGH,
        "contact": ("Contactpersoon Groningen (fictief)", "beleid.groningen@example.org"),
        "status": NeedStatus.OPEN,
    },
    {
        "municipality": "Groningen", "asked_by": "beleid",
        "questions": "Hoe zetten we ervaringsdeskundigen in bij de schuldhulp?",
        "purpose": "Inzet ervaringsdeskundigen in de wijkteams.",
        "domains": ["armoede-schulden"], "target_groups": "",
        "formats": ["advies"], "urgency": Urgency.NORMAL,
        "contact": ("Contactpersoon Groningen (fictief)", "beleid.groningen@example.org"),
        "status": NeedStatus.IN_PROGRESS,
    },
    {
        "municipality": "Leeuwarden", "asked_by": None,
        "questions": "Wat maakt dat inwoners met een verslaving op tijd hulp zoeken?",
        "purpose": "Preventie-aanpak.",
        "domains": ["verslaving", "psychische-kwetsbaarheid"], "target_groups": "Volwassenen",
        "formats": ["rapport", "infographic"], "urgency": Urgency.NORMAL,
        "contact": ("Contactpersoon Leeuwarden (fictief)", "beleid.leeuwarden@example.org"),
        "status": NeedStatus.OPEN,
    },
    {
        "municipality": "Assen", "asked_by": None,
        "questions": "Wat helpt nieuwkomers om mee te doen in de wijk?",
        "purpose": "",
        "domains": ["nieuwkomers", "eenzaamheid"], "target_groups": "Statushouders",
        "formats": ["workshop"], "urgency": Urgency.LOW,
        "contact": ("Contactpersoon Assen (fictief)", "beleid.assen@example.org"),
        "status": NeedStatus.OPEN,
    },
    {
        "municipality": "Oldambt", "asked_by": None,
        "questions": "Wat leren inwoners van lange wachtlijsten in de ggz?",
        "purpose": "Gesprek met zorgaanbieders en zorgverzekeraar.",
        "domains": ["wachtlijsten", "psychische-kwetsbaarheid"], "target_groups": "",
        "formats": ["rapport", "advies"], "urgency": Urgency.NORMAL,
        "contact": ("Contactpersoon Oldambt (fictief)", "beleid.oldambt@example.org"),
        "status": NeedStatus.ANSWERED,
        "answer_note": "Besproken in de online workshop van het lerend netwerk (fictief).",
    },
]


@transaction.atomic
def create_demo_needs() -> int:
    """Idempotent; returns how many demo needs were created this time."""
    created = 0
    for item in DEMO_NEEDS:
        municipality = find_municipality(item["municipality"])
        if InformationNeed.objects.filter(is_fictional=True, municipality=municipality,
                                          questions=item["questions"]).exists():
            continue
        name, email = item["contact"]
        need = InformationNeed.objects.create(
            municipality=municipality, questions=item["questions"], purpose=item["purpose"],
            target_groups=item["target_groups"], formats=item["formats"],
            urgency=item["urgency"], contact_name=name, contact_email=email,
            status=item["status"], answer_note=item.get("answer_note", ""), is_fictional=True,
            asked_by=User.objects.filter(username=item["asked_by"]).first()
            if item["asked_by"] else None,
        )
        need.life_domains.set(LifeDomain.objects.filter(slug__in=item["domains"]))
        created += 1
    return created
