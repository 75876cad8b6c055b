from django.urls import path, re_path

from traceability import views

app_name = "traceability"
urlpatterns = [
    path("t/<str:token>", views.trace, name="trace"),
    path("t/<str:token>/qr.png", views.qr_png, name="qr-png"),
    path("t/<str:token>/epcis.json", views.epcis, name="epcis"),
    # Any /01/<gtin>[/…]: the resolver parses the qualifiers itself, so a
    # malformed code gets the friendly page, never Django's bare 404.
    re_path(
        r"^01/(?P<gtin>[^/]+)(?:/(?P<qualifiers>.*))?$",
        views.digital_link,
        name="digital-link",
    ),
    path(
        ".well-known/gs1resolver",
        views.resolver_description,
        name="gs1resolver",
    ),
]
