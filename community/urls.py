from django.urls import path

from community import views

app_name = "community"
urlpatterns = [
    path("", views.HelperHomeView.as_view(), name="home"),
    path("apply/", views.HouseholdApplyView.as_view(), name="apply"),
    path("helpers/", views.HelperReviewView.as_view(), name="staff-helpers"),
]
