"""GS1 Digital Link URIs for batches: https://<host>/01/<gtin-14>/10/<lot>."""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.gtin import gtin_check_digit, is_valid_gtin
from vietnam.site import absolute_url

# GS1 AI (10) lots: up to 20 characters of GS1's "82-character set".
LOT_PATTERN = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$")

__all__ = [
    "batch_gtin",
    "digital_link_path",
    "gtin14",
    "is_valid_gtin",
    "label_url",
    "trace_url",
    "validate_gln",
    "LOT_PATTERN",
]


def validate_gln(value: str) -> None:
    """A GS1 Global Location Number: 13 digits, the GTIN's check digit rule."""
    if not (
        value.isdigit()
        and len(value) == 13
        and gtin_check_digit(value[:-1]) == int(value[-1])
    ):
        raise ValidationError(
            _("A GLN has 13 digits and a correct check digit."), code="gln"
        )


def gtin14(value: str) -> str:
    return value.zfill(14)


def digital_link_path(*, gtin: str, lot: str) -> str:
    return f"/01/{gtin14(gtin)}/10/{quote(lot, safe='')}"


def batch_gtin(*, product_gtin: str, lot: str) -> str:
    """The GTIN-14 a new batch is known by in GS1 Digital Link, or "" when the
    product has no valid GTIN or the lot uses characters GS1 lots cannot hold."""
    if product_gtin and is_valid_gtin(product_gtin) and LOT_PATTERN.match(lot):
        return gtin14(product_gtin)
    return ""


def label_url(batch) -> str:
    """What a batch's QR code holds, always on the canonical host (SITE_URL):
    its GS1 Digital Link when it has a GTIN, so a till reads GTIN and lot and a
    phone opens the trace page; its public token URL otherwise. Neither depends
    on a name or slug, so renames never kill a printed label."""
    if batch.gtin:
        return absolute_url(digital_link_path(gtin=batch.gtin, lot=batch.lot_code))
    return trace_url(batch)


def trace_url(batch) -> str:
    return absolute_url(batch.get_absolute_url())
