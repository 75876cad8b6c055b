import re

import pytest
from playwright.sync_api import expect

from tests.factories import active_seller, seller_product, with_picture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HA_NOI, PHUONG_BA_DINH = 1, 4


@pytest.fixture
def teas(home_page):
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="a@example.com")
    ha_noi = active_seller(
        name="HTX Trà Ba Đình", tax_code="0312345673", email="b@example.com"
    )
    products = [
        seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000, stars=5),
        seller_product(cam_my, title="Chè đen Cẩm Mỹ", price=90000, stars=4),
        seller_product(
            ha_noi,
            title="Chè sen Tây Hồ",
            price=300000,
            stars=5,
            province=HA_NOI,
            ward=PHUONG_BA_DINH,
        ),
    ]
    for product in products:
        with_picture(product)
    return products


def test_shopper_types_without_accents_and_narrows_the_results(
    live_server, phone, screenshot, teas
):
    phone.goto(live_server.url + "/")
    phone.locator("#id_q").press_sequentially("che", delay=60)
    suggestions = phone.locator("#search-suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("link", name="Chè xanh Cẩm Mỹ")).to_be_visible()
    expect(suggestions).to_contain_text("HTX Chè Cẩm Mỹ")  # a seller, too
    screenshot("suggestions")

    phone.locator("#id_q").press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("che")
    expect(phone.locator(".product-grid")).to_contain_text("Chè sen Tây Hồ")

    phone.get_by_text("Lọc kết quả").click()
    phone.locator(".facets").get_by_role("link", name=re.compile(r"^5 ★")).click()
    # The filters stay open once one is chosen.
    phone.locator(".facets").get_by_role("link", name=re.compile(r"^Phú Thọ")).click()
    main = phone.locator("main")
    expect(main).to_contain_text("Chè xanh Cẩm Mỹ")
    expect(main).not_to_contain_text("Chè sen Tây Hồ")
    expect(main).not_to_contain_text("Chè đen Cẩm Mỹ")
    screenshot("filtered")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    main.get_by_role("link", name=re.compile("Chè xanh Cẩm Mỹ")).first.click()
    expect(
        phone.get_by_role("heading", name="Chè xanh Cẩm Mỹ", level=1)
    ).to_be_visible()
