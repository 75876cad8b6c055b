"""Wagtail's published signal: a livestream's prices are recorded as it goes out."""

from wagtail.signals import page_published

from marketplace.cms import services
from marketplace.cms.models import LivestreamPage


def livestream_published(sender, instance, **kwargs):
    services.livestream_prices_record(page=instance)


def connect():
    page_published.connect(livestream_published, sender=LivestreamPage)
