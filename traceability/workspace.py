"""Traceability's pages in the seller workspace menu."""

from django.utils.translation import gettext_lazy as _

from workspace.menu import register

register(label=_("Farms"), url_name="trace-workspace:farms", order=70)
register(label=_("Batches and QR labels"), url_name="trace-workspace:batches", order=80)
