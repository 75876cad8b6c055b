"""Writes for checkout: a basket becomes an order without ever selling a unit
twice, and the shopper and each seller hear about it."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core import prices
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency

from marketplace.checkout import selectors, tasks
from marketplace.checkout.models import OrderPayment, PaymentMethod, PaymentStatus
from sellers.models import Parcel
from sellers.services import stock_release
from sellers.statuses import LineStatus, OrderStatus
from vietnam import places

Country = get_model("address", "Country")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")
StockRecord = get_model("partner", "StockRecord")
OrderCreator = get_class("order.utils", "OrderCreator")
Applicator = get_class("offer.applicator", "Applicator")
ConditionalOffer = get_model("offer", "ConditionalOffer")


class CheckoutError(Exception):
    """The basket cannot become an order as it is; the message says why."""


def vietnam() -> Country:
    country, _created = Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Việt Nam",
            "is_shipping_country": True,
        },
    )
    return country


def shipping_address_build(
    *,
    full_name: str,
    phone: str,
    street: str,
    province: int,
    ward: int,
    note: str,
    old_address: str = "",
) -> ShippingAddress:
    """Oscar's address fields hold the 2025 units: line4 the commune/ward,
    state the province; no district, no postcode. An old address the shopper
    also typed rides along in the delivery notes, as typed: couriers and
    neighbours still know places by their old names."""
    if old_address.strip():
        old = _("Old address: %(address)s") % {"address": old_address.strip()}
        note = "\n".join(part for part in (note, old) if part)
    address = ShippingAddress(
        first_name=full_name,
        line1=street,
        line4=places.ward_name(ward),
        state=places.province_names().get(province, ""),
        country=vietnam(),
        phone_number=f"+84{phone[1:]}",
        notes=note,
    )
    address.full_clean()
    return address


def _address_book_add(*, user, address: ShippingAddress) -> None:
    """Accounts keep each new delivery address for next time."""
    saved = user.addresses.filter(hash=address.generate_hash()).first()
    if saved is None:
        saved = UserAddress(user=user)
        address.populate_alternative_model(saved)
    saved.num_orders_as_shipping_address += 1
    saved.save()


def _stock_allocate(*, basket) -> None:
    """Lock the basket's stock records in pk order (so two checkouts cannot
    deadlock) and re-check availability under the lock: Oscar's own check
    reads without one, so concurrent checkouts could sell the last units twice."""
    wanted = {}
    for line in basket.all_lines():
        if line.product.get_product_class().track_stock:
            wanted[line.stockrecord_id] = wanted.get(line.stockrecord_id, 0) + (
                line.quantity
            )
    records = (
        StockRecord.objects.select_for_update()
        .select_related("product")
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    short = [
        record.product.get_title()
        for record in records
        if (record.num_in_stock or 0) - (record.num_allocated or 0) < wanted[record.pk]
    ]
    if short:
        raise CheckoutError(
            _("Not enough stock left for: %(products)s. Please change your basket.")
            % {"products": ", ".join(short)}
        )


def _vouchers_recheck(*, basket, user, request) -> None:
    """Lock the offers of the basket's codes (pk order, before the stock: one
    order everywhere, no deadlock) and price the basket again under the lock.
    Oscar counts an offer's uses without a lock, so two checkouts could both
    take the last use of a limited code; a discount lost meanwhile (used up,
    the livestream ended) is refused with the reason, never silently dropped."""
    vouchers = list(basket.vouchers.all())
    if not vouchers:
        return
    before = basket.total_incl_tax
    list(
        ConditionalOffer.objects.select_for_update()
        .filter(vouchers__in=vouchers)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    basket.reset_offer_applications()
    Applicator().apply(basket, user, request)
    if basket.total_incl_tax != before:
        raise CheckoutError(
            _(
                "A discount code in your basket has just run out or its "
                "livestream has ended; the total is now %(total)s. Please check "
                "and place the order again."
            )
            % {"total": currency(basket.total_incl_tax, basket.currency)}
        )


@transaction.atomic
def order_place(
    *,
    basket,
    user,
    full_name: str,
    phone: str,
    email: str = "",
    street: str,
    province: int,
    ward: int,
    note: str = "",
    old_address: str = "",
    payment_method: str = PaymentMethod.CASH_ON_DELIVERY,
    request=None,
):
    """Place the order for a basket, allocating its stock under row locks;
    the basket is submitted and the emails leave once the order is committed."""
    if basket.is_empty:
        raise CheckoutError(_("Your basket is empty."))
    _vouchers_recheck(basket=basket, user=user, request=request)
    _stock_allocate(basket=basket)
    address = shipping_address_build(
        full_name=full_name,
        phone=phone,
        street=street,
        province=province,
        ward=ward,
        note=note,
        old_address=old_address,
    )
    address.save()
    if user.is_authenticated:
        _address_book_add(user=user, address=address)
    summary = selectors.checkout_summary(basket=basket, province=province)
    shipping = prices.Price(
        currency=basket.currency,
        excl_tax=summary["shipping"],
        incl_tax=summary["shipping"],
    )
    total = prices.Price(
        currency=basket.currency,
        excl_tax=summary["total"],
        incl_tax=summary["total"],
    )
    extra = {} if user.is_authenticated else {"guest_email": email}
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=summary["method"],
        shipping_charge=shipping,
        user=user,
        shipping_address=address,
        request=request,
        **extra,
    )
    payment = OrderPayment(
        order=order,
        method=payment_method,
        amount=summary["total"],
        expires_at=None
        if payment_method == PaymentMethod.CASH_ON_DELIVERY
        else timezone.now() + timedelta(hours=settings.PAYMENT_EXPIRY_HOURS),
    )
    payment.full_clean()
    payment.save()
    if payment_method == PaymentMethod.CASH_ON_DELIVERY:
        Parcel.objects.bulk_create(
            Parcel(
                order=order,
                partner=parcel["seller"],
                cod_amount=parcel["subtotal"] + parcel["shipping"],
            )
            for parcel in summary["parcels"]
        )
    basket.submit()
    # The worker sends the emails; robust: a queue that cannot take the task
    # must not turn a placed order into an error (the failure is logged).
    transaction.on_commit(
        partial(tasks.order_emails_send.enqueue, order_id=order.pk), robust=True
    )
    return order


@transaction.atomic
def order_cancel(*, order, payment_status: str = PaymentStatus.CANCELLED):
    """Cancel an order nobody has shipped yet and put its units back on sale;
    lines a seller already cancelled were released then."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    lines = list(order.lines.all())
    if any(line.status in (LineStatus.SHIPPED, LineStatus.DELIVERED) for line in lines):
        raise CheckoutError(_("Parcels of this order are already on their way."))
    if order.status == OrderStatus.CANCELLED:
        return order
    stock_release(lines=[line for line in lines if line.status != LineStatus.CANCELLED])
    order.set_status(OrderStatus.CANCELLED)
    OrderPayment.objects.filter(order=order).exclude(status=PaymentStatus.PAID).update(
        status=payment_status
    )
    return order


def basket_refill(*, basket, order) -> None:
    """A failed payment keeps the basket: the cancelled order's lines go back
    into the shopper's open basket."""
    for line in order.lines.select_related("product"):
        if line.product is not None:
            basket.add_product(line.product, line.quantity)
