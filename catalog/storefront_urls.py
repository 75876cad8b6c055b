"""/sellers/: the sellers' public pages plus storefronts, which list products and
so are served by the catalogue (sellers, below it, never import it)."""

from django.urls import path

from catalog import views
from sellers import urls as seller_urls

app_name = seller_urls.app_name
urlpatterns = [
    *seller_urls.urlpatterns,
    path("<slug:slug>/", views.StorefrontView.as_view(), name="storefront"),
]
