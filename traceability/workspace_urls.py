from django.urls import path

from traceability import label_views
from traceability import workspace_views as views

app_name = "trace-workspace"
urlpatterns = [
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("farms/", views.FarmListView.as_view(), name="farms"),
    path("households/", views.HouseholdListView.as_view(), name="households"),
    path(
        "households/statement.csv",
        views.HouseholdStatementCsvView.as_view(),
        name="household-statement",
    ),
    path("batches/", views.BatchListView.as_view(), name="batches"),
    path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch"),
    path("batches/<int:pk>/qr.png", views.BatchQrView.as_view(), name="batch-qr"),
    path(
        "batches/<int:pk>/labels/",
        label_views.BatchLabelsView.as_view(),
        name="batch-labels",
    ),
    path(
        "batches/<int:pk>/labels/<int:sheet>.pdf",
        label_views.LabelSheetDownloadView.as_view(),
        name="batch-label-sheet",
    ),
]
