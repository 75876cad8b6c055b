import re

import pytest
from playwright.sync_api import expect

from tests.factories import category, ocop_product, with_picture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def catalogue(home_page):
    tea = category("Chè")
    category("Mật ong")
    five = ocop_product(title="Chè xanh Cẩm Mỹ", price=150000, stars=5, category=tea)
    four = ocop_product(title="Chè đen Long Cốc", price=120000, stars=4, category=tea)
    for product, colour in ((five, (46, 125, 80)), (four, (120, 70, 40))):
        with_picture(product, colour)
    return tea


def test_shopper_finds_a_five_star_tea_and_buys_it(
    live_server, phone, screenshot, catalogue
):
    phone.goto(live_server.url + "/")
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    screenshot("home")

    phone.locator("nav.site-menu").get_by_role("link", name="Chè", exact=True).click()
    expect(phone.get_by_role("heading", name="Chè", level=1)).to_be_visible()
    expect(phone.get_by_text("Chè đen Long Cốc")).to_be_visible()

    phone.get_by_text("Lọc & sắp xếp").click()
    phone.locator("select[name=stars]").select_option("5")
    phone.locator("form.filters button[type=submit]").click()
    expect(phone.get_by_text("Chè đen Long Cốc")).to_have_count(0)
    # The active filter shows as a chip that removes it.
    expect(
        phone.get_by_role("link", name=re.compile("Bỏ lọc Số sao OCOP"))
    ).to_be_visible()
    screenshot("category-5-stars")

    phone.get_by_role("link", name=re.compile("Chè xanh Cẩm Mỹ")).first.click()
    expect(
        phone.get_by_role("heading", name="Chè xanh Cẩm Mỹ", level=1)
    ).to_be_visible()
    screenshot("product")

    phone.get_by_role("button", name="Thêm vào giỏ hàng").click()
    phone.goto(live_server.url + "/basket/")
    expect(phone.locator("body")).to_contain_text(re.compile(r"150\.000\s₫"))
    screenshot("basket")

    layout_width = phone.evaluate("document.documentElement.scrollWidth")
    assert layout_width <= 390, "the page scrolls sideways on a phone"
