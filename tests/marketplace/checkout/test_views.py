import re

import pytest
from django.core import mail
from oscar.core.loading import get_model

from tests.factories import PHU_THO, XA_DOAN_HUNG, active_seller, seller_product
from vietnam import places

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


@pytest.fixture
def two_sellers():
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="doanhung@example.com"
    )
    return {
        "tea": seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000),
        "pomelo": seller_product(doan_hung, title="Bưởi Đoan Hùng", price=80000),
    }


def test_a_guest_pays_cash_on_delivery_and_follows_the_order(
    client,
    checkout,
    in_basket,
    two_sellers,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER = "30000"
    in_basket(two_sellers["tea"], 2)
    in_basket(two_sellers["pomelo"])
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout()
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == "/checkout/thank-you/"

    order = Order.objects.get()
    assert order.guest_email == "lan@example.com"
    assert order.total_incl_tax == 150000 * 2 + 80000 + 2 * 30000
    assert order.payment.method == "cod" and order.payment.status == "pending"
    assert order.payment.amount == 440000
    address = order.shipping_address
    assert address.first_name == "Nguyễn Thị Lan"
    assert str(address.phone_number) == "+84912345678"
    assert address.state == "Phú Thọ" and address.line4 == places.ward_name(7969)
    assert address.notes == "Gọi trước khi giao"

    page = client.get("/checkout/thank-you/").content.decode()
    assert "Thanh toán khi nhận hàng" in page
    link = re.search(r'href="(/checkout/don-hang/[^"]+/)"', page).group(1)
    status = client.get(link).content.decode()
    assert order.number in status and "Chè xanh Cẩm Mỹ" in status

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [
        "cammy@example.com",
        "doanhung@example.com",
        "lan@example.com",
    ]
    shopper = next(m for m in mail.outbox if m.to == ["lan@example.com"])
    assert order.number in shopper.subject and link in shopper.body
    seller = next(m for m in mail.outbox if m.to == ["cammy@example.com"])
    assert "Chè xanh Cẩm Mỹ" in seller.body and "Bưởi" not in seller.body
    assert client.get("/basket/").context["basket"].is_empty


def test_a_forged_status_link_is_not_found(client):
    assert client.get("/checkout/don-hang/12345:forged/").status_code == 404


def test_bad_phone_and_a_ward_of_another_province_get_field_messages(
    checkout, in_basket, two_sellers
):
    in_basket(two_sellers["tea"])
    other_ward = places.ward_choices(1)[0][0]
    response = checkout(phone="12345", ward=other_ward)
    errors = response.context["form"].errors
    assert "số điện thoại di động Việt Nam" in errors["phone"][0]
    assert errors["ward"]
    assert not Order.objects.exists()


def test_choosing_a_province_without_javascript_lists_its_communes(
    client, in_basket, two_sellers
):
    in_basket(two_sellers["tea"])
    response = client.post(
        "/checkout/", {"province": PHU_THO, "choose_province": "1", "phone": "09"}
    )
    form = response.context["form"]
    assert not form.errors
    wards = dict(form.fields["ward"].choices)
    assert 7969 in wards and len(wards) == len(places.ward_choices(PHU_THO)) + 1


def test_a_price_change_between_steps_is_shown_and_nothing_is_ordered(
    client, in_basket, two_sellers
):
    in_basket(two_sellers["tea"])
    page = client.get("/checkout/")
    two_sellers["tea"].stockrecords.update(price=170000)
    response = client.post(
        "/checkout/",
        {
            "snapshot": page.context["snapshot"],
            "full_name": "Lan",
            "phone": "0912345678",
            "province": PHU_THO,
            "ward": 7969,
            "street": "Thôn 1",
            "payment_method": "cod",
        },
    )
    assert response.status_code == 200
    text = response.content.decode().replace("\xa0", " ")
    assert "150.000 ₫" in text and "170.000 ₫" in text
    assert not Order.objects.exists()


def test_an_empty_basket_goes_back_to_the_basket(client):
    assert client.get("/checkout/")["Location"] == "/basket/"


def test_an_account_keeps_its_address_for_next_time(
    client, checkout, in_basket, two_sellers
):
    from oscar.test.factories import UserFactory

    user = UserFactory(email="an@example.com")
    client.force_login(user)
    in_basket(two_sellers["tea"])
    assert checkout(email=None).status_code == 302
    order = Order.objects.get()
    assert order.user == user and order.email == "an@example.com"
    saved = user.addresses.get()
    assert saved.line1 == "Thôn Đồng Lạng"

    in_basket(two_sellers["pomelo"])
    form = client.get("/checkout/").context["form"]
    assert form.initial["ward"] == 7969 and form.initial["phone"] == "0912345678"
    response = client.post(
        "/checkout/", {"saved_address": saved.pk, "use_saved_address": "1"}
    )
    assert response.context["form"]["street"].value() == "Thôn Đồng Lạng"


def test_checkout_prices_each_parcel_for_the_province_chosen(
    client, checkout, in_basket, two_sellers, settings
):
    from sellers.models import ShippingRule

    settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER = "30000"
    tea_seller = two_sellers["tea"].stockrecords.get().partner
    ShippingRule.objects.create(
        partner=tea_seller, same_province_fee=15000, other_province_fee=40000
    )
    in_basket(two_sellers["tea"])
    in_basket(two_sellers["pomelo"])
    page = client.post("/checkout/", {"province": 1, "choose_province": "1"})
    parcels = {
        p["seller"].name: p["shipping"] for p in page.context["summary"]["parcels"]
    }
    assert parcels == {"HTX Chè Cẩm Mỹ": 40000, "HTX Bưởi Đoan Hùng": 30000}
    assert page.context["summary"]["total"] == 150000 + 80000 + 70000

    stale = client.post(
        "/checkout/",
        {
            "snapshot": page.context["snapshot"],
            "full_name": "Lan",
            "phone": "0912345678",
            "province": PHU_THO,
            "ward": XA_DOAN_HUNG,
            "street": "Thôn 1",
            "payment_method": "cod",
        },
    )
    assert (
        "Phí vận chuyển đã đổi từ 70.000 ₫ thành 45.000 ₫." in stale.context["problems"]
    )
    assert not Order.objects.exists()

    assert checkout(province=PHU_THO).status_code == 302
    order = Order.objects.get()
    assert order.shipping_incl_tax == 15000 + 30000
    assert order.total_incl_tax == order.payment.amount == 150000 + 80000 + 45000


def test_card_checkout_pays_on_the_card_page(
    client, checkout, in_basket, two_sellers, localstripe
):
    in_basket(two_sellers["tea"])
    response = checkout(payment_method="card")
    card_page = response["Location"]
    assert card_page.startswith("/checkout/the/")
    page = client.get(card_page).content.decode()
    assert f"{localstripe}/js.stripe.com/v3/" in page and "180.000" in page

    answer = client.post(card_page, {"card": "pm_card_visa"}).json()
    assert "client_secret" not in answer
    assert client.get(answer["next"])["Location"] == "/checkout/thank-you/"
    order = Order.objects.get()
    assert order.payment.status == "paid"
    assert "Đã thanh toán" in client.get("/checkout/thank-you/").content.decode()


def test_a_declined_card_keeps_the_basket_and_says_why(
    client, checkout, in_basket, two_sellers, localstripe
):
    in_basket(two_sellers["tea"], 2)
    card_page = checkout(payment_method="card")["Location"]
    answer = client.post(card_page, {"card": "pm_card_chargeCustomerFail"}).json()
    assert answer["next"] == "/checkout/"
    page = client.get("/checkout/")
    assert "Thẻ bị ngân hàng từ chối" in page.content.decode()
    lines = page.context["summary"]["parcels"][0]["lines"]
    assert [(line.product.title, line.quantity) for line in lines] == [
        ("Chè xanh Cẩm Mỹ", 2)
    ]
    order = Order.objects.get()
    assert order.status == "cancelled" and order.payment.status == "failed"


def test_three_d_secure_hands_the_client_secret_to_stripe_js(
    client, checkout, in_basket, two_sellers, localstripe
):
    from marketplace.checkout.payments.services import stripe_sdk

    in_basket(two_sellers["tea"])
    card_page = checkout(payment_method="card")["Location"]
    method = stripe_sdk().PaymentMethod.create(
        type="card",
        card={
            "number": "4000002760003184",
            "exp_month": 12,
            "exp_year": 2030,
            "cvc": "123",
        },
    )
    answer = client.post(card_page, {"card": method.id}).json()
    assert answer["client_secret"].startswith("pi_")
    # Not yet authenticated: back to the card page, still unpaid.
    assert client.get(answer["next"])["Location"] == card_page
    assert Order.objects.get().payment.status == "pending"


def test_a_card_page_without_a_valid_link_is_not_found(client):
    assert client.get("/checkout/the/forged:token/").status_code == 404


def test_a_seller_suspended_between_steps_stops_the_order(
    client, checkout, in_basket, two_sellers
):
    from sellers import services as seller_services

    in_basket(two_sellers["tea"])
    profile = two_sellers["tea"].stockrecords.get().partner.profile
    seller_services.seller_suspend(profile=profile, reason="Hết giấy phép")
    response = checkout()
    assert response.status_code == 200
    assert any("Chè xanh Cẩm Mỹ" in problem for problem in response.context["problems"])
    assert not Order.objects.exists()


@pytest.mark.parametrize("role", ["own", "other", "customer", "anonymous", "staff"])
def test_order_and_card_pages_open_only_with_their_signed_link(
    client, market, place_order, role
):
    from django.core import signing

    from marketplace.checkout.selectors import card_payment_url, order_status_url
    from tests.sellers.test_isolation import login

    order = place_order((market["tea"], 1), payment_method="card")
    login(client, role, market)
    assert client.get(order_status_url(order=order)).status_code == 200
    assert client.get(card_payment_url(order=order)).status_code == 200
    guessed = signing.Signer(salt="another").sign_object(str(order.number))
    for path in (
        "/checkout/don-hang/{}/",
        "/checkout/the/{}/",
        "/checkout/the/{}/xong/",
    ):
        assert client.get(path.format(guessed)).status_code == 404
    cod = place_order((market["tea"], 1))
    assert client.get(card_payment_url(order=cod)).status_code == 404
