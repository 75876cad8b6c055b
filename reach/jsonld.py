"""schema.org data for search engines, one builder per thing, shared by every
page that shows it (products, storefronts, campaigns, livestreams). URLs are
absolute on `SITE_URL`; a property we do not know is left out, never empty."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from vietnam import places
from vietnam.site import absolute_url

CONTEXT = "https://schema.org"
# The same escapes as Django's json_script: nothing in the data can close the tag.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
AVAILABILITY = {
    True: "https://schema.org/InStock",
    False: "https://schema.org/OutOfStock",
}


def script(data: dict, *, nonce: str = ""):
    """`<script type="application/ld+json">`: data, not script, but it carries
    the page's CSP nonce so a strict policy never has to special-case it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    attributes = format_html(' nonce="{}"', nonce) if nonce else ""
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        attributes,
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),
    )


def graph(*nodes: dict) -> dict:
    return {"@context": CONTEXT, "@graph": [node for node in nodes if node]}


def organization(*, partner, seller=None) -> dict:
    """A seller as an Organization; partners staff made by hand (no profile)
    have only a name."""
    node = {"@type": "Organization", "name": partner.name}
    if seller is None:
        return node
    url = absolute_url(seller.get_absolute_url())
    node.update({"@id": f"{url}#organization", "url": url})
    if seller.legal_name:
        node["legalName"] = seller.legal_name
    if seller.logo:
        node["logo"] = absolute_url(seller.logo.url)
    address = {
        "@type": "PostalAddress",
        "addressCountry": "VN",
        "addressRegion": places.province_names().get(seller.province, ""),
        "addressLocality": places.ward_name(seller.ward),
        "streetAddress": seller.street,
    }
    node["address"] = {key: value for key, value in address.items() if value}
    return node


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """`trail`: (name, path) from the home page to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def offer(item, *, url: str) -> dict:
    node = {
        "@type": "Offer",
        "url": url,
        "price": str(item.price),
        "priceCurrency": item.currency,
        "availability": AVAILABILITY[item.in_stock],
        "itemCondition": "https://schema.org/NewCondition",
        "seller": organization(partner=item.partner, seller=item.seller),
    }
    sku = item.product.upc or ""
    if sku:
        node["sku"] = sku
    return node


def product(
    *,
    product,
    url: str,
    description: str,
    image_urls: list[str],
    offers: list,
    rating: tuple[float, int] | None,
) -> dict:
    node = {"@type": "Product", "@id": f"{url}#product", "name": product.get_title()}
    node["url"] = url
    if description:
        node["description"] = description
    if image_urls:
        node["image"] = image_urls
    if product.gtin:
        node["gtin"] = product.gtin
    if product.upc:
        node["sku"] = product.upc
    if offers:
        sellers = {item.partner.pk: item for item in offers}
        if len(sellers) == 1:
            node["brand"] = {"@type": "Brand", "name": offers[0].partner.name}
        node["offers"] = [offer(item, url=url) for item in offers]
    if rating:
        average, count = rating
        node["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(average, 1),
            "reviewCount": count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return node
