"""Vietnamese identifiers sellers type in: tax codes (MST) and mobile numbers."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
# ASCII digits only: Python's \d also matches "２" and "٢", which would let
# one tax code be registered twice under different spellings.
MST_PATTERN = re.compile(r"^([0-9]{10})(?:-?([0-9]{3}))?$")
MOBILE_PATTERN = re.compile(r"^(?:\+?84|0)([35789][0-9]{8})$")
# What the database accepts (partner.SellerProfile's check constraints).
STORED_TAX_CODE = r"^[0-9]{10}(-[0-9]{3})?$"
STORED_MOBILE = r"^0[35789][0-9]{8}$"


def ascii_digits(value: str) -> str:
    """NFKC (full-width "２６" → "26", "＋" → "+"), then any other script's
    decimal digits ("٢", "२") to ASCII."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in value)


def normalise_tax_code(value: str) -> str:
    """ "0100109106001" and "0100109106-001" are the same branch: keep the dash form."""
    value = ascii_digits(value)
    match = MST_PATTERN.fullmatch(re.sub(r"[\s.]", "", value))
    if not match:
        return value
    head, branch = match.groups()
    return f"{head}-{branch}" if branch else head


def validate_tax_code(value: str) -> None:
    """10 digits whose last is a check digit, optionally a 3-digit branch suffix."""
    match = MST_PATTERN.fullmatch(value or "")
    if not match:
        raise ValidationError(
            _("A tax code has 10 digits, or 13 with a branch suffix (0100109106-001)."),
            code="tax_code_format",
        )
    head, branch = match.groups()
    digits = [int(d) for d in head]
    check = 10 - sum(w * d for w, d in zip(MST_WEIGHTS, digits, strict=False)) % 11
    if check != digits[9]:
        raise ValidationError(
            _("This tax code is not valid: please check the digits."),
            code="tax_code_checksum",
        )
    if branch == "000":
        raise ValidationError(
            _("A branch suffix runs from 001 to 999."), code="tax_code_branch"
        )


def normalise_mobile(value: str) -> str:
    """ "+84 912 345 678" → "0912345678"."""
    value = ascii_digits(value)
    compact = re.sub(r"[\s.\-()]", "", value)
    match = MOBILE_PATTERN.fullmatch(compact)
    return f"0{match.group(1)}" if match else value


def validate_mobile(value: str) -> None:
    if not MOBILE_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            _("Enter a Vietnamese mobile number, e.g. 0912 345 678."), code="mobile"
        )


def display_phone(value: str) -> str:
    """ "+84912345678" → "0912 345 678" (as people read and dial it); anything
    that is not a Vietnamese mobile number is shown as it was given."""
    number = normalise_mobile(value or "")
    if not MOBILE_PATTERN.match(number):
        return value or ""
    return f"{number[:4]} {number[4:7]} {number[7:]}"
