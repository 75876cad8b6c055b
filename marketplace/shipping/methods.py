from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.apps.shipping.methods import *  # noqa: F401
from oscar.core import prices


class PerSellerFlatRate(methods.Base):
    """Each seller ships its own parcel, so a basket pays one flat fee per seller."""

    code = "per-seller-flat"
    name = _("Delivery by each seller")

    def fees_by_seller(self, basket) -> dict:
        """{partner: fee in đồng} for each seller with lines in the basket."""
        fee = Decimal(settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER)
        return {
            line.stockrecord.partner: fee
            for line in basket.all_lines()
            if line.stockrecord_id
        }

    def calculate(self, basket):
        fee = sum(self.fees_by_seller(basket).values(), Decimal(0))
        return prices.Price(currency=basket.currency, excl_tax=fee, incl_tax=fee)
