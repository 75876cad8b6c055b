"""Wagtail's published signals: a livestream's prices are recorded and its
discount codes written to Oscar as it goes out, and ended when it goes offline;
the footer's cached policy links follow what editors publish."""

from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from marketplace.cms import services
from marketplace.cms.models import LivestreamPage, PolicyPage
from marketplace.cms.selectors import POLICY_LINKS_KEY


def livestream_published(sender, instance, **kwargs):
    services.livestream_prices_record(page=instance)
    services.live_vouchers_sync(page=instance)


def livestream_unpublished(sender, instance, **kwargs):
    services.live_vouchers_end(page=instance)


def forget_policy_links(**kwargs):
    cache.delete(POLICY_LINKS_KEY)


def connect():
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(forget_policy_links, sender=PolicyPage)
    page_published.connect(livestream_published, sender=LivestreamPage)
    page_unpublished.connect(livestream_unpublished, sender=LivestreamPage)
