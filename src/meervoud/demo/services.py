"""Fictional demo data: stories written for this project, organisations and one login per role.

The stories go through the same importer as real ones (validation, de-identification,
consent), marked fictional, so the demo shows the real path a story takes.
"""

import json
from pathlib import Path

from django.db import transaction

from meervoud.accounts.models import Organisation, OrganisationKind, Role, User
from meervoud.places.selectors import find_municipality
from meervoud.stories.importer import ImportReport, import_records
from meervoud.stories.models import Narrator, Source, Story

DATA_DIR = Path(__file__).with_name("data")
DEMO_PASSWORD = "meervoud-demo"
DEMO_USERS = [
    ("verteller", Role.NARRATOR, "Herstelhuis Noord (fictief)"),
    ("coordinator", Role.COORDINATOR, "Herstelhuis Noord (fictief)"),
    ("beleid", Role.POLICY_OFFICER, "Gemeente Groningen (demo)"),
    ("onderzoeker", Role.RESEARCHER, "Lectoraat Rehabilitatie (fictief)"),
    ("beheerder", Role.ADMINISTRATOR, "Herstelhuis Noord (fictief)"),
]
DEMO_ORGANISATIONS = [
    ("Gemeente Groningen (demo)", OrganisationKind.MUNICIPALITY, "Groningen"),
    ("Gemeente Leeuwarden (demo)", OrganisationKind.MUNICIPALITY, "Leeuwarden"),
    ("Wijkteam Oost (fictief)", OrganisationKind.DISTRICT_TEAM, "Groningen"),
    ("Herstelhuis Noord (fictief)", OrganisationKind.SELF_HELP, "Groningen"),
    ("Zorggroep Het Anker (fictief)", OrganisationKind.CARE_PROVIDER, "Assen"),
    ("Lectoraat Rehabilitatie (fictief)", OrganisationKind.EDUCATION, "Groningen"),
]


def _yes(value: bool) -> str:
    return "ja" if value else "nee"


def story_records() -> list[dict]:
    """The demo stories as importer rows (column name -> value)."""
    records = []
    for path in sorted(DATA_DIR.glob("stories_*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        for item in payload["stories"]:
            triad = item.get("triad_help") or {}
            consent = item.get("consent") or {}
            records.append({
                "__row__": len(records) + 1,
                "verteller": item["narrator"],
                "titel": item.get("title", ""),
                "verhaal": item["text"],
                "wat_hielp": item.get("helped", ""),
                "wat_hinderde": item.get("hindered", ""),
                "gemeente": item["municipality"],
                "levensdomeinen": ";".join(item["life_domains"]),
                "niveau": item.get("level", "micro"),
                "herstelfase": item.get("recovery_phase", ""),
                "taal": item.get("language", "nl"),
                "datum": item.get("told_on", ""),
                "namen": ";".join(item.get("intake_names", [])),
                "toestemming_analyse": _yes(consent.get("analysis", True)),
                "toestemming_citeren": _yes(consent.get("quote", False)),
                "toestemming_delen": _yes(consent.get("share_municipality", False)),
                "toestemming_onderzoek": _yes(consent.get("research", False)),
                "eigen_kracht": triad.get("own", ""),
                "lotgenoten": triad.get("peers", ""),
                "professionals": triad.get("professional", ""),
                "regie": item.get("slider_control", ""),
                "hoe_nu": item.get("slider_now", ""),
            })
    return records


def load_demo_stories() -> ImportReport | None:
    """Import the demo stories once; returns None when they are already there."""
    if Story.objects.filter(source=Source.DEMO).exists():
        return None
    return import_records(story_records(), source=Source.DEMO, is_fictional=True)


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str]]:
    organisations = {}
    for name, kind, municipality in DEMO_ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "municipality": find_municipality(municipality)}
        )
    accounts = []
    for username, role, organisation in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "organisation": organisations[organisation],
                      "is_staff": role == Role.ADMINISTRATOR,
                      "is_superuser": role == Role.ADMINISTRATOR},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        accounts.append((username, Role(role).label))
    narrator_user = User.objects.get(username="verteller")
    first = Narrator.objects.filter(stories__source=Source.DEMO, user__isnull=True).order_by(
        "code").first()
    if first and not Narrator.objects.filter(user=narrator_user).exists():
        first.user = narrator_user
        first.save(update_fields=["user"])
    return accounts


def validate_demo_themes() -> int:
    """In real use peer experts read, name and validate each theme before it is published; the
    demo has no peer experts, so the demo peer expert account validates the engine's themes
    that rest on enough narrators and are not mixed (once), to show the knowledge base filled."""
    from meervoud.accounts.models import User
    from meervoud.knowledge import curation
    from meervoud.knowledge.models import Theme
    from meervoud.publication.disclosure import k_threshold

    if Theme.objects.filter(validated_at__isnull=False).exists():
        return 0
    peer_expert = User.objects.get(username="verteller")
    # a mixed theme is what a peer expert would split or rename first, not validate as it is
    # nor one without a name: that is for peer experts to give, not for the demo
    themes = [theme for theme in Theme.objects.filter(active=True, parent__isnull=True, narrators__gte=k_threshold())
              if not theme.mixed and (theme.name or theme.label)]
    for theme in themes:
        curation.set_validated(theme, True, user=peer_expert)
        _approve_demo_quotes(theme, peer_expert)
    return len(themes)


def _approve_demo_quotes(theme, peer_expert) -> None:
    """The first sentences a peer expert would read as quotes, approved, so the demo's Kennisbank
    shows quotes; the rest wait on the theme page, as in real use."""
    from meervoud.knowledge import quote_review

    approved = 0
    for statement in quote_review.for_review(theme):
        if approved == quote_review.QUOTES_PER_THEME:
            break
        try:
            quote_review.review(theme, statement.key, approve=True, user=peer_expert)
            approved += 1
        except quote_review.IdentifyingQuote:
            continue  # a peer expert would not approve it either
