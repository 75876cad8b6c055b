"""The livestream proposals page in the seller workspace menu, and the
proposals waiting for an editor among the home's tasks (the workspace shell may
not import the CMS, so the CMS registers with it)."""

from django.utils.translation import gettext_lazy as _

from marketplace.cms import selectors
from workspace.menu import register, register_task

register(label=_("Livestreams"), url_name="livestream-workspace:list", order=90)
register(
    label=_("Livestream complaints"),
    url_name="livestream-workspace:complaints",
    order=91,
)
register_task(
    "livestream_proposals",
    label=_("livestream proposals waiting for approval"),
    url_name="livestream-workspace:list",
    count=lambda seller: selectors.proposals_waiting_count(seller=seller),
)
