"""The payments page in the seller workspace menu."""

from django.utils.translation import gettext_lazy as _

from workspace.menu import register

register(label=_("Payments awaited"), url_name="payments-workspace:list", order=60)
register(label=_("Refunds"), url_name="payments-workspace:refunds", order=61)
