from oscar.apps.partner import strategy
from oscar.apps.partner.strategy import *  # noqa: F401

from sellers.selectors import partner_may_sell


class MarketplaceStrategy(strategy.Default):
    """Oscar's default strategy, skipping stock of sellers who may not sell
    (suspended or not yet approved): their products show as unavailable."""

    def select_stockrecord(self, product):
        for record in product.stockrecords.all():
            if partner_may_sell(record.partner):
                return record
        return None


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return MarketplaceStrategy(request)
