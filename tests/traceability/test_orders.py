from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from oscar.test.factories import UserFactory

from sellers import services as seller_services
from traceability import services
from traceability.models import LineBatch

pytestmark = pytest.mark.django_db


def ship(market):
    line = market["line"]
    for status in ("confirmed", "packed", "shipped"):
        seller_services.line_status_set(
            seller=market["cam_my"], line_pk=line.pk, status=status
        )
    return line


def batch(market, *, produced_on, quantity=100, lot_code=""):
    return services.batch_create(
        partner=market["cam_my"].partner,
        product=market["tea"],
        produced_on=produced_on,
        quantity=quantity,
        lot_code=lot_code,
    )


def test_a_shipped_line_is_filled_from_the_oldest_active_batch_with_enough_left(market):
    too_small = batch(
        market, produced_on=date(2026, 1, 1), quantity=1, lot_code="CM-2026-001"
    )
    recalled = services.batch_recall(
        batch=batch(market, produced_on=date(2026, 2, 1), lot_code="CM-2026-002"),
        reason="x",
    )
    oldest_fit = batch(market, produced_on=date(2026, 3, 1), lot_code="CM-2026-003")
    batch(market, produced_on=date(2026, 4, 1), lot_code="CM-2026-004")
    line = ship(market)
    link = LineBatch.objects.get(line=line)
    assert link.batch == oldest_fit and link.quantity == 2
    assert too_small != link.batch != recalled


def test_the_customer_traces_a_shipped_line_from_the_order_page(client, market):
    shipped_from = batch(market, produced_on=date(2026, 3, 1), lot_code="CM-2026-031")
    shopper = UserFactory()
    market["order"].user = shopper
    market["order"].save()
    ship(market)
    client.force_login(shopper)
    page = client.get(
        reverse("customer:order", kwargs={"order_number": market["order"].number})
    )
    assert f'href="/t/{shipped_from.public_token}"' in page.content.decode()


def test_recalling_a_batch_emails_the_customers_who_received_it(
    client, market, django_capture_on_commit_callbacks
):
    shipped_from = batch(market, produced_on=date(2026, 3, 1), lot_code="CM-2026-031")
    market["order"].user, market["order"].guest_email = None, "khach@example.com"
    market["order"].save()
    ship(market)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the worker's turn
        services.batch_recall(batch=shipped_from, reason="Dư lượng thuốc vượt ngưỡng")
    [message] = mail.outbox
    assert message.to == ["khach@example.com"]
    assert (
        "CM-2026-031" in message.subject
        and "Dư lượng thuốc vượt ngưỡng" in message.body
    )
    client.force_login(market["cam_my"].partner.users.get())
    page = client.get(reverse("trace-workspace:batch", kwargs={"pk": shipped_from.pk}))
    assert str(market["order"].number) in page.content.decode()


def test_a_line_with_no_batch_kept_still_ships(market):
    line = ship(market)
    line.refresh_from_db()
    assert line.status == "shipped" and not LineBatch.objects.filter(line=line).exists()
