"""What every shopper page shows around its content: the marketplace's business
details and policy pages (footer), phone numbers written the Vietnamese way."""

from django import template
from django.conf import settings

from marketplace.cms import selectors as cms_selectors
from sellers import selectors as seller_selectors
from traceability import selectors as trace_selectors
from vietnam import places
from vietnam.validators import display_phone

# Days a parcel takes, as the demo sellers promise it; a seller setting of its
# own is the next step.
DELIVERY_DAYS = {"same": "1–2", "other": "3–5"}

register = template.Library()


@register.simple_tag
def marketplace_details() -> dict:
    """Who runs the shop, as the e-commerce decree asks every site to show."""
    return settings.MARKETPLACE_DETAILS


@register.simple_tag
def policy_pages():
    return cms_selectors.policy_pages()


@register.simple_tag
def product_trust(product) -> dict:
    """What a shopper wants before buying: who sells it, what delivery costs
    and takes, and the batch they will receive (its trace page)."""
    record = product.stockrecords.select_related("partner__profile").first()
    if record is None and product.parent_id:
        record = product.parent.stockrecords.select_related("partner__profile").first()
    seller = getattr(record.partner, "profile", None) if record else None
    return {
        "seller": seller,
        "province": places.province_names().get(seller.province) if seller else "",
        "shipping": seller_selectors.shipping_rule_for(seller=seller)
        if seller
        else None,
        "days": DELIVERY_DAYS,
        "batch": trace_selectors.batch_current_for_product(product=product),
    }


register.filter("phone_vn", display_phone)
