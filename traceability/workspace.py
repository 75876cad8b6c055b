"""Traceability's pages in the seller workspace menu."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from traceability import selectors
from workspace.menu import register, register_notices

register(label=_("Farms"), url_name="trace-workspace:farms", order=70)
register(label=_("Batches and QR labels"), url_name="trace-workspace:batches", order=80)
register(label=_("Member households"), url_name="trace-workspace:households", order=75)


def expiry_notices(seller) -> list[str]:
    """The seller's certificates and documents about to expire (all, for staff)."""
    today = timezone.localdate()
    partner = seller.partner if seller else None
    texts = []
    for alert in selectors.expiry_alerts_for_home(partner=partner, today=today):
        facts = {
            "what": alert.label,
            "day": alert.expires_on.strftime("%d/%m/%Y"),
            "days": (alert.expires_on - today).days,
        }
        if facts["days"] >= 0:
            message = gettext("Expires on %(day)s (in %(days)s days): %(what)s")
        else:
            message = gettext("Expired on %(day)s: %(what)s")
        texts.append(message % facts)
    return texts


register_notices("traceability:expiry", expiry_notices)
