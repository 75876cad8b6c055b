from django.urls import path

from workspace import products, views

app_name = "workspace"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("lines/", views.LineListView.as_view(), name="lines"),
    path("lines/<int:pk>/status/", views.LineStatusView.as_view(), name="line-status"),
    path("sales/", views.SalesSummaryView.as_view(), name="summary"),
    path("statements/", views.StatementView.as_view(), name="statement"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("shipping/", views.ShippingRuleView.as_view(), name="shipping"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("statements.csv", views.StatementCsvView.as_view(), name="statement-csv"),
    path("stock/", views.StockView.as_view(), name="stock"),
    path("products/", products.StockListView.as_view(), name="products"),
    path("products/new/", products.ProductCreateView.as_view(), name="product-create"),
    path("products/<int:pk>/", products.ProductEditView.as_view(), name="product-edit"),
]
