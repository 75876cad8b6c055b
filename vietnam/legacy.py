"""Addresses written before the 2025 reform (63 provinces, districts, old
communes) turned into today's units, with `vietnamadminunits` (MIT).

Its mapping is built from the statistics office's unit list and the Ministry
of Home Affairs' merger map (one entry per old commune, from the 2025 merger
resolutions), and its 2025 codes are the official ones, the same as
`vietnam-provinces` uses, so a match is a ward code our forms already accept.
"""

import logging
import re
from dataclasses import dataclass
from functools import cache

from vietnam import places
from vietnam.text import folded

logger = logging.getLogger(__name__)

# The library parses at most "ward, district, province"; more than that is a
# street in front of them.
UNIT_PARTS = 3
MAX_LENGTH = 255


@dataclass(frozen=True)
class LegacySuggestion:
    """What an old address is today. `ward` is None when only the province
    could be told (an old district split between several communes, or a
    commune nobody can find): the shopper then picks the commune."""

    province: int
    ward: int | None
    old_label: str
    street: str

    @property
    def label(self) -> str:
        return places.place_label(province_code=self.province, ward_code=self.ward)


@cache
def _library():
    # Imported on first use: its data takes half a second to load, which
    # pages without an address form should not pay.
    from vietnamadminunits import convert_address, parse_address
    from vietnamadminunits.parser import ParseMode

    return convert_address, parse_address, ParseMode


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _said(name: str | None, words: str) -> bool:
    """Whether a unit's short name is in the text as whole words. The library
    matches letters run together, so "huyện Chưa Từng Có" would read as the
    old town of Chũ: a unit the text does not name is not taken."""
    if not name:
        return False
    key = folded(name)
    number = re.fullmatch(r"(?:[a-z ]+ )?(\d+)", key)
    if number:  # "Phường 15" is written "P15", "p.15", "phường 15"
        return re.search(rf"(?<!\d){number[1]}(?!\d)", words) is not None
    return re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", words) is not None


def legacy_address_suggest(text: str | None) -> LegacySuggestion | None:
    """The 2025 unit of an address typed the old way ("xã Tất Thắng, huyện
    Thanh Sơn, Phú Thọ", "Liên Bảo, Vĩnh Yên, Vĩnh Phúc"), or None when not
    even the province can be told.

    Only the last three comma-separated parts reach the library, so it never
    sees a street: with one, it would send the address to an online geocoder
    to choose between the communes an old one was split into. Without it, it
    takes the commune the merger map marks as the old one's main successor.
    """
    parts = _parts((text or "")[:MAX_LENGTH])
    if not parts:
        return None
    units, street = parts[-UNIT_PARTS:], parts[:-UNIT_PARTS]
    convert_address, parse_address, ParseMode = _library()
    query = ", ".join(units)
    try:
        new = convert_address(query)
        old = new.OldAdminUnit
        if new.ward_code is None and old.district is None:
            # Not an old district-level address: perhaps already a 2025 one
            # ("Xã Cự Đồng, Phú Thọ"). An old district's name is not tried
            # as a new commune of the same name, which would be a guess.
            current = parse_address(query, mode=ParseMode.FROM_2025, level=2)
            if current.ward_code:
                new, old = current, None
    except Exception:
        # A parser that trips over odd text must not fail a checkout.
        logger.warning("Old address not parsed: %r", query, exc_info=True)
        return None
    words = folded(query)
    named = old or new
    ward_said = _said(named.short_ward, words)
    district_said = bool(old) and _said(old.short_district, words)
    if not (_said(named.short_province, words) or district_said or ward_said):
        return None
    province = int(new.province_code) if new.province_code else None
    ward = int(new.ward_code) if new.ward_code and ward_said else None
    if province not in places.province_names():
        return None
    if ward not in places.wards_by_code() or (
        int(places.wards_by_code()[ward].province_code) != province
    ):
        ward = None
    source = (old.ward, old.district, old.province) if old else (new.ward, new.province)
    recognised = [unit for unit in source if unit]
    # Leading parts the library did not take as units belong to the street.
    street += units[: max(len(units) - len(recognised), 0)]
    return LegacySuggestion(
        province=province,
        ward=ward,
        old_label=", ".join(recognised) if old else "",
        street=", ".join(street),
    )
