import oscar.apps.catalogue.apps as apps
from django.urls import path


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalog"

    def ready(self):
        """Oscar's ready() loads its views through get_class, which imports
        oscar.apps.catalogue.views and with it haystack; ours are set directly."""
        from django.apps import apps as registry
        from oscar.apps.catalogue import receivers  # noqa: F401
        from oscar.apps.offer.views import RangeDetailView

        from catalog import receivers as stock_alert_receivers
        from catalog import views

        stock_alert_receivers.connect()
        self.detail_view = views.ProductDetailView
        self.stock_alert_view = views.StockAlertCreateView
        self.catalogue_view = views.CatalogueView
        self.category_view = views.ProductCategoryView
        self.range_view = RangeDetailView
        self.reviews_app = registry.get_app_config("reviews")

    def get_urls(self):
        return [
            *super().get_urls(),
            *self.post_process_urls(
                [
                    path(
                        "<int:pk>/bao-khi-co-hang/",
                        self.stock_alert_view.as_view(),
                        name="stock-alert",
                    )
                ]
            ),
        ]
