"""Sitemaps on `SITE_URL`: Django's sitemap classes for products and sellers,
Wagtail's for its pages, each split into pages of `limit` URLs under one index."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from reach import selectors
from vietnam.site import absolute_url


class CanonicalSitemap(Sitemap):
    """Locations on SITE_URL's scheme and host, never the request's."""

    limit = 10_000

    def __init__(self, request=None):
        self.request = request

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path.rstrip("/")


class ProductSitemap(CanonicalSitemap):
    changefreq = "daily"

    def items(self):
        return selectors.products_for_sitemap()

    def lastmod(self, product):
        return product.date_updated


class SellerSitemap(CanonicalSitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.sellers_for_sitemap()


class PageSitemap(WagtailSitemap):
    """Wagtail's live, public pages; their URLs rebased on SITE_URL."""

    limit = CanonicalSitemap.limit

    def items(self):
        """Wagtail's, but empty rather than an error on a site with no Wagtail
        site yet (before the demo or the home page is installed)."""
        from wagtail.models import Page, Site

        if not Site.objects.filter(is_default_site=True).exists():
            return Page.objects.none()
        return super().items()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = absolute_url(
                parts.path + (f"?{parts.query}" if parts.query else "")
            )
        return urls


SITEMAPS = {"pages": PageSitemap, "products": ProductSitemap, "sellers": SellerSitemap}
