from django.urls import path

from marketplace.checkout.payments import views

app_name = "payments-workspace"
urlpatterns = [
    path("payments/", views.PaymentListView.as_view(), name="list"),
    path(
        "payments/<int:pk>/received/",
        views.PaymentReceivedView.as_view(),
        name="received",
    ),
    path(
        "payments/<int:pk>/refund/",
        views.PaymentRefundView.as_view(),
        name="refund",
    ),
    path(
        "payments/<int:pk>/refunds/",
        views.RefundView.as_view(),
        name="refund-lines",
    ),
    path("payments/refunds/", views.RefundListView.as_view(), name="refunds"),
    path(
        "payments/statement/",
        views.BankStatementImportView.as_view(),
        name="statement-import",
    ),
]
