from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """The project itself: demo-data command and site-wide templates."""

    name = "marketplace"
    verbose_name = "Marketplace"
