"""What every shopper page shows around its content: the marketplace's business
details and policy pages (footer), phone numbers written the Vietnamese way."""

from django import template
from django.conf import settings

from marketplace.cms import selectors as cms_selectors
from vietnam.validators import display_phone

register = template.Library()


@register.simple_tag
def marketplace_details() -> dict:
    """Who runs the shop, as the e-commerce decree asks every site to show."""
    return settings.MARKETPLACE_DETAILS


@register.simple_tag
def policy_pages():
    return cms_selectors.policy_pages()


register.filter("phone_vn", display_phone)
