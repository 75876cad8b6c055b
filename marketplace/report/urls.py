from django.urls import path

from marketplace.report import views

app_name = "report"
urlpatterns = [
    path("", views.ReportView.as_view(), name="index"),
    path("csv/", views.ReportCsvView.as_view(), name="csv"),
]
