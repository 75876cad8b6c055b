from django.urls import path, register_converter

from reach import views
from reach.models import FeedFormat


class FeedFormatConverter:
    regex = "xml|csv"

    def to_python(self, value):
        return FeedFormat.RSS if value == "xml" else FeedFormat.CSV

    def to_url(self, value):
        return "xml" if value == FeedFormat.RSS else "csv"


register_converter(FeedFormatConverter, "feed_format")

app_name = "reach"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap"),
    path("feeds/products.<feed_format:format>", views.marketplace_feed, name="feed"),
    path(
        "feeds/sellers/<slug:slug>.<feed_format:format>",
        views.seller_feed,
        name="seller-feed",
    ),
]
