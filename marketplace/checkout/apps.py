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
        # Payments' periodic job lives in a sub-package autodiscovery misses.
        from marketplace.checkout.payments import tasks  # noqa: F401

        self.checkout_view = get_class("checkout.views", "CheckoutView")
        self.order_status_view = get_class("checkout.views", "OrderStatusView")
        self.card_view = get_class("checkout.views", "CardPaymentView")
        self.card_return_view = get_class("checkout.views", "CardReturnView")
        self.stripe_webhook_view = get_class("checkout.views", "StripeWebhookView")

    def get_urls(self):
        urls = [
            path("", self.checkout_view.as_view(), name="index"),
            path("thank-you/", self.thankyou_view.as_view(), name="thank-you"),
            path(
                "don-hang/<str:token>/",
                self.order_status_view.as_view(),
                name="order-status",
            ),
            path("the/<str:token>/", self.card_view.as_view(), name="card"),
            path(
                "the/<str:token>/xong/",
                self.card_return_view.as_view(),
                name="card-return",
            ),
            path(
                "stripe/webhook/",
                self.stripe_webhook_view.as_view(),
                name="stripe-webhook",
            ),
        ]
        return self.post_process_urls(urls)
