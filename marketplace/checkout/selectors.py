"""Reads for checkout: what the shopper is about to pay, per seller, and the
guest's way back to an order."""

from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from vietnam import legacy, places
from vietnam.money import dong_grouped

Order = get_model("order", "Order")
Repository = get_class("shipping.repository", "Repository")

STATUS_SALT = "checkout.order-status"


def to_dong(amount) -> int:
    """Prices are Decimal(12,2) and offers can leave fractions: pay whole đồng."""
    return int(Decimal(amount or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def shipping_method_for(*, basket, province: int | None = None):
    return Repository().get_default_shipping_method(
        basket=basket, shipping_addr=None, province=province
    )


def checkout_summary(*, basket, province: int | None = None) -> dict:
    """The basket as parcels, one per seller with its lines and shipping fee,
    and the grand total in whole đồng."""
    method = shipping_method_for(basket=basket, province=province)
    # Oscar answers NoShippingRequired for baskets that ship nothing.
    fees = method.fees_by_seller(basket) if hasattr(method, "fees_by_seller") else {}
    parcels = {}
    for line in basket.all_lines():
        partner = line.stockrecord.partner
        parcel = parcels.setdefault(
            partner.pk,
            {"seller": partner, "lines": [], "subtotal": 0, "shipping": 0},
        )
        parcel["lines"].append(line)
        parcel["subtotal"] += to_dong(line.line_price_incl_tax_incl_discounts)
        parcel["shipping"] = to_dong(fees.get(partner, 0))
    shipping = sum(parcel["shipping"] for parcel in parcels.values())
    items = to_dong(basket.total_incl_tax)
    return {
        "parcels": list(parcels.values()),
        "items": items,
        "shipping": shipping,
        "total": items + shipping,
        "method": method,
    }


def basket_snapshot(*, summary: dict) -> dict:
    """What the shopper saw: compared on submit to tell what changed since."""
    return {
        "lines": {
            str(line.pk): [
                line.product.get_title(),
                line.quantity,
                to_dong(line.unit_price_incl_tax),
            ]
            for parcel in summary["parcels"]
            for line in parcel["lines"]
        },
        "shipping": summary["shipping"],
        "total": summary["total"],
    }


def snapshot_sign(snapshot: dict) -> str:
    return signing.dumps(snapshot, salt="checkout.snapshot", compress=True)


def snapshot_unsign(value: str) -> dict | None:
    try:
        return signing.loads(value, salt="checkout.snapshot")
    except signing.BadSignature:
        return None


def basket_changes(*, before: dict | None, after: dict) -> list[str]:
    """Plain sentences for each difference between two snapshots."""
    if before is None:
        return [_("Please check your order again before placing it.")]
    changes = []
    for key, (title, quantity, price) in before["lines"].items():
        now = after["lines"].get(key)
        if now is None:
            changes.append(
                _("%(title)s is no longer in your basket.") % {"title": title}
            )
            continue
        if now[1] != quantity:
            changes.append(
                _("The quantity of %(title)s changed from %(old)s to %(new)s.")
                % {"title": title, "old": quantity, "new": now[1]}
            )
        if now[2] != price:
            changes.append(
                _("The price of %(title)s changed from %(old)s ₫ to %(new)s ₫.")
                % {
                    "title": title,
                    "old": dong_grouped(price),
                    "new": dong_grouped(now[2]),
                }
            )
    for key, (title, _quantity, _price) in after["lines"].items():
        if key not in before["lines"]:
            changes.append(_("%(title)s was added to your basket.") % {"title": title})
    if before["shipping"] != after["shipping"]:
        changes.append(
            _("The shipping fee changed from %(old)s ₫ to %(new)s ₫.")
            % {
                "old": dong_grouped(before["shipping"]),
                "new": dong_grouped(after["shipping"]),
            }
        )
    if not changes and before["total"] != after["total"]:
        changes.append(
            _("The total changed from %(old)s ₫ to %(new)s ₫.")
            % {
                "old": dong_grouped(before["total"]),
                "new": dong_grouped(after["total"]),
            }
        )
    return changes


def order_status_token(*, order) -> str:
    """A guest's key to its order page: signed, so it cannot be guessed."""
    return signing.Signer(salt=STATUS_SALT).sign_object(str(order.number))


def order_for_status_token(*, token: str):
    """The order the token was made for, or None for a forged one."""
    try:
        number = signing.Signer(salt=STATUS_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    # Refunds too: the refund email sends the shopper to this page.
    return (
        Order.objects.select_related("shipping_address", "payment")
        .prefetch_related("lines", "refunds__lines__line")
        .filter(number=number)
        .first()
    )


def saved_addresses_for(*, user):
    if not user.is_authenticated:
        return []
    return list(user.addresses.order_by("-num_orders_as_shipping_address", "-pk"))


def _saved_address_units(address) -> tuple[int | None, int | None, str]:
    """Province and commune codes of a saved address, and its street. Saved
    before July 2025 (or typed into Oscar's free address book), its names may
    be the old ones: they are turned into the 2025 units, as far as they go."""
    province = places.province_code(address.state)
    ward = places.ward_code(province_code=province, name=address.line4)
    if province and ward:
        return province, ward, address.line1
    lines = (address.line1, address.line2, address.line3, address.line4)
    old = ", ".join(part for part in (*lines, address.state) if part)
    suggestion = legacy.legacy_address_suggest(old)
    if suggestion is None:
        return province, None, address.line1
    return suggestion.province, suggestion.ward, suggestion.street or address.line1


def address_form_data(address) -> dict:
    """A saved address back into checkout fields, in 2025 units."""
    province, ward, street = _saved_address_units(address)
    phone = address.phone_number
    return {
        "full_name": address.first_name or address.name,
        "phone": f"0{phone.national_number}" if phone else "",
        "street": street,
        "province": province,
        "ward": ward,
    }


def saved_address_label(address) -> str:
    """How a saved address is offered: its 2025 units, never the old names."""
    province, ward, street = _saved_address_units(address)
    place = places.place_label(province_code=province, ward_code=ward)
    name = address.first_name or address.name
    return ", ".join(part for part in (name, street, place) if part)


def basket_problems(*, basket) -> list[str]:
    """Lines that can no longer be bought as they are (seller closed, sold out)."""
    problems = []
    for line in basket.all_lines():
        permitted, reason = line.purchase_info.availability.is_purchase_permitted(
            line.quantity
        )
        if not permitted:
            problems.append(f"{line.product.get_title()}: {reason}")
    return problems


def order_status_url(*, order) -> str:
    token = order_status_token(order=order)
    return reverse("checkout:order-status", kwargs={"token": token})


def card_payment_url(*, order) -> str:
    token = order_status_token(order=order)
    return reverse("checkout:card", kwargs={"token": token})
