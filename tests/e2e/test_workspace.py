"""A cooperative's staff run their shop on a phone: today's tasks, confirm,
pack and ship an order, receive stock, edit a product, put a new one on sale
with its photo — in the shop's own design and in Vietnamese, without Oscar's
dashboard, and no link to a 403."""

import re
from io import BytesIO

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import ProductClassFactory
from PIL import Image
from playwright.sync_api import expect

from tests.factories import category

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
    ProductClassFactory(name="Nông sản", slug="nong-san")
    category("Chè xanh", parent=category("Chè"))
    return {"seller": market["cam_my"], "tea": market["tea"]}


def no_oscar_chrome_nor_english(phone):
    expect(phone.locator(".navbar, .dashboard, #dashboard")).to_have_count(0)
    text = phone.locator("main").inner_text()
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_a_seller_runs_the_day_from_a_phone(
    live_server, phone, audit, cam_my, tmp_path
):
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

    # Put a new product on sale, with a photo taken on the phone.
    picture = tmp_path / "che-bup.jpg"
    buffer = BytesIO()
    Image.new("RGB", (900, 1200), (70, 140, 60)).save(buffer, format="JPEG")
    picture.write_bytes(buffer.getvalue())
    phone.locator("main").get_by_role("link", name="Thêm sản phẩm").click()
    expect(phone.get_by_role("heading", name="Thêm sản phẩm", level=1)).to_be_visible()
    no_oscar_chrome_nor_english(phone)
    audit("workspace-new-product")
    phone.get_by_label("Tên sản phẩm").fill("Chè búp Cẩm Mỹ")
    phone.get_by_label("Danh mục").select_option(label="Chè > Chè xanh")
    phone.get_by_label("Loại sản phẩm").select_option(label="Nông sản")
    phone.get_by_label("Ảnh sản phẩm").set_input_files(str(picture))
    phone.get_by_label("Giá bán (đồng)").fill("95.000")
    phone.get_by_label("Số lượng còn hàng").fill("12")
    phone.get_by_role("button", name="Đăng bán").click()
    expect(phone.get_by_role("status")).to_contain_text("Đã đăng bán Chè búp Cẩm Mỹ")
    card = phone.locator(".stock-item", has_text="Chè búp Cẩm Mỹ")
    expect(card).to_contain_text(re.compile(r"95\.000\s₫"))
    audit("workspace-stock-after-new-product")
    created = get_model("catalogue", "Product").objects.get(title="Chè búp Cẩm Mỹ")
    assert created.stockrecords.get().partner == cam_my["seller"].partner
    assert created.images.count() == 1

    # Every page of the menu opens (no 403), on the phone, in the same design.
    menu = phone.locator("nav.site-menu a")
    hrefs = [menu.nth(i).get_attribute("href") for i in range(menu.count())]
    assert len(hrefs) >= 6
    for href in hrefs:
        response = phone.goto(base + href)
        assert response.status == 200, href
        expect(phone.locator("header.site-header")).to_be_visible()
        audit("workspace" + href.replace("/", "-").rstrip("-"))
