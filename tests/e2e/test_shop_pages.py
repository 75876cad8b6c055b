"""Every shopper page on a phone: screenshot, axe-core (0 critical/serious), no
console error, no sideways scroll; home and product also at 1280×800."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import choose_province
from tests.factories import (
    active_seller,
    campaign,
    category,
    certify,
    livestream,
    seller_product,
    traced_batch,
    with_picture,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def shop(home_page):
    from marketplace.cms.services import policy_page_install

    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    tea = category("Chè")
    products = [
        seller_product(seller, title=title, price=price, category=tea, stars=stars)
        for title, price, stars in (
            ("Chè xanh Cẩm Mỹ", 150000, 5),
            ("Chè móc câu Cẩm Mỹ", 220000, 4),
            ("Chè đen Long Cốc", 120000, 3),
        )
    ]
    for product, colour in zip(
        products, [(46, 125, 80), (90, 140, 60), (120, 70, 40)], strict=True
    ):
        with_picture(product, colour)
    certify(products[0])
    batch = traced_batch(product=products[0])
    policy = policy_page_install(
        title="Chính sách đổi trả",
        slug="chinh-sach-doi-tra",
        body="<p>Đổi trả trong 7 ngày.</p>",
    )
    return {
        "seller": seller,
        "tea": tea,
        "products": products,
        "batch": batch,
        "campaign": campaign(),
        "livestream": livestream(host=seller, products=products[:2]),
        "policy": policy,
    }


def test_every_shopper_page_passes_axe_on_a_phone(live_server, phone, audit, shop):
    url = live_server.url
    phone.goto(url + "/")
    expect(
        phone.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    ).to_be_attached()
    audit("home", desktop=True)

    phone.goto(url + shop["tea"].get_absolute_url())
    audit("category")
    phone.goto(url + "/catalogue/")
    audit("all-products")
    phone.goto(url + "/search/?q=che+cam+my")
    audit("search")

    phone.goto(url + shop["products"][0].get_absolute_url())
    expect(
        phone.get_by_role("heading", name="Chè xanh Cẩm Mỹ", level=1)
    ).to_be_visible()
    audit("product", desktop=True)

    phone.goto(url + shop["seller"].get_absolute_url())
    audit("storefront")
    phone.goto(url + "/sellers/")
    audit("sellers")
    phone.goto(url + shop["campaign"].url)
    audit("campaign")
    phone.goto(url + shop["livestream"].url)
    audit("livestream")
    phone.goto(url + shop["policy"].url)
    audit("policy")
    phone.goto(url + shop["batch"].get_absolute_url())
    audit("trace")
    phone.goto(url + "/khong-co-trang-nay/")
    audit("not-found")
    phone.goto(url + "/accounts/login/")
    audit("login")


def test_basket_checkout_and_the_order_pass_axe_on_a_phone(
    live_server, phone, audit, shop
):
    url = live_server.url
    phone.goto(url + shop["products"][0].get_absolute_url())
    phone.get_by_role("button", name="Thêm một").click()
    expect(phone.get_by_label("Số lượng", exact=True)).to_have_value("2")
    phone.locator("#add_to_basket_form").get_by_role(
        "button", name="Thêm vào giỏ hàng"
    ).click()
    phone.goto(url + "/basket/")
    quantity = phone.get_by_label("Số lượng Chè xanh Cẩm Mỹ")
    expect(quantity).to_have_value("2")
    audit("basket")
    quantity.fill("3")
    phone.get_by_role("button", name="Cập nhật").click()
    expect(phone.get_by_label("Số lượng Chè xanh Cẩm Mỹ")).to_have_value("3")

    phone.get_by_role("link", name="Tiến hành thanh toán").click()
    expect(phone.locator("header.site-header")).to_be_visible()
    audit("checkout")
    choose_province(phone, 25)
    phone.select_option("#id_ward", label="Xã Đoan Hùng")
    phone.fill("#id_full_name", "Nguyễn Thị Lan")
    phone.fill("#id_phone", "0912 345 678")
    phone.fill("#id_street", "Thôn Đồng Lạng")
    phone.get_by_label("Thanh toán khi nhận hàng (COD)").check()
    phone.get_by_role("button", name="Đặt hàng").click()
    expect(phone.get_by_role("heading", name=re.compile("xác nhận"))).to_be_visible()
    audit("thank-you")
    phone.locator("a[href*='/checkout/don-hang/']").first.click()
    audit("order-status")

    # And the basket empties with a real "Xóa" button, no JavaScript needed.
    phone.goto(url + shop["products"][1].get_absolute_url())
    phone.locator("#add_to_basket_form").get_by_role(
        "button", name="Thêm vào giỏ hàng"
    ).click()
    phone.goto(url + "/basket/")
    phone.get_by_role("button", name="Xóa Chè móc câu Cẩm Mỹ khỏi giỏ hàng").click()
    expect(phone.get_by_text("Giỏ hàng của bạn đang trống.")).to_be_visible()
