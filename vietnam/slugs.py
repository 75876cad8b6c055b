"""Slugs readable by Vietnamese shoppers: "Đặc sản" → "dac-san", not "u0110ac-san"."""

import unicodedata
from collections.abc import Callable

from django.utils.text import slugify


def fold(text: str) -> str:
    """Strip Vietnamese diacritics; đ/Đ have no decomposition, so map them by hand."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def ascii_slugify(value: str, allow_unicode: bool = False) -> str:
    """Oscar passes allow_unicode; Vietnamese slugs are folded to ASCII regardless."""
    return slugify(fold(str(value)))


def unique_slug(
    text: str, *, taken: Callable[[str], bool], fallback: str, max_length: int = 70
) -> str:
    """The folded slug of `text`, with -2, -3… added until `taken` says it is free."""
    base = ascii_slugify(text)[:max_length] or fallback
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
