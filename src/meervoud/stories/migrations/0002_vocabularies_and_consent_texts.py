"""Seed the editable vocabulary of life domains and version 1 of the consent texts."""

from django.db import migrations

LIFE_DOMAINS = [
    ("armoede-schulden", "Armoede en schulden", "Poverty and debt"),
    ("dak-thuisloosheid", "Dak- en thuisloosheid", "Homelessness"),
    ("psychische-kwetsbaarheid", "Psychische kwetsbaarheid (ggz)", "Mental health"),
    ("verslaving", "Verslaving", "Addiction"),
    ("huiselijk-geweld", "Huiselijk geweld en kindermishandeling", "Domestic violence and child abuse"),
    ("seksueel-misbruik", "Seksueel misbruik", "Sexual abuse"),
    ("nah", "Niet-aangeboren hersenletsel (NAH)", "Acquired brain injury"),
    ("lvb", "Licht verstandelijke beperking (LVB)", "Mild intellectual disability"),
    ("nieuwkomers", "Nieuwkomers en vluchtelingen", "Newcomers and refugees"),
    ("eenzaamheid", "Eenzaamheid", "Loneliness"),
    ("jeugdhulp", "Jeugdhulp", "Youth care"),
    ("wachtlijsten", "Wachtlijstproblematiek", "Waiting lists"),
    ("werk-inkomen", "Werk en inkomen", "Work and income"),
    ("naasten", "Naasten en familie", "Relatives and family"),
]

CONSENT_TEXTS = {
    "analysis": (
        "Je verhaal wordt samen met veel andere verhalen bekeken om te zien wat vaker voorkomt. "
        "Niemand ziet daarbij je naam of andere gegevens die naar jou leiden.",
        "Your story is looked at together with many other stories to see what happens more "
        "often. Nobody sees your name or other details that lead to you.",
    ),
    "quote": (
        "Een paar zinnen uit je verhaal mogen in een verslag of op de website staan, zonder je "
        "naam. We kiezen nooit zinnen waaraan iemand je kan herkennen.",
        "A few sentences from your story may appear in a report or on the website, without your "
        "name. We never choose sentences by which someone could recognise you.",
    ),
    "share": (
        "Wat we uit de verhalen leren, mag gedeeld worden met de gemeente of regio waar je "
        "verhaal zich afspeelde. Alleen als veel mensen iets zeggen, niet jouw verhaal apart.",
        "What we learn from the stories may be shared with the municipality or region where "
        "your story took place. Only when many people say something, never your story alone.",
    ),
    "research": (
        "Onderzoekers van het leernetwerk mogen je verhaal zonder herleidbare gegevens gebruiken "
        "voor onderzoek naar ervaringsdeskundigheid.",
        "Researchers of the learning network may use your story, without identifying details, "
        "for research on experiential expertise.",
    ),
}


def seed(apps, schema_editor):
    LifeDomain = apps.get_model("stories", "LifeDomain")
    ConsentText = apps.get_model("stories", "ConsentText")
    for order, (slug, name_nl, name_en) in enumerate(LIFE_DOMAINS):
        LifeDomain.objects.update_or_create(
            slug=slug, defaults={"name_nl": name_nl, "name_en": name_en, "order": order}
        )
    for purpose, (text_nl, text_en) in CONSENT_TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose, version=1, defaults={"text_nl": text_nl, "text_en": text_en}
        )


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
