from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from marketplace.cms.admin_views import records_export
from marketplace.cms.choosers import product_chooser_viewset, seller_chooser_viewset
from marketplace.cms.snippets import ComplaintViewSet, LivestreamerViewSet


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser_viewset, seller_chooser_viewset]


@hooks.register("register_admin_viewset")
def register_livestream_duties():
    return [LivestreamerViewSet(), ComplaintViewSet()]


@hooks.register("register_admin_urls")
def register_records_export():
    return [
        path("livestream-records.csv", records_export, name="cms_livestream_records")
    ]


class RecordsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cms.view_livestreamcomplaint")


@hooks.register("register_admin_menu_item")
def register_records_menu_item():
    return RecordsMenuItem(
        _("Livestream records (CSV)"),
        reverse("cms_livestream_records"),
        icon_name="download",
        order=302,
    )
