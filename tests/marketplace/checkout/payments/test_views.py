"""Every tenant stays in its room on the payments pages: (own seller, other
seller, customer, anonymous, staff) × list, mark received, statement import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.checkout.models import OrderPayment
from tests.sellers.test_isolation import ROLES, login, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaited(market, place_order):
    order = place_order((market["tea"], 1), payment_method="vietqr")
    return order.payment


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_the_sellers_own_orders(client, market, awaited, role):
    login(client, role, market)
    response = client.get(reverse("payments-workspace:list"))
    if role in ("own", "staff"):
        assert awaited.transfer_message in response.content.decode()
    elif role == "other":
        assert response.status_code == 200
        assert awaited.transfer_message not in response.content.decode()
    else:
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_marking_received(client, market, awaited, role):
    login(client, role, market)
    response = client.post(
        reverse("payments-workspace:received", kwargs={"pk": awaited.pk})
    )
    awaited.refresh_from_db()
    if role in ("own", "staff"):
        assert response.status_code == 302 and awaited.status == "paid"
    else:
        assert refused(response) and awaited.status == "pending"


@pytest.mark.parametrize("role", ROLES)
def test_importing_a_statement_is_for_staff(client, market, awaited, role):
    login(client, role, market)
    statement = (
        "date,amount,description\n"
        f"23/11/2026,{awaited.amount},CK {awaited.transfer_message}\n"
        "23/11/2026,99000,CK DH999999\n"
    )
    response = client.post(
        reverse("payments-workspace:statement-import"),
        {"statement": SimpleUploadedFile("sao-ke.csv", statement.encode())},
    )
    awaited.refresh_from_db()
    if role == "staff":
        page = response.content.decode()
        assert awaited.status == "paid"
        assert "DH999999" in page and "Không có đơn chuyển khoản" in page
    else:
        assert refused(response) and awaited.status == "pending"
    assert OrderPayment.objects.filter(status="paid").count() == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_refunds_are_for_staff(client, market, place_order, localstripe, role):
    from marketplace.checkout.payments import services

    order = place_order((market["tea"], 1), payment_method="card")
    services.card_payment_attempt(payment_pk=order.payment.pk, card="pm_card_visa")
    login(client, role, market)
    response = client.post(
        reverse("payments-workspace:refund", kwargs={"pk": order.payment.pk})
    )
    order.payment.refresh_from_db()
    if role == "staff":
        assert response.status_code == 302 and order.payment.status == "refunded"
    else:
        assert refused(response) and order.payment.status == "paid"
