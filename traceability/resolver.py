"""A GS1-Conformant resolver for the GTINs and lots we know (GS1 Digital Link
URI syntax and GS1-Conformant Resolver standards).

A request URI is `/01/<gtin>[/22/<cpv>][/10/<lot>][/21/<serial>]`, with the
expiry date (AI 17, YYMMDD) allowed as a query parameter (`?17=271231`), where
the standard puts data attributes, and, leniently, as a last path segment. The
GTIN is checked (check digit), every qualifier against its GS1 character set and
length; a malformed URI is a 400, a well-formed one we do not know a 404.

What a URI answers:
- with a lot: the batch — trace page (`gs1:traceability`, the default link),
  product page (`gs1:pip`), certificates (`gs1:certificationInfo`), recall
  state (`gs1:recallStatus`), its EPCIS 2.0 document (`gs1:epcis`);
- without one: the product — product page (the default) and certificates.
Serial and expiry identify nothing further here (packages carry no serial
numbers), so they are accepted and ignored, as the standard lets a resolver
fall back to the less specific identifier.

`?linkType=<curie or IRI>` picks one link (307 to it), `linkType=linkset` (or
the older `all`) or `Accept: application/linkset+json` returns every link as an
RFC 9264 linkset; every answer carries the links in an HTTP `Link` header too.
Scanners send no cookie, so the language of a page comes from
`Accept-Language`: English gets `?lang=en`, everything else the Vietnamese page.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import trans_real

from traceability import gs1, selectors
from traceability.models import Batch
from vietnam.site import absolute_url

VOC = "https://ref.gs1.org/voc/"
# Older GS1 material writes the vocabulary's IRIs on gs1.org; both are the same terms.
VOC_ALIASES = (VOC, "https://gs1.org/voc/", "https://www.gs1.org/voc/")
LINKSET_CONTEXT = "https://ref.gs1.org/standards/resolver/linkset-context"
JSON_LD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context"
LINKSET_MEDIA_TYPE = "application/linkset+json"
LINKSET_REQUESTS = ("linkset", "all")  # "all" is the deprecated spelling

TRACEABILITY, PIP, CERTIFICATION_INFO = "traceability", "pip", "certificationInfo"
RECALL_STATUS, EPCIS, DEFAULT_LINK = "recallStatus", "epcis", "defaultLink"

# GS1 "82-character set" values: CPV (22) and serial (21) up to 20 characters.
QUALIFIER_PATTERN = gs1.LOT_PATTERN
QUALIFIER_ORDER = ("22", "10", "21")  # the order GS1 fixes for a GTIN's qualifiers
EXPIRY = "17"
EXPIRY_PATTERN = re.compile(r"^\d{6}$")


class InvalidCode(ValueError):
    """The URI is not a well-formed GS1 Digital Link for a GTIN."""


class UnknownCode(LookupError):
    """Well-formed, but we know no such product, lot or link type."""


@dataclass(frozen=True)
class Code:
    gtin: str  # GTIN-14
    lot: str = ""
    serial: str = ""
    cpv: str = ""
    expiry: date | None = None

    @property
    def path(self) -> str:
        """The canonical request URI's path (GTIN-14, qualifiers in GS1's order)."""
        path = f"/01/{self.gtin}"
        for key, value in (("22", self.cpv), ("10", self.lot), ("21", self.serial)):
            if value:
                path += f"/{key}/{quote(value, safe='')}"
        return path


@dataclass(frozen=True)
class Link:
    rel: str  # a term of the GS1 Web Vocabulary
    href: str
    title: str
    media_type: str = "text/html"
    language: str = ""

    def as_linkset_entry(self) -> dict:
        entry = {"href": self.href, "title": self.title, "type": self.media_type}
        if self.language:
            entry["hreflang"] = [self.language]
        return entry

    def as_header(self) -> str:
        # No title: a header carries Latin-1 only, and our titles are Vietnamese.
        parts = [
            f"<{self.href}>",
            f'rel="{VOC}{self.rel}"',
            f'type="{self.media_type}"',
        ]
        if self.language:
            parts.append(f'hreflang="{self.language}"')
        return "; ".join(parts)


def parse(*, gtin: str, qualifiers: str, expiry: str | None) -> Code:
    """The identified item of a request path, or InvalidCode saying why not."""
    if not gs1.is_valid_gtin(gtin):
        raise InvalidCode("GTIN")
    segments = qualifiers.split("/") if qualifiers else []
    if segments and segments[-1] == "":
        segments.pop()  # a trailing slash
    values: dict[str, str] = {}
    position = 0
    while position < len(segments):
        key = segments[position]
        if key == EXPIRY and position + 2 == len(segments) and expiry is None:
            expiry = segments[position + 1]
            break
        if key not in QUALIFIER_ORDER or any(
            QUALIFIER_ORDER.index(key) <= QUALIFIER_ORDER.index(seen) for seen in values
        ):
            raise InvalidCode(f"qualifier {key!r} unknown or out of GS1's order")
        end = position + 2
        if key == "10":
            # A lot may hold "/" (sent percent-encoded, decoded before routing):
            # it runs up to the next qualifier that is followed by a value.
            while end < len(segments) and not (
                segments[end] in ("21", EXPIRY) and end + 1 < len(segments)
            ):
                end += 1
        value = "/".join(segments[position + 1 : end])
        if not QUALIFIER_PATTERN.match(value):
            raise InvalidCode(f"value of AI {key}")
        values[key] = value
        position = end
    return Code(
        gtin=gs1.gtin14(gtin),
        cpv=values.get("22", ""),
        lot=values.get("10", ""),
        serial=values.get("21", ""),
        expiry=parse_expiry(expiry),
    )


def parse_expiry(value: str | None) -> date | None:
    """AI 17 is YYMMDD; day 00 means the month's end, so it is taken as the 28th
    at least (the date only has to be valid, it selects nothing here)."""
    if value is None:
        return None
    if not EXPIRY_PATTERN.match(value):
        raise InvalidCode("expiry date (AI 17) is YYMMDD")
    year, month, day = 2000 + int(value[:2]), int(value[2:4]), int(value[4:])
    try:
        return date(year, month, day or 28)
    except ValueError:
        raise InvalidCode("expiry date (AI 17) is not a date") from None


def identified_item(code: Code) -> tuple[Batch | None, object]:
    """The batch (with a lot) or the product (without) a code names."""
    if code.lot:
        try:
            batch = selectors.batch_for_digital_link(gtin=code.gtin, lot=code.lot)
        except Batch.DoesNotExist:
            raise UnknownCode("lot") from None
        return batch, batch.product
    product = selectors.product_for_gtin(gtin=code.gtin)
    if product is None:
        raise UnknownCode("GTIN")
    return None, product


def wants_linkset(accept: str) -> bool:
    """A client that asks for JSON and not for a page gets the linkset."""
    return LINKSET_MEDIA_TYPE in accept or (
        "application/json" in accept and "text/html" not in accept
    )


def link_type_term(value: str) -> str:
    """`gs1:pip`, `https://ref.gs1.org/voc/pip` or the gs1.org IRI → "pip"."""
    if value.startswith("gs1:"):
        return value.removeprefix("gs1:")
    for namespace in VOC_ALIASES:
        if value.startswith(namespace):
            return value.removeprefix(namespace)
    return value


def preferred_language(accept_language: str) -> str:
    """The first of our languages the scanner's Accept-Language names."""
    ours = {code for code, _name in settings.LANGUAGES}
    for tag, _quality in trans_real.parse_accept_lang_header(accept_language):
        primary = tag.split("-")[0].lower()
        if primary in ours:
            return primary
    return settings.LANGUAGE_CODE


def in_language(url: str, language: str) -> str:
    """Pages follow ?lang= (the site ignores Accept-Language, see
    ChosenLanguageMiddleware); the default language needs nothing."""
    if language == settings.LANGUAGE_CODE:
        return url
    return f"{url}{'&' if '?' in url else '?'}lang={language}"


def links_for(*, batch: Batch | None, product) -> list[Link]:
    """Every link we hold for a batch (or, without a lot, its product), in each
    language for pages; the first link of the list is the default."""
    product = product.parent or product
    page_links = []
    if batch is not None:
        trace = gs1.trace_url(batch)
        page_links = [
            (TRACEABILITY, trace, _("Where this batch comes from")),
            (PIP, absolute_url(product.get_absolute_url()), _("Product page")),
            (CERTIFICATION_INFO, f"{trace}#chung-nhan", _("Certificates")),
            (RECALL_STATUS, f"{trace}#thu-hoi", _("Recall status")),
        ]
    else:
        page = absolute_url(product.get_absolute_url())
        page_links = [
            (PIP, page, _("Product page")),
            (CERTIFICATION_INFO, f"{page}#chung-nhan", _("Certificates")),
        ]
    links = [
        Link(
            rel,
            in_language(href, code),
            f"{title} — {product.get_title()}",
            language=code,
        )
        for rel, href, title in page_links
        for code, _name in settings.LANGUAGES
    ]
    if batch is not None:
        epcis = absolute_url(reverse("traceability:epcis", args=[batch.public_token]))
        links.append(
            Link(EPCIS, epcis, _("EPCIS 2.0 events"), media_type="application/ld+json")
        )
    return links


def choose(links: list[Link], *, link_type: str | None, language: str) -> Link:
    """The link a request asks for: its link type (the default when none),
    in the scanner's language when we have it; UnknownCode when we lack the type."""
    term = link_type_term(link_type) if link_type else links[0].rel
    if term == DEFAULT_LINK:
        term = links[0].rel
    candidates = [link for link in links if link.rel == term]
    if not candidates:
        raise UnknownCode(f"link type {link_type!r}")
    return next((c for c in candidates if c.language == language), candidates[0])


def linkset(*, code: Code, links: list[Link], description: str) -> dict:
    """RFC 9264 JSON, in the shape GS1's linkset schema checks."""
    context = {"anchor": absolute_url(code.path), "description": description}
    default = links[0]
    context[f"{VOC}{DEFAULT_LINK}"] = [default.as_linkset_entry()]
    for link in links:
        context.setdefault(f"{VOC}{link.rel}", []).append(link.as_linkset_entry())
    return {"linkset": [context]}


def link_header(*, code: Code, links: list[Link]) -> str:
    """Every link, plus where the whole linkset is (RFC 8288 / RFC 9264)."""
    anchor = absolute_url(code.path)
    entries = [link.as_header() for link in links]
    entries.append(
        f'<{anchor}?linkType=linkset>; rel="linkset"; type="{LINKSET_MEDIA_TYPE}"'
    )
    return ", ".join(entries)


def description_file() -> dict:
    """/.well-known/gs1resolver (GS1's resolver description file schema)."""
    return {
        "name": "Chợ OCOP — GS1 Digital Link resolver",
        "resolverRoot": absolute_url("/").rstrip("/"),
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [{"namespace": VOC, "prefix": "gs1:"}],
        "linkTypeDefaultCanBeLinkset": False,
        "supportsSemanticInterpretation": False,
    }
