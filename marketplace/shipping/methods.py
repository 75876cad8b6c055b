from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.apps.shipping.methods import *  # noqa: F401
from oscar.core import prices


def parcel_weight_grams(lines) -> int:
    """Net weight of the parcel; pack sizes inherit their parent's weight."""
    total = 0
    for line in lines:
        product = line.product
        weight = product.net_weight_grams or (
            product.parent.net_weight_grams if product.parent_id else None
        )
        total += (weight or 0) * line.quantity
    return total


class PerSellerShipping(methods.Base):
    """Each seller ships its own parcel and prices it with its ShippingRule
    (destination province, weight, free-from value); a seller without rules
    charges the marketplace's flat MARKETPLACE_SHIPPING_FEE_PER_SELLER.
    Before the address is known (basket page), the other-province fee is
    shown: the shopper can only pay less."""

    code = "per-seller"
    name = _("Delivery by each seller")

    def __init__(self, province: int | None = None):
        self.province = province

    def fees_by_seller(self, basket) -> dict:
        """{partner: fee in đồng} for each seller with lines in the basket."""
        parcels = {}
        for line in basket.all_lines():
            if line.stockrecord_id:
                parcels.setdefault(line.stockrecord.partner, []).append(line)
        return {
            partner: Decimal(self.parcel_fee(partner, lines))
            for partner, lines in parcels.items()
        }

    def parcel_fee(self, partner, lines) -> int:
        rule = getattr(partner, "shipping_rule", None)
        if rule is None:
            return int(settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER)
        profile = getattr(partner, "profile", None)
        return rule.fee(
            same_province=bool(
                self.province and profile and profile.province == self.province
            ),
            weight_grams=parcel_weight_grams(lines),
            subtotal=int(
                sum(line.line_price_incl_tax_incl_discounts for line in lines)
            ),
        )

    def calculate(self, basket):
        fee = sum(self.fees_by_seller(basket).values(), Decimal(0))
        return prices.Price(currency=basket.currency, excl_tax=fee, incl_tax=fee)
