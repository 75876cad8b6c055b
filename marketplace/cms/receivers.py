"""Wagtail's published signals, handled: the footer's cached policy links follow
what editors publish."""

from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from marketplace.cms.models import PolicyPage
from marketplace.cms.selectors import POLICY_LINKS_KEY


def forget_policy_links(**kwargs):
    cache.delete(POLICY_LINKS_KEY)


def connect():
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(forget_policy_links, sender=PolicyPage)
