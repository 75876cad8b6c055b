from django.urls import path

from marketplace.cms import views

app_name = "cms"
urlpatterns = [
    path("calendar/livestreams.ics", views.calendar_all, name="calendar-all"),
    path(
        "calendar/livestreams/event/<int:pk>.ics",
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
