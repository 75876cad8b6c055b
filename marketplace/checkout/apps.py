import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    """Forked for a one-page, phone-first checkout (address, shipping per seller
    and payment on one form), guest order pages behind signed links and the
    payment methods Vietnamese shoppers use."""

    name = "marketplace.checkout"

    def ready(self):
        super().ready()
        self.checkout_view = get_class("checkout.views", "CheckoutView")
        self.order_status_view = get_class("checkout.views", "OrderStatusView")

    def get_urls(self):
        urls = [
            path("", self.checkout_view.as_view(), name="index"),
            path("thank-you/", self.thankyou_view.as_view(), name="thank-you"),
            path(
                "don-hang/<str:token>/",
                self.order_status_view.as_view(),
                name="order-status",
            ),
        ]
        return self.post_process_urls(urls)
