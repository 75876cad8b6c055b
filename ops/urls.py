from django.urls import path

from ops import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "dashboard/tasks/failed/",
        views.FailedTaskListView.as_view(),
        name="failed-tasks",
    ),
    path(
        "dashboard/tasks/failed/<uuid:pk>/retry/",
        views.FailedTaskRetryView.as_view(),
        name="failed-task-retry",
    ),
]
