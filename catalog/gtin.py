"""GS1 trade item numbers (GTIN-8/12/13/14) printed under a product's barcode."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """Weights 3,1,3,1… from the right over every digit but the check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(value: str) -> bool:
    return (
        value.isdigit()
        and len(value) in GTIN_LENGTHS
        and gtin_check_digit(value[:-1]) == int(value[-1])
    )


def validate_gtin(value: str) -> None:
    if not is_valid_gtin(value):
        raise ValidationError(
            _("A GTIN has 8, 12, 13 or 14 digits and a correct check digit."),
            code="gtin",
        )
