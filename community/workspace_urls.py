from django.urls import path

from community import workspace_views as views

app_name = "helpers-workspace"
urlpatterns = [path("helpers/", views.HelpersView.as_view(), name="list")]
