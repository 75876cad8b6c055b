import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Sellers are Oscar partners; their profile and workspace grow here."""

    name = "sellers"
