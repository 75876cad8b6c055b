"""Oscar's shop without its "" redirect, then Wagtail's catch-all last (it owns /)."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from ops import views as ops_views

shop_urls = [p for p in apps.get_app_config("oscar").urls[0] if str(p.pattern) != ""]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Oscar templates link to "home"; it is Wagtail's root page.
    path("", wagtail_serve, {"path": ""}, name="home"),
    path("", include("ops.urls")),
    path("", include("traceability.urls")),
    path("", include("marketplace.cms.urls")),
    path("", include("reach.urls")),
    path("sellers/", include("catalog.storefront_urls")),
    path("dashboard/sellers/", include("sellers.dashboard_urls")),
    path("dashboard/shop/", include("workspace.urls")),
    path("dashboard/shop/", include("traceability.workspace_urls")),
    path("dashboard/shop/", include("marketplace.cms.workspace_urls")),
    path("dashboard/shop/", include("marketplace.checkout.payments.workspace_urls")),
    path("dashboard/shop/", include("community.workspace_urls")),
    path("dashboard/community/", include("community.urls")),
    path("dashboard/report/", include("marketplace.report.urls")),
    path("", include(shop_urls)),
]
# No object storage: the app serves media (the view checks it per request).
media_prefix = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/media/"
urlpatterns.append(re_path(rf"^{media_prefix[1:]}(?P<path>.*)$", ops_views.media))
urlpatterns += [path("", include(wagtail_urls))]
handler500 = "ops.views.server_error"
