"""Valid request bodies, one per POST endpoint."""


def story(reference: str = "client-4711") -> dict:
    return {
        "verteller": reference,
        "verhaal": "Ik stond maanden op een wachtlijst. De buurtcoach bleef gelukkig langskomen "
                   "en dat hielp me de tijd door.",
        "gemeente": "Groningen", "levensdomeinen": ["verslaving"], "toestemmingAnalyse": True,
    }


def practice() -> dict:
    return {"titel": "Maatjes in de wijk", "samenvatting": "Ervaringsdeskundigen als maatje.",
            "gemeenten": ["Groningen"], "levensdomeinen": ["verslaving"]}


def need() -> dict:
    return {"gemeente": "Groningen", "vragen": "Wat helpt jongeren met schulden?",
            "vormen": ["rapport"], "levensdomeinen": ["armoede-schulden"],
            "contactpersoon": {"naam": "Sanne Bakker", "email": "sanne@gemeente.example"}}


def assignment() -> dict:
    return {"titel": "Beleidsadvies wachtlijsten", "omschrijving": "Denk mee over wachtlijsten.",
            "opdrachtgever": "Gemeente Groningen (test)", "levensdomeinen": ["verslaving"],
            "activiteit": "beleidsadvies", "urenPerWeek": "4.0", "begindatum": "2030-01-01",
            "einddatum": "2030-06-01", "teamgrootte": 2}
