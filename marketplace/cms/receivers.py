"""Wagtail's published signals: a livestream's prices are recorded and its
discount codes written to Oscar as it goes out, and ended when it goes offline."""

from wagtail.signals import page_published, page_unpublished

from marketplace.cms import services
from marketplace.cms.models import LivestreamPage


def livestream_published(sender, instance, **kwargs):
    services.livestream_prices_record(page=instance)
    services.live_vouchers_sync(page=instance)


def livestream_unpublished(sender, instance, **kwargs):
    services.live_vouchers_end(page=instance)


def connect():
    page_published.connect(livestream_published, sender=LivestreamPage)
    page_unpublished.connect(livestream_unpublished, sender=LivestreamPage)
