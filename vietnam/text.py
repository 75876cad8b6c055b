"""How Vietnamese text becomes searchable: NFC, lower case, diacritics folded
("Đặc sản" → "dac san"), synonyms from `synonyms.txt` added at index time
so that every backend finds "trà" for "chè" the same way."""

import re
import unicodedata
from functools import cache
from pathlib import Path

from vietnam.slugs import fold

SYNONYMS_FILE = Path(__file__).parent / "synonyms.txt"
WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def folded_words(text: str) -> list[str]:
    """Folded lower-case words; punctuation and query operators carry no meaning."""
    return WORD.findall(fold(nfc(text)))


def folded(text: str) -> str:
    return " ".join(folded_words(text))


@cache
def synonym_groups() -> list[tuple[str, ...]]:
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            groups.append(tuple(folded(member) for member in line.split(",")))
    return groups


def with_synonyms(text: str) -> str:
    """The folded text followed by the synonyms of the words and phrases it holds."""
    padded = f" {text} "
    extra = []
    for group in synonym_groups():
        if any(f" {member} " in padded for member in group):
            extra.extend(member for member in group if f" {member} " not in padded)
    return " ".join([text, *extra])


def index_text(*parts: str) -> str:
    """What the backends index for a product, seller or page."""
    return with_synonyms(folded(" ".join(part for part in parts if part)))
