from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """The project itself: demo-data command, site-wide templates, deploy checks."""

    name = "marketplace"
    verbose_name = "Marketplace"

    def ready(self):
        from marketplace import checks  # noqa: F401 -- registers the checks
