from django.urls import path

from sellers import views

app_name = "sellers"
urlpatterns = [
    path("", views.SellerDirectoryView.as_view(), name="directory"),
    path("dang-ky/", views.SellerApplyView.as_view(), name="apply"),
    path("dang-ky/da-gui/", views.SellerAppliedView.as_view(), name="applied"),
]
