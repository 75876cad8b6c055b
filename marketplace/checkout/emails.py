"""Checkout's emails, sent by the worker (tasks.py), each once."""

from oscar.core.loading import get_model

from marketplace.checkout.models import PaymentMethod
from marketplace.checkout.selectors import order_status_url
from ops.mail import send_once
from vietnam.site import absolute_url

SellerProfile = get_model("partner", "SellerProfile")


def order_emails_send(*, order) -> None:
    """In Vietnamese: the shopper gets the whole order and its status link,
    each seller only its own lines and the delivery address; each mail once."""
    status_url = absolute_url(order_status_url(order=order))
    if order.email:
        send_once(
            key=f"order:{order.pk}:shopper",
            subject_template="oscar/checkout/email/order_placed_subject.txt",
            body_template="oscar/checkout/email/order_placed_body.txt",
            context={"order": order, "status_url": status_url},
            to=[order.email],
        )
    lines = list(order.lines.select_related("partner"))
    for partner in {line.partner for line in lines if line.partner}:
        profile = SellerProfile.objects.filter(partner=partner).first()
        recipients = [profile.email] if profile else []
        recipients += [u.email for u in partner.users.all() if u.email]
        if not recipients:
            continue
        send_once(
            key=f"order:{order.pk}:seller:{partner.pk}",
            subject_template="oscar/checkout/email/seller_order_subject.txt",
            body_template="oscar/checkout/email/seller_order_body.txt",
            context={
                "order": order,
                "seller": partner,
                "lines": [line for line in lines if line.partner_id == partner.pk],
            },
            to=sorted(set(recipients)),
        )


def refund_email_send(*, refund) -> None:
    """In Vietnamese, to the shopper: which lines, how much, and how the money
    comes back (to the card, or as already returned by transfer or cash)."""
    order = refund.order
    if not order.email:
        return
    send_once(
        key=f"refund:{refund.pk}:shopper",
        subject_template="oscar/checkout/email/refund_subject.txt",
        body_template="oscar/checkout/email/refund_body.txt",
        context={
            "order": order,
            "refund": refund,
            "to_card": refund.method == PaymentMethod.CARD,
            "lines": list(refund.lines.select_related("line")),
            "status_url": absolute_url(order_status_url(order=order)),
        },
        to=[order.email],
    )
