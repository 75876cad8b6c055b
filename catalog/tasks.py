"""Stock-alert emails, sent by the task worker: the confirmation link for an
email signed up without an account, and the "back in stock" notice, once."""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from oscar.core.loading import get_class, get_model

from catalog import view_counts
from ops.mail import delivery_connection
from ops.periodic import periodic
from vietnam.site import absolute_url

ProductAlert = get_model("customer", "ProductAlert")
Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")
logger = logging.getLogger(__name__)


def _send(*, alert, template: str, **context) -> None:
    context = {"alert": alert, "product": alert.product, **context}
    subject = render_to_string(f"catalogue/email/{template}_subject.txt", context)
    body = render_to_string(f"catalogue/email/{template}_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        None,
        [alert.get_email_address()],
        connection=delivery_connection(),
    )


@task()
def stock_alert_confirmation_send(*, alert_id: int) -> None:
    """Enqueued once, when the alert is created; nothing is sent once the
    shopper has confirmed or cancelled."""
    alert = ProductAlert.objects.select_related("product").filter(pk=alert_id).first()
    if alert is None or alert.status != ProductAlert.UNCONFIRMED:
        logger.info("Stock alert %s: nothing to confirm", alert_id)
        return
    _send(
        alert=alert,
        template="stock_alert_confirm",
        confirm_url=absolute_url(alert.get_confirm_url()),
        cancel_url=absolute_url(alert.get_cancel_url()),
    )


@task()
def stock_alerts_send(*, product_id: int) -> None:
    """Tell every active alert of a product (or of its pack sizes) that it can
    be bought again. Each alert is closed by a conditional update before its
    email leaves, so a retry or a second task never sends it twice."""
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        logger.info("Stock alerts: product %s vanished", product_id)
        return
    selector = Selector()
    alerts = ProductAlert.objects.filter(
        product_id__in=[product.pk, product.parent_id], status=ProductAlert.ACTIVE
    ).select_related("user", "product")
    for alert in alerts:
        strategy = selector.strategy(user=alert.user)
        if not strategy.fetch_for_product(product).availability.is_available_to_buy:
            continue
        claimed = ProductAlert.objects.filter(
            pk=alert.pk, status=ProductAlert.ACTIVE
        ).update(status=ProductAlert.CLOSED, date_closed=timezone.now())
        if claimed:
            _send(
                alert=alert,
                template="stock_alert_back",
                product_url=absolute_url(product.get_absolute_url()),
            )


@periodic(every=timedelta(seconds=30))
@task()
def product_views_flush() -> int:
    """Every 30 s: add the product page views waiting in Redis to Oscar's
    analytics rows."""
    return view_counts.flush()
