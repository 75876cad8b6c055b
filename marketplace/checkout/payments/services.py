"""Writes about payments: money received, bank statements, unpaid expiry."""

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.checkout.models import OrderPayment, PaymentMethod, PaymentStatus
from marketplace.checkout.payments import selectors
from marketplace.checkout.services import order_cancel


class PaymentError(Exception):
    """This payment cannot change that way; the message says why."""


@transaction.atomic
def payment_mark_received(
    *, payment_pk: int, seller=None, reference: str = ""
) -> OrderPayment:
    """Cash collected or a transfer seen on the account. A seller may do it
    only for an order made of its own lines (it holds the cash); staff
    (seller=None) for any order."""
    payment = (
        OrderPayment.objects.select_for_update()
        .select_related("order")
        .get(pk=payment_pk)
    )
    if seller is not None:
        partners = set(payment.order.lines.values_list("partner_id", flat=True))
        if partners != {seller.partner_id}:
            raise OrderPayment.DoesNotExist
    if payment.status != PaymentStatus.PENDING:
        raise PaymentError(
            _("Order %(number)s is not awaiting payment (%(status)s).")
            % {"number": payment.order.number, "status": payment.get_status_display()}
        )
    payment.status = PaymentStatus.PAID
    payment.paid_at = timezone.now()
    payment.reference = reference[:100]
    payment.full_clean()
    payment.save()
    return payment


ORDER_IN_MESSAGE = re.compile(r"DH\s*-?\s*(\d+)", re.IGNORECASE)


@dataclass
class StatementRow:
    line: int
    amount: str
    description: str
    number: str = ""
    problem: str = ""


def bank_statement_import(*, csv_text: str) -> dict:
    """Match a bank statement (CSV: date, amount, description[, reference])
    to transfers awaited, by order number in the description AND the exact
    amount. Matched rows mark their order paid; any other row is reported and
    changes nothing."""
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    fields = {name.strip().lower() for name in reader.fieldnames or []}
    if not {"amount", "description"} <= fields:
        raise PaymentError(_("The statement needs the columns amount and description."))
    matched, unmatched = [], []
    for index, raw in enumerate(reader, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items()}
        found = StatementRow(
            line=index, amount=row["amount"], description=row["description"]
        )
        number = ORDER_IN_MESSAGE.search(row["description"])
        amount = re.sub(r"[.,\s₫đ]|VND", "", row["amount"], flags=re.IGNORECASE)
        if not number:
            found.problem = _("No order number in the description.")
        elif not amount.isdigit():
            found.problem = _("The amount is not a number.")
        else:
            found.number = number.group(1)
            payment = (
                OrderPayment.objects.filter(
                    order__number=found.number, method=PaymentMethod.BANK_TRANSFER
                )
                .select_related("order")
                .first()
            )
            if payment is None:
                found.problem = _("No bank transfer order with this number.")
            elif payment.status != PaymentStatus.PENDING:
                found.problem = _("The order is not awaiting payment.")
            elif payment.amount != int(amount):
                found.problem = _(
                    "The amount differs from the order's %(amount)s đồng."
                ) % {"amount": payment.amount}
            else:
                payment_mark_received(
                    payment_pk=payment.pk, reference=row.get("reference", "")
                )
        (unmatched if found.problem else matched).append(found)
    return {"matched": matched, "unmatched": unmatched}


def unpaid_orders_expire(*, now=None) -> int:
    """Cancel orders whose transfer or card payment never came, putting their
    units back on sale; returns how many."""
    count = 0
    expired = selectors.payments_expired(now=now or timezone.now())
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            # Re-read under the lock: the money may have arrived meanwhile.
            payment = OrderPayment.objects.select_for_update().get(pk=pk)
            if payment.status != PaymentStatus.PENDING:
                continue
            order_cancel(order=payment.order, payment_status=PaymentStatus.EXPIRED)
            count += 1
    return count
