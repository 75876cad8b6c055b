import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Forked for the marketplace's shipping methods (one shipment per seller)."""

    name = "marketplace.shipping"
