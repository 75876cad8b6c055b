import re
from io import BytesIO

import pytest
from django.core import mail
from oscar.core.loading import get_model
from oscar.test.factories import ProductClassFactory, UserFactory
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.steps import choose_province
from tests.factories import category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Product = get_model("catalogue", "Product")


def log_in(phone, base, email, password):
    phone.goto(base + "/accounts/login/")
    phone.fill("#id_login-username", email)
    phone.fill("#id_login-password", password)
    phone.locator("button[name=login_submit]").click()


def test_a_cooperative_applies_is_approved_and_publishes_a_product(
    live_server, phone, screenshot, home_page, tmp_path
):
    base = live_server.url
    honey = category("Mật ong")
    ProductClassFactory(name="Nông sản", slug="nong-san")
    staff = UserFactory(is_staff=True, is_superuser=True, email="bqls@example.com")
    staff.set_password("matkhau-bql")
    staff.save()
    scan = tmp_path / "dang-ky.pdf"
    scan.write_bytes(b"%PDF-1.4\n% giay dang ky kinh doanh\n")
    logo = tmp_path / "logo.png"
    buffer = BytesIO()
    Image.new("RGB", (200, 200), (201, 138, 6)).save(buffer, format="PNG")
    logo.write_bytes(buffer.getvalue())

    # 1. The cooperative applies from a phone.
    phone.goto(base + "/sellers/dang-ky/")
    choose_province(phone, 25)
    phone.select_option("#id_ward", label="Xã Đoan Hùng")
    phone.fill("#id_street", "Thôn Đồng Lạng")
    phone.fill("#id_name", "HTX Mật ong Đồng Lạng")
    phone.select_option("#id_kind", "cooperative")
    phone.fill("#id_legal_name", "Hợp tác xã Mật ong Đồng Lạng")
    phone.fill("#id_tax_code", "0100109106")
    phone.fill("#id_representative", "Đỗ Văn Lạng")
    phone.fill("#id_phone", "0912 345 678")
    phone.fill("#id_email", "donglang@example.com")
    phone.fill("#id_story", "Ong nuôi dưới tán rừng keo, mật hoa nhãn và hoa rừng.")
    phone.set_input_files("#id_logo", str(logo))
    phone.set_input_files("#id_registration_file", str(scan))
    phone.fill("#id_registration_number", "18.07.000456")
    screenshot("application")
    phone.locator("form.big-form button[type=submit]").last.click()
    expect(phone.locator("h1")).to_have_text("Đã gửi đăng ký")

    # 2. Staff approve it from the review queue.
    log_in(phone, base, "bqls@example.com", "matkhau-bql")
    phone.goto(base + "/dashboard/sellers/")
    phone.get_by_role("link", name="HTX Mật ong Đồng Lạng").click()
    screenshot("review")
    phone.locator("button[value=approve]").click()
    phone.context.clear_cookies()

    # 3. The invitation's link sets a password; the new seller logs in.
    invitation = mail.outbox[-1]
    assert invitation.to == ["donglang@example.com"]
    # The link is on SITE_URL; this journey's site is the live server.
    path = re.search(r"https?://[^/\s]+(/password-reset/\S+)", invitation.body)
    phone.goto(base + path.group(1))
    phone.fill("#id_new_password1", "Mat-ong-2026!")
    phone.fill("#id_new_password2", "Mat-ong-2026!")
    phone.locator("form:has(#id_new_password1) button[type=submit]").click()
    expect(phone.locator("body")).to_contain_text(re.compile("mật khẩu|password", re.I))
    log_in(phone, base, "donglang@example.com", "Mat-ong-2026!")

    # 4. It publishes a product from its own workspace (not Oscar's dashboard).
    phone.goto(base + "/dashboard/shop/")
    phone.locator("main").get_by_role("link", name="Thêm sản phẩm").click()
    phone.get_by_label("Tên sản phẩm").fill("Mật ong hoa nhãn Đồng Lạng")
    phone.get_by_label("Danh mục").select_option(label="Mật ong")
    phone.get_by_label("Giá bán (đồng)").fill("220.000")
    phone.get_by_label("Số lượng còn hàng").fill("30")
    screenshot("new-product")
    phone.get_by_role("button", name="Đăng bán").click()
    expect(phone.get_by_role("status")).to_contain_text("Mật ong hoa nhãn Đồng Lạng")
    assert Product.objects.filter(title="Mật ong hoa nhãn Đồng Lạng").exists()

    # 5. Shoppers find it on the storefront and in the category.
    phone.context.clear_cookies()
    phone.goto(base + "/sellers/htx-mat-ong-dong-lang/")
    expect(phone.get_by_text("Mật ong hoa nhãn Đồng Lạng")).to_be_visible()
    screenshot("storefront")
    phone.goto(base + honey.get_absolute_url())
    expect(phone.get_by_text("Mật ong hoa nhãn Đồng Lạng")).to_be_visible()
    expect(phone.locator("body")).to_contain_text(re.compile(r"220\.000\s₫"))


def test_cam_my_ships_its_line_and_downloads_its_statement(
    live_server, phone, screenshot
):
    from tests.factories import active_seller, order_of, seller_product

    base = live_server.url
    ProductClassFactory(name="Nông sản", slug="nong-san")
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    other = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="dh@example.com"
    )
    tea = seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000)
    order_of((tea, 2), (seller_product(other, title="Bưởi Đoan Hùng", price=80000), 1))
    user = cam_my.partner.users.get()
    user.set_password("che-cam-my-2026")
    user.save()

    log_in(phone, base, "cammy@example.com", "che-cam-my-2026")

    # Edits its product, in the workspace.
    phone.goto(f"{base}/dashboard/shop/products/{tea.pk}/")
    phone.get_by_label("Tên sản phẩm").fill("Chè xanh Cẩm Mỹ thượng hạng")
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.locator("body")).to_contain_text("Chè xanh Cẩm Mỹ thượng hạng")

    # Sees only its own lines and ships one, step by step.
    phone.goto(base + "/dashboard/shop/lines/")
    expect(phone.locator(".workspace-line")).to_have_count(1)
    expect(phone.locator("body")).not_to_contain_text("Bưởi Đoan Hùng")
    for step in ("confirmed", "packed", "shipped"):
        phone.locator(f".workspace-line button[value={step}]").click()
    expect(phone.locator(".workspace-line .line-status")).to_have_text("Đang giao")
    screenshot("lines")

    # Downloads the month's statement.
    phone.goto(base + "/dashboard/shop/statements/")
    with phone.expect_download() as download:
        phone.get_by_role("link", name=re.compile("CSV")).click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert "Chè xanh Cẩm Mỹ" in content and "300000" in content
    assert "Bưởi" not in content
