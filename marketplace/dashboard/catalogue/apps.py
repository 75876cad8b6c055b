import oscar.apps.dashboard.catalogue.apps as apps
from django.urls import URLPattern


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "marketplace.dashboard.catalogue"

    def get_urls(self):
        """Oscar's product, stock and price pages, read-only to the users of a
        suspended seller."""
        from workspace.access import read_only_while_suspended  # needs models

        urls = super().get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = read_only_while_suspended(pattern.callback)
        return urls
