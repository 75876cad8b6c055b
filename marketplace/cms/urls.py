from django.urls import path, register_converter

from marketplace.cms import views


class RowIdConverter:
    """A database id: at most 18 digits, so a longer number is a 404 rather
    than an OverflowError in the query (a page id is a related field, which
    Django's out-of-range guard for integer lookups does not cover)."""

    regex = "[0-9]{1,18}"
    to_python = int
    to_url = str


register_converter(RowIdConverter, "row_id")
app_name = "cms"
urlpatterns = [
    path("calendar/livestreams.ics", views.calendar_all, name="calendar-all"),
    path(
        "calendar/livestreams/event/<row_id:pk>.ics",
        views.calendar_event,
        name="calendar-event",
    ),
    path(
        "calendar/livestreams/<slug:slug>.ics",
        views.calendar_seller,
        name="calendar-seller",
    ),
    path(
        "livestream-phan-anh/<int:pk>/",
        views.complaint_create,
        name="complaint-create",
    ),
    path(
        "livestream-phan-anh/<int:pk>/da-gui/",
        views.complaint_sent,
        name="complaint-sent",
    ),
    path(
        "livestream-ma-giam/<int:pk>/",
        views.live_voucher_apply,
        name="live-voucher-apply",
    ),
]
