"""The shell's own pages in the menu; other domains list theirs in their
`workspace.py`."""

from django.utils.translation import gettext_lazy as _

from workspace.menu import register

register(label=_("Overview"), url_name="workspace:home", order=0)
register(label=_("Order lines"), url_name="workspace:lines", order=10)
register(label=_("Sales, last 30 days"), url_name="workspace:summary", order=20)
register(label=_("Monthly statements"), url_name="workspace:statement", order=30)
register(label=_("Shop profile"), url_name="workspace:profile", order=40)
register(label=_("Shipping fees"), url_name="workspace:shipping", order=50)
register(label=_("Stock"), url_name="workspace:stock", order=15)
register(label=_("Products and stock"), url_name="workspace:products", order=14)
register(label=_("Add a product"), url_name="workspace:product-create", order=13)
