from django.urls import path, re_path

from traceability import views

app_name = "traceability"
urlpatterns = [
    path("t/<str:token>", views.trace, name="trace"),
    path("t/<str:token>/qr.png", views.qr_png, name="qr-png"),
    path("t/<str:token>/epcis.json", views.epcis, name="epcis"),
    # Any /01/…/10/…: the view validates, so a malformed code gets the friendly 404.
    re_path(
        # GS1 lots may hold "/" (percent-encoded in the link, decoded here).
        r"^01/(?P<gtin>[^/]+)/10/(?P<lot>.+)$",
        views.digital_link,
        name="digital-link",
    ),
]
