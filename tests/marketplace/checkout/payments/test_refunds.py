"""Partial refunds per line: Stripe partial refunds for card orders (the real
SDK against localstripe), recorded refunds for transfers and cash, stock
back where the goods came back, statements adjusted, the shopper's email
after commit; never more than was paid, even under concurrent refunds."""

import uuid

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory

from marketplace.checkout.models import PaymentStatus, Refund
from marketplace.checkout.payments import selectors, services
from marketplace.checkout.payments.services import LineRefundAsk
from sellers import selectors as seller_selectors
from tests.factories import active_seller, race, seller_product

pytestmark = pytest.mark.django_db
PaymentEvent = get_model("order", "PaymentEvent")


@pytest.fixture
def shop(db, settings):
    settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER = "30000"
    settings.MARKETPLACE_COMMISSION_RATE = "8"
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="doanhung@example.com"
    )
    return {
        "cam_my": cam_my,
        "doan_hung": doan_hung,
        "tea": seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000),
        "pomelo": seller_product(doan_hung, title="Bưởi Đoan Hùng", price=80000),
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.fixture
def paid(shop, place_order):
    """Two tea (300.000 ₫) and one pomelo (80.000 ₫) plus 2 × 30.000 ₫ of
    shipping = 440.000 ₫, paid by transfer (or cash: method=cod)."""

    def make(method="vietqr"):
        order = place_order(
            (shop["tea"], 2), (shop["pomelo"], 1), payment_method=method
        )
        order.guest_email = "binh@example.com"
        order.save()
        if method != "card":
            services.payment_mark_received(payment_pk=order.payment.pk)
        order.payment.refresh_from_db()
        return order

    return make


def line_of(order, product):
    return order.lines.get(product=product)


def refund(order, *asks, staff, key=None, **extra):
    extra.setdefault("reference", "FT26336001")
    return services.refund_create(
        order_pk=order.pk,
        asks=[LineRefundAsk(**ask) for ask in asks],
        actor=staff,
        request_key=key or uuid.uuid4(),
        **extra,
    )


def available(product) -> int:
    record = product.stockrecords.get()
    return record.num_in_stock - record.num_allocated


# Card orders: Stripe partial refunds ------------------------------------------


@pytest.fixture
def card_paid(localstripe, paid):
    order = paid("card")
    services.card_payment_attempt(payment_pk=order.payment.pk, card="pm_card_visa")
    order.payment.refresh_from_db()
    assert order.payment.status == PaymentStatus.PAID
    return order


def stripe_refunds(order):
    listed = services.stripe_sdk().Refund.list(payment_intent=order.payment.reference)
    return sorted(item.amount for item in listed.data)


def test_a_card_line_is_refunded_in_part_through_stripe(card_paid, shop):
    tea = line_of(card_paid, shop["tea"])
    made = refund(
        card_paid,
        {"line_pk": tea.pk, "amount": 150000, "quantity": 1},
        staff=shop["staff"],
        reference="",
    )
    assert stripe_refunds(card_paid) == [150000]
    assert made.reference.startswith("re_") and made.created_by == shop["staff"]
    card_paid.payment.refresh_from_db()
    assert card_paid.payment.status == PaymentStatus.PAID
    # Oscar's own record of it: one refund event for the line's money and unit.
    event = PaymentEvent.objects.get(order=card_paid)
    assert event.event_type.code == "refund" and event.amount == 150000
    assert [(q.line, q.quantity) for q in event.line_quantities.all()] == [(tea, 1)]


def test_the_full_refund_takes_what_is_left_then_nothing_more(card_paid, shop):
    tea = line_of(card_paid, shop["tea"])
    refund(card_paid, {"line_pk": tea.pk, "amount": 100000}, staff=shop["staff"])
    services.card_payment_refund(payment_pk=card_paid.payment.pk, actor=shop["staff"])
    assert stripe_refunds(card_paid) == [100000, 340000]
    card_paid.payment.refresh_from_db()
    assert card_paid.payment.status == PaymentStatus.REFUNDED
    with pytest.raises(services.PaymentError):
        services.card_payment_refund(
            payment_pk=card_paid.payment.pk, actor=shop["staff"]
        )
    assert stripe_refunds(card_paid) == [100000, 340000]


# Recorded refunds (transfer, cash) --------------------------------------------


@pytest.mark.parametrize("method", ["vietqr", "cod"])
def test_a_recorded_refund_keeps_who_when_and_the_reference(paid, shop, method):
    order = paid(method)
    pomelo = line_of(order, shop["pomelo"])
    made = refund(
        order,
        {"line_pk": pomelo.pk, "amount": 80000, "quantity": 1},
        staff=shop["staff"],
        shipping=30000,
        reference="FT26336001",
        note="Bưởi dập",
    )
    made.refresh_from_db()
    assert (made.method, made.amount, made.shipping) == (method, 110000, 30000)
    assert made.reference == "FT26336001" and made.created_at is not None
    assert made.created_by == shop["staff"]
    with pytest.raises(services.RefundRefused) as refused:
        refund(
            order,
            {"line_pk": pomelo.pk, "amount": 0, "quantity": 0},
            staff=shop["staff"],
            shipping=selectors.refundable(order=order)["shipping_left"] + 1,
            reference=" ",
        )
    reasons = {(line, field) for line, field, _message in refused.value.reasons}
    assert (None, "reference") in reasons and (None, "shipping") in reasons


def test_no_refund_for_an_unpaid_order(shop, place_order):
    order = place_order((shop["tea"], 1), payment_method="cod")
    tea = line_of(order, shop["tea"])
    with pytest.raises(services.RefundRefused, match="chưa được thanh toán"):
        refund(order, {"line_pk": tea.pk, "amount": 1000}, staff=shop["staff"])
    assert not Refund.objects.exists()


def test_never_more_than_a_line_was_paid_counting_earlier_refunds(paid, shop):
    order = paid()
    tea = line_of(order, shop["tea"])
    with pytest.raises(services.RefundRefused, match="300.000|300000") as refused:
        refund(order, {"line_pk": tea.pk, "amount": 300001}, staff=shop["staff"])
    assert refused.value.reasons[0][:2] == (tea.pk, "amount")
    refund(
        order, {"line_pk": tea.pk, "amount": 200000, "quantity": 1}, staff=shop["staff"]
    )
    with pytest.raises(services.RefundRefused, match="100000") as refused:
        refund(order, {"line_pk": tea.pk, "amount": 100001}, staff=shop["staff"])
    with pytest.raises(services.RefundRefused):
        refund(
            order, {"line_pk": tea.pk, "amount": 1, "quantity": 2}, staff=shop["staff"]
        )
    refund(
        order, {"line_pk": tea.pk, "amount": 100000, "quantity": 1}, staff=shop["staff"]
    )
    assert Refund.objects.filter(order=order).count() == 2


def test_the_total_never_exceeds_what_was_paid(paid, shop):
    """A transfer of exactly the lines, no shipping paid (a free-shipping
    offer): the total cap refuses even when each line's cap would allow."""
    order = paid()
    order.payment.amount = 380000 - 1
    order.payment.save()
    tea, pomelo = line_of(order, shop["tea"]), line_of(order, shop["pomelo"])
    with pytest.raises(services.RefundRefused, match="nhiều hơn") as refused:
        refund(
            order,
            {"line_pk": tea.pk, "amount": 300000},
            {"line_pk": pomelo.pk, "amount": 80000},
            staff=shop["staff"],
        )
    assert refused.value.reasons[0][:2] == (None, None)


def test_one_line_asked_twice_cannot_pass_its_cap_in_halves(paid, shop):
    order = paid()
    tea = line_of(order, shop["tea"])
    with pytest.raises(services.RefundRefused):
        refund(
            order,
            {"line_pk": tea.pk, "amount": 200000},
            {"line_pk": tea.pk, "amount": 200000},
            staff=shop["staff"],
        )
    assert not Refund.objects.exists()


def test_a_refund_stripe_refuses_leaves_nothing_behind(card_paid, shop):
    tea = line_of(card_paid, shop["tea"])
    card_paid.payment.reference = "pi_nobody_made_this"
    card_paid.payment.save()
    with pytest.raises(services.RefundRefused, match="Stripe"):
        refund(card_paid, {"line_pk": tea.pk, "amount": 1000}, staff=shop["staff"])
    assert not Refund.objects.exists()
    assert not PaymentEvent.objects.filter(order=card_paid).exists()


def test_a_line_of_another_order_is_refused(paid, shop):
    order, other = paid(), paid()
    with pytest.raises(services.RefundRefused):
        refund(
            order,
            {"line_pk": line_of(other, shop["tea"]).pk, "amount": 1},
            staff=shop["staff"],
        )


def test_units_that_came_back_go_on_sale_again_only_when_flagged(paid, shop):
    order = paid()
    tea, pomelo = line_of(order, shop["tea"]), line_of(order, shop["pomelo"])
    tea_before, pomelo_before = available(shop["tea"]), available(shop["pomelo"])
    refund(
        order,
        {"line_pk": tea.pk, "amount": 150000, "quantity": 1, "restock": True},
        {"line_pk": pomelo.pk, "amount": 80000, "quantity": 1},
        staff=shop["staff"],
    )
    assert available(shop["tea"]) == tea_before + 1
    assert available(shop["pomelo"]) == pomelo_before
    with pytest.raises(services.RefundRefused, match="bao nhiêu"):
        refund(
            order,
            {"line_pk": tea.pk, "amount": 1, "restock": True},
            staff=shop["staff"],
        )


def test_a_form_sent_twice_refunds_once(paid, shop):
    order = paid()
    tea = line_of(order, shop["tea"])
    key = uuid.uuid4()
    first = refund(
        order, {"line_pk": tea.pk, "amount": 50000}, staff=shop["staff"], key=key
    )
    again = refund(
        order, {"line_pk": tea.pk, "amount": 50000}, staff=shop["staff"], key=key
    )
    assert first == again and Refund.objects.count() == 1


def test_the_shopper_is_emailed_after_commit(
    paid, shop, django_capture_on_commit_callbacks
):
    order = paid()
    tea = line_of(order, shop["tea"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        refund(
            order,
            {"line_pk": tea.pk, "amount": 150000, "quantity": 1},
            staff=shop["staff"],
        )
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["binh@example.com"]
    assert str(order.number) in message.subject and "Hoàn tiền" in message.subject
    assert "150.000" in message.body and "FT26336001" in message.body


def test_statements_take_the_refund_off_the_month_it_was_made(paid, shop):
    order = paid()
    tea, pomelo = line_of(order, shop["tea"]), line_of(order, shop["pomelo"])
    placed = order.date_placed
    month = {"year": placed.year, "month": placed.month}
    before = seller_selectors.statement(seller=shop["cam_my"], **month)["totals"]
    refund(
        order, {"line_pk": tea.pk, "amount": 150000, "quantity": 1}, staff=shop["staff"]
    )
    after = seller_selectors.statement(seller=shop["cam_my"], **month)
    assert after["totals"]["gross"] == before["gross"] - 150000
    assert after["totals"]["commission"] == before["commission"] - 12000
    assert after["totals"]["net"] == before["net"] - 138000
    [row] = [row for row in after["rows"] if row["refund"]]
    assert row["line"] == tea and row["quantity"] == 1
    other = seller_selectors.statement(seller=shop["doan_hung"], **month)
    assert not any(row["refund"] for row in other["rows"])
    assert other["totals"]["gross"] == pomelo.line_price_incl_tax


# The staff page ----------------------------------------------------------------


def form_data(order, **fields):
    data = {"request_key": str(uuid.uuid4()), "reference": "FT1", "shipping": ""}
    for line in order.lines.all():
        data.update({f"amount_{line.pk}": "", f"quantity_{line.pk}": ""})
    data.update(fields)
    return data


def test_staff_refund_a_line_from_the_page(client, paid, shop):
    order = paid()
    tea = line_of(order, shop["tea"])
    client.force_login(shop["staff"])
    url = reverse("payments-workspace:refund-lines", kwargs={"pk": order.payment.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Chè xanh Cẩm Mỹ" in page.content.decode()
    data = form_data(
        order, **{f"amount_{tea.pk}": "150.000", f"quantity_{tea.pk}": "1"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert Refund.objects.get().amount == 150000
    assert client.post(url, data).status_code == 302  # sent twice
    assert Refund.objects.count() == 1
    assert "FT1" in client.get(reverse("payments-workspace:refunds")).content.decode()


@pytest.mark.parametrize(
    "amount, units, message",
    [
        ("300.001", "", "Chỉ còn"),
        ("abc", "", "đồng chẵn"),
        ("-5", "", "không được âm"),
        ("99999999999999999999", "", "lớn hơn mọi đơn hàng"),
        ("1000", "3", "Chỉ còn"),
    ],
)
def test_bad_amounts_get_a_vietnamese_field_message(
    client, paid, shop, amount, units, message
):
    order = paid()
    tea = line_of(order, shop["tea"])
    client.force_login(shop["staff"])
    url = reverse("payments-workspace:refund-lines", kwargs={"pk": order.payment.pk})
    data = form_data(order, **{f"amount_{tea.pk}": amount, f"quantity_{tea.pk}": units})
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Refund.objects.exists()


def test_the_page_of_an_unpaid_order_refuses_in_vietnamese(client, shop, place_order):
    order = place_order((shop["tea"], 1), payment_method="vietqr")
    client.force_login(shop["staff"])
    url = reverse("payments-workspace:refund-lines", kwargs={"pk": order.payment.pk})
    assert "chưa được thanh toán" in client.get(url).content.decode()
    tea = line_of(order, shop["tea"])
    response = client.post(url, form_data(order, **{f"amount_{tea.pk}": "1000"}))
    assert (
        response.status_code == 200
        and "chưa được thanh toán" in response.content.decode()
    )
    assert not Refund.objects.exists()


def test_staff_find_an_order_by_its_number(client, paid, shop):
    order = paid()
    client.force_login(shop["staff"])
    response = client.get(
        reverse("payments-workspace:refunds"), {"number": order.number}
    )
    assert response["Location"] == reverse(
        "payments-workspace:refund-lines", kwargs={"pk": order.payment.pk}
    )
    missing = client.get(reverse("payments-workspace:refunds"), {"number": "nope"})
    assert missing.status_code == 200


# Concurrency (PostgreSQL) -----------------------------------------------------

pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (it serialises whole-database writes); "
    "the refund races run on PostgreSQL (set DATABASE_URL)",
)


@pg_only
@pytest.mark.django_db(transaction=True)
def test_ten_refunds_at_once_never_exceed_the_line(paid, shop):
    order = paid()
    tea = line_of(order, shop["tea"])
    done, refused, errors = race(
        lambda n: (
            refund(order, {"line_pk": tea.pk, "amount": 100000}, staff=shop["staff"]).pk
        ),
        list(range(10)),
        refusal=services.RefundRefused,
    )
    assert errors == []
    assert len(done) == 3 and len(refused) == 7
    assert (
        sum(Refund.objects.filter(order=order).values_list("amount", flat=True))
        == 300000
    )


@pg_only
@pytest.mark.django_db(transaction=True)
def test_a_form_sent_five_times_at_once_refunds_once(paid, shop):
    order = paid()
    tea = line_of(order, shop["tea"])
    key = uuid.uuid4()
    done, refused, errors = race(
        lambda n: (
            refund(
                order,
                {"line_pk": tea.pk, "amount": 120000},
                staff=shop["staff"],
                key=key,
            ).pk
        ),
        list(range(5)),
        refusal=services.RefundRefused,
    )
    assert errors == [] and refused == []
    assert len(set(done)) == 1 and Refund.objects.count() == 1


def test_the_shoppers_order_page_shows_what_came_back(client, paid, shop):
    """The refund email links the order's status page: it lists each refund
    with its lines, and a refund of another order never shows there."""
    from marketplace.checkout.selectors import order_status_url

    order, other = paid(), paid()
    refund(
        order,
        {"line_pk": line_of(order, shop["pomelo"]).pk, "amount": 80000, "quantity": 1},
        staff=shop["staff"],
        shipping=30000,
    )
    refund(
        other,
        {"line_pk": line_of(other, shop["tea"]).pk, "amount": 70000, "quantity": 0},
        staff=shop["staff"],
    )
    page = client.get(order_status_url(order=order)).content.decode()
    section = page[page.index('id="refunds-title"') :]
    assert "110.000" in section  # the pomelo and its parcel's shipping
    assert "Bưởi Đoan Hùng × 1: 80.000" in section
    assert "30.000" in section
    assert "70.000" not in section  # the other order's refund
    assert (
        "refunds-title"
        not in client.get(order_status_url(order=paid())).content.decode()
    )
