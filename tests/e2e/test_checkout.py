"""Buying on a phone: cash on delivery, and a card through localstripe's
Stripe.js including a 3-D Secure card. Both end on the confirmation page and
send the shopper and the seller an email."""

import re

import pytest
from django.core import mail
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests.e2e.steps import choose_province
from tests.factories import active_seller, seller_product, with_picture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Order = get_model("order", "Order")


@pytest.fixture
def tea(home_page):
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    product = seller_product(seller, title="Chè xanh Cẩm Mỹ", price=150000)
    with_picture(product)
    return product


def fill_checkout(phone, base, tea, screenshot, *, payment: str):
    phone.goto(base + tea.get_absolute_url())
    phone.get_by_role("button", name="Thêm vào giỏ hàng").click()
    phone.goto(base + "/basket/")
    expect(phone.locator("tr.seller-shipping")).to_contain_text("HTX Chè Cẩm Mỹ")
    phone.get_by_role("link", name="Tiến hành thanh toán").click()
    expect(phone.get_by_role("heading", name="Thanh toán")).to_be_visible()
    choose_province(phone, 25)
    phone.select_option("#id_ward", label="Xã Đoan Hùng")
    phone.fill("#id_full_name", "Nguyễn Thị Lan")
    phone.fill("#id_phone", "0912 345 678")
    phone.fill("#id_street", "Thôn Đồng Lạng")
    phone.fill("#id_email", "lan@example.com")
    phone.get_by_label(payment).check()
    screenshot(f"checkout-{payment[:12]}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Đặt hàng").click()


def assert_confirmed(phone, screenshot, name):
    expect(phone.get_by_role("heading", name=re.compile("xác nhận"))).to_be_visible()
    expect(phone.locator(".order-payment__status")).to_be_visible()
    screenshot(name)
    order = Order.objects.get()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert "lan@example.com" in recipients and "cammy@example.com" in recipients
    return order


def test_a_shopper_buys_with_cash_on_delivery(live_server, phone, screenshot, tea):
    fill_checkout(
        phone,
        live_server.url,
        tea,
        screenshot,
        payment="Thanh toán khi nhận hàng (COD)",
    )
    order = assert_confirmed(phone, screenshot, "confirmation-cod")
    expect(phone.locator("body")).to_contain_text("Trả tiền mặt cho người giao hàng")
    assert order.payment.method == "cod" and order.payment.status == "pending"


def test_a_shopper_gets_a_vietqr_code_for_a_transfer(
    live_server, phone, screenshot, tea
):
    fill_checkout(
        phone,
        live_server.url,
        tea,
        screenshot,
        payment="Chuyển khoản ngân hàng (quét mã VietQR)",
    )
    order = assert_confirmed(phone, screenshot, "confirmation-vietqr")
    expect(phone.get_by_role("img", name="VietQR")).to_be_visible()
    expect(phone.locator(".vietqr__message")).to_have_text(f"DH{order.number}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize(
    "number", ["4242424242424242", "4000002760003184"], ids=["card", "3-d-secure"]
)
def test_a_shopper_pays_by_card_with_stripe_js(
    live_server, phone, screenshot, tea, localstripe, number
):
    fill_checkout(
        phone,
        live_server.url,
        tea,
        screenshot,
        payment="Thanh toán bằng thẻ (Visa, Mastercard, JCB)",
    )
    expect(phone.get_by_role("heading", name="Thanh toán bằng thẻ")).to_be_visible()
    card = phone.locator("#card-element")
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("10000")
    screenshot("card")
    phone.get_by_role("button", name=re.compile("Thanh toán 180.000")).click()
    if number == "4000002760003184":
        phone.get_by_role("button", name="Complete authentication").click()
    order = assert_confirmed(phone, screenshot, f"confirmation-{number[-4:]}")
    assert order.payment.method == "card" and order.payment.status == "paid"
    expect(phone.locator(".order-payment__status")).to_have_text("Đã thanh toán")


def test_a_shopper_who_knows_only_the_old_address_gets_the_new_commune(
    live_server, phone, audit, tea
):
    phone.goto(live_server.url + tea.get_absolute_url())
    phone.get_by_role("button", name="Thêm vào giỏ hàng").click()
    phone.goto(live_server.url + "/checkout/")
    phone.get_by_text("Chỉ nhớ địa chỉ cũ").click()  # unfolds the old-address field
    phone.get_by_label("Địa chỉ cũ (trước 1/7/2025)").fill(
        "Xóm Cẩm Mỹ, xã Tất Thắng, huyện Thanh Sơn, Phú Thọ"
    )
    with phone.expect_navigation():
        phone.get_by_role("button", name="Tìm xã, phường mới").click()
    expect(phone.locator(".old-address [role=status]")).to_contain_text(
        "nay là Xã Cự Đồng, Phú Thọ"
    )
    expect(phone.locator("#id_ward option:checked")).to_have_text("Xã Cự Đồng")
    audit("checkout-old-address")
    phone.fill("#id_full_name", "Nguyễn Thị Lan")
    phone.fill("#id_phone", "0912 345 678")
    phone.fill("#id_street", "Xóm Cẩm Mỹ")
    phone.get_by_label("Thanh toán khi nhận hàng (COD)").check()
    phone.get_by_role("button", name="Đặt hàng").click()
    expect(phone.get_by_role("heading", name=re.compile("xác nhận"))).to_be_visible()
    assert Order.objects.get().shipping_address.line4 == "Xã Cự Đồng"
