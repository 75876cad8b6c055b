"""The livestream proposals page in the seller workspace menu."""

from django.utils.translation import gettext_lazy as _

from workspace.menu import register

register(label=_("Livestreams"), url_name="livestream-workspace:list", order=90)
register(
    label=_("Livestream complaints"),
    url_name="livestream-workspace:complaints",
    order=91,
)
