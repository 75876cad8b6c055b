"""A cooperative's staff run their shop on a phone: today's tasks, confirm,
pack and ship an order, receive stock, edit a product — in the shop's own
design and in Vietnamese, without Oscar's dashboard, and no link to a 403."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ENGLISH = re.compile(
    r"\b(Product|Dashboard|Stock|Save|Edit|Orders?|choose action|Make products)\b"
)


@pytest.fixture
def cam_my(home_page, market):
    """Chè Cẩm Mỹ's staff, with a line of an order shared with Đoan Hùng."""
    user = market["cam_my"].partner.users.get()
    user.set_password("che-cam-my-2026")
    user.save()
    return {"seller": market["cam_my"], "tea": market["tea"]}


def no_oscar_chrome_nor_english(phone):
    expect(phone.locator(".navbar, .dashboard, #dashboard")).to_have_count(0)
    text = phone.locator("main").inner_text()
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_a_seller_runs_the_day_from_a_phone(live_server, phone, audit, cam_my):
    base = live_server.url
    phone.goto(base + "/accounts/login/")
    phone.fill("#id_login-username", "cammy@example.com")
    phone.fill("#id_login-password", "che-cam-my-2026")
    phone.locator("button[name=login_submit]").click()
    phone.get_by_role("link", name="Gian hàng của tôi").click()

    # Home: today's tasks as large buttons.
    expect(phone.get_by_role("heading", name="HTX Chè Cẩm Mỹ", level=1)).to_be_visible()
    to_confirm = phone.get_by_role("link", name=re.compile("1 đơn cần xác nhận"))
    expect(to_confirm).to_be_visible()
    no_oscar_chrome_nor_english(phone)
    audit("workspace-home")

    # Confirm, pack, ship its line of the order.
    to_confirm.click()
    expect(phone.locator(".workspace-line")).to_have_count(1)
    expect(phone.locator("main")).not_to_contain_text("Bưởi Đoan Hùng")
    audit("workspace-lines")
    for action in ("Xác nhận", "Đã đóng gói xong", "Đã giao cho vận chuyển"):
        phone.get_by_role("button", name=action).click()
        phone.wait_for_load_state("load")
    phone.goto(base + "/dashboard/shop/lines/")
    expect(phone.locator(".workspace-line .line-status")).to_have_text("Đang giao")

    # Receive 20 units and edit the product.
    phone.get_by_role("link", name="Sản phẩm và tồn kho").first.click()
    audit("workspace-stock")
    card = phone.locator(".stock-item", has_text="Chè xanh Cẩm Mỹ")
    before = int(cam_my["tea"].stockrecords.get().num_in_stock)
    card.get_by_label("Số lượng nhập thêm").fill("20")
    card.get_by_role("button", name=re.compile("Lưu")).click()
    expect(phone.get_by_role("status")).to_contain_text(f"{before + 20}")
    phone.get_by_role("link", name="Sửa Chè xanh Cẩm Mỹ").click()
    audit("workspace-product")
    phone.get_by_label("Tên sản phẩm").fill("Chè xanh Cẩm Mỹ thượng hạng")
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.get_by_role("status")).to_contain_text("Chè xanh Cẩm Mỹ thượng hạng")
    no_oscar_chrome_nor_english(phone)

    # Every page of the menu opens (no 403), on the phone, in the same design.
    menu = phone.locator("nav.site-menu a")
    hrefs = [menu.nth(i).get_attribute("href") for i in range(menu.count())]
    assert len(hrefs) >= 6
    for href in hrefs:
        response = phone.goto(base + href)
        assert response.status == 200, href
        expect(phone.locator("header.site-header")).to_be_visible()
        audit("workspace" + href.replace("/", "-").rstrip("-"))
