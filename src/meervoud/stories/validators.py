from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_in_the_future(day: date) -> None:
    """A story is dated when it was told; a future date (2062 for 2026) would also stretch the
    'first and last date' of every theme it lands in."""
    if day > timezone.localdate():
        raise ValidationError(
            _("De datum ligt in de toekomst (%(day)s). Kies vandaag of een eerdere dag."),
            code="future", params={"day": day.isoformat()},
        )
