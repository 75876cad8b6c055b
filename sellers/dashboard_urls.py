from django.urls import path

from sellers import dashboard_views

app_name = "sellers-dashboard"
urlpatterns = [
    path("", dashboard_views.SellerQueueView.as_view(), name="queue"),
    path("<int:pk>/", dashboard_views.SellerReviewView.as_view(), name="review"),
]
