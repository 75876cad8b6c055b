"""Slugs readable by Vietnamese shoppers: "Đặc sản" → "dac-san", not "u0110ac-san"."""

import unicodedata

from django.utils.text import slugify


def fold(text: str) -> str:
    """Strip Vietnamese diacritics; đ/Đ have no decomposition, so map them by hand."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def ascii_slugify(value: str, allow_unicode: bool = False) -> str:
    """Oscar passes allow_unicode; Vietnamese slugs are folded to ASCII regardless."""
    return slugify(fold(str(value)))
