import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Sellers are Oscar partners; their profile and workspace grow here."""

    name = "sellers"

    def ready(self):
        super().ready()
        from sellers import receivers  # noqa: F401 -- connects the receivers
