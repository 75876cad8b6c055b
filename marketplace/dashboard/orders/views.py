from oscar.apps.dashboard.orders import views
from oscar.apps.dashboard.orders.views import *  # noqa: F401
from oscar.apps.order.processing import EventHandler
from oscar.apps.payment.exceptions import PaymentError

from marketplace.checkout.services import CheckoutError, order_cancel
from sellers.statuses import OrderStatus


class StockReleasingEventHandler(EventHandler):
    """Staff cancelling an order in the dashboard put its units back on sale,
    through the same service as expiry and failed card payments."""

    def handle_order_status_change(self, order, new_status, note_msg=None):
        if new_status != OrderStatus.CANCELLED:
            return super().handle_order_status_change(order, new_status, note_msg)
        try:
            order_cancel(order=order)
        except CheckoutError as error:
            # Oscar's views show a PaymentError's message and change nothing.
            raise PaymentError(str(error)) from None
        if note_msg:
            self.create_note(order, note_msg)


class OrderListView(views.OrderListView):
    handler_class = StockReleasingEventHandler


class OrderDetailView(views.OrderDetailView):
    handler_class = StockReleasingEventHandler
