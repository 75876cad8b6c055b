import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalog"

    def ready(self):
        """Oscar's ready() loads its views through get_class, which imports
        oscar.apps.catalogue.views and with it haystack; ours are set directly."""
        from django.apps import apps as registry
        from oscar.apps.catalogue import receivers  # noqa: F401
        from oscar.apps.offer.views import RangeDetailView

        from catalog import views

        self.detail_view = views.ProductDetailView
        self.catalogue_view = views.CatalogueView
        self.category_view = views.ProductCategoryView
        self.range_view = RangeDetailView
        self.reviews_app = registry.get_app_config("reviews")
