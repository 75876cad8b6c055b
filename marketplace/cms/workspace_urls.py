from django.urls import path

from marketplace.cms import workspace_views as views

app_name = "livestream-workspace"
urlpatterns = [
    path("livestreams/", views.LivestreamProposalListView.as_view(), name="list"),
    path(
        "livestreams/propose/",
        views.LivestreamProposeView.as_view(),
        name="propose",
    ),
    path(
        "livestreams/complaints/",
        views.ComplaintListView.as_view(),
        name="complaints",
    ),
]
