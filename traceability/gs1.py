"""GS1 Digital Link URIs for batches: https://<host>/01/<gtin-14>/10/<lot>."""

import re
from urllib.parse import quote

from catalog.gtin import is_valid_gtin

# GS1 AI (10) lots: up to 20 characters of GS1's "82-character set".
LOT_PATTERN = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$")

__all__ = ["digital_link_path", "gtin14", "is_valid_gtin", "LOT_PATTERN"]


def gtin14(value: str) -> str:
    return value.zfill(14)


def digital_link_path(*, gtin: str, lot: str) -> str:
    return f"/01/{gtin14(gtin)}/10/{quote(lot, safe='')}"
