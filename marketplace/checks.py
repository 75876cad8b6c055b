"""`manage.py check --deploy`: production refuses the defaults that are only
safe on a developer's machine (localstripe's keys, an http SITE_URL)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCALSTRIPE_WEBHOOK_SECRET = "whsec_test_localstripe"


@register(Tags.security, deploy=True)
def check_card_payment_keys(app_configs=None, **kwargs):
    """With cards on, a known or empty webhook secret lets anyone forge
    "payment succeeded" events; a test key takes no real money."""
    if not settings.CARD_PAYMENTS:
        return []
    errors = []
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or secret == LOCALSTRIPE_WEBHOOK_SECRET:
        errors.append(
            Error(
                "STRIPE_WEBHOOK_SECRET is empty or localstripe's default while "
                "CARD_PAYMENTS is on: anyone could sign webhook events.",
                hint="Set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret "
                "from the Stripe dashboard.",
                id="marketplace.E001",
            )
        )
    if not settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_")):
        errors.append(
            Error(
                "STRIPE_SECRET_KEY is not a live key while CARD_PAYMENTS is on.",
                hint="Set STRIPE_SECRET_KEY (and STRIPE_PUBLISHABLE_KEY) to the "
                "live keys, or turn CARD_PAYMENTS off.",
                id="marketplace.E002",
            )
        )
    if urlsplit(settings.STRIPE_API_BASE).scheme != "https":
        errors.append(
            Error(
                f"STRIPE_API_BASE is {settings.STRIPE_API_BASE!r}, not https.",
                hint="Set STRIPE_API_BASE to https://api.stripe.com.",
                id="marketplace.E003",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """QR codes, invitation links and emails carry SITE_URL: over http they
    can be read and rewritten on the way."""
    if urlsplit(settings.SITE_URL).scheme != "https":
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}, not https.",
                hint="Set SITE_URL to the site's https origin.",
                id="marketplace.E004",
            )
        ]
    return []
