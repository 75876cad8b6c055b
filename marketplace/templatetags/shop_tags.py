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
def policy_pages() -> list:
    return cms_selectors.policy_links()


@register.simple_tag
def product_trust(product) -> dict:
    """What a shopper wants before buying: who sells it, what delivery costs
    and takes, and the batch they will receive (its trace page)."""
    # The detail page's product comes with its stock records, their partners,
    # profiles and shipping rules (catalog.selectors.with_card_data).
    record = next(iter(_stock_records(product)), None)
    seller = getattr(record.partner, "profile", None) if record else None
    return {
        "seller": seller,
        "province": places.province_names().get(seller.province) if seller else "",
        "shipping": seller_selectors.shipping_rule_of(partner=record.partner)
        if seller
        else None,
        "days": DELIVERY_DAYS,
        "batch": trace_selectors.batch_current_for_product(product=product),
    }


def _stock_records(product):
    """A pack-size parent is sold through its children's records, prefetched
    with them (Oscar's strategy reads the same attribute)."""
    if product.is_parent:
        children = getattr(product, "_prefetched_public_children", None)
        if children is None:
            children = product.children.filter(is_public=True).order_by("pk")
        return [record for child in children for record in child.stockrecords.all()]
    return product.stockrecords.all()


@register.simple_tag
def line_batch(line):
    """The batch a line was packed from, or, before packing, the product's
    current one: the order page links its trace page either way."""
    link = getattr(line, "batch_link", None)
    if link is not None:
        return link.batch
    return (
        trace_selectors.batch_current_for_product(product=line.product)
        if (line.product_id)
        else None
    )


@register.simple_tag
def active_filters(form, request) -> list[dict]:
    """The filters a listing is narrowed by, each with the address that drops
    it: shown as removable chips above the products."""
    chips = []
    for field in form:
        value = request.GET.get(field.name)
        if not value:
            continue
        choices = dict((str(k), v) for k, v in getattr(field.field, "choices", []))
        if choices and value not in choices:
            continue  # a bad value the form already ignores
        rest = request.GET.copy()
        rest.pop(field.name)
        rest.pop("page", None)
        chips.append(
            {
                "label": field.label,
                "value": choices.get(value, value),
                "url": f"?{rest.urlencode()}" if rest else request.path,
            }
        )
    return chips


register.filter("phone_vn", display_phone)
