"""The household's helpers page in the seller workspace menu."""

from django.utils.translation import gettext_lazy as _

from workspace.menu import register

register(label=_("Community helpers"), url_name="helpers-workspace:list", order=95)
