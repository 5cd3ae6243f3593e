import csv
from pathlib import Path

from django.db import transaction

DATA_FILE = Path(__file__).with_name("data") / "municipalities.csv"


@transaction.atomic
def load_municipalities(path: Path = DATA_FILE, models=None) -> int:
    """Bring the places tables in line with the shipped CBS list; returns the number of rows.

    Municipalities that vanished from the list (mergers) are marked inactive, not deleted,
    because older stories still point at them. `models` lets a data migration pass its
    historical models.
    """
    if models is None:
        from meervoud.places.models import Municipality, Province, Region
    else:
        Municipality, Province, Region = models
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    provinces = {}
    regions = {}
    seen = []
    for row in rows:
        province = provinces.get(row["province"])
        if province is None:
            province, _ = Province.objects.get_or_create(name=row["province"])
            provinces[row["province"]] = province
        region = regions.get(row["corop"])
        if region is None:
            region, _ = Region.objects.update_or_create(
                name=row["corop"], defaults={"province": province}
            )
            regions[row["corop"]] = region
        Municipality.objects.update_or_create(
            cbs_code=row["cbs_code"],
            defaults={"name": row["name"], "region": region, "active": True},
        )
        seen.append(row["cbs_code"])
    Municipality.objects.exclude(cbs_code__in=seen).update(active=False)
    return len(rows)
