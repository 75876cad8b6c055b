"""A community digital team helper brings a household online, from a phone."""

import re

import pytest
from django.core import mail
from oscar.test.factories import UserFactory
from playwright.sync_api import expect

from tests.e2e.steps import choose_province
from tests.e2e.test_sellers import log_in as seller_log_in
from tests.factories import PHU_THO, XA_DOAN_HUNG

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(phone, base, email, password):
    """Each person on the same phone: the previous one's session is gone."""
    phone.context.clear_cookies()
    seller_log_in(phone, base, email, password)


def test_a_helper_applies_for_a_household_helps_with_stock_and_is_revoked(
    live_server, phone, screenshot, tmp_path
):
    from community import services
    from sellers.models import SellerProfile
    from tests.factories import seller_product

    base = live_server.url
    staff = UserFactory(is_staff=True, is_superuser=True, email="bql@example.com")
    staff.set_password("matkhau-bql")
    staff.save()
    helper_user = UserFactory(email="to-cns@example.com", first_name="Hà")
    helper_user.set_password("to-cns-2026")
    helper_user.save()
    services.helper_approve(
        user=helper_user,
        team="Tổ công nghệ số cộng đồng xã Đoan Hùng",
        wards=[XA_DOAN_HUNG],
        approved_by=staff,
    )
    scan = tmp_path / "dang-ky.pdf"
    scan.write_bytes(b"%PDF-1.4\n% giay dang ky ho kinh doanh\n")

    # 1. The helper applies for Mrs Lan's household, with her consent.
    log_in(phone, base, "to-cns@example.com", "to-cns-2026")
    phone.goto(base + "/dashboard/community/")
    phone.locator("a[href='/dashboard/community/apply/']").click()
    phone.fill("#id_given_by", "Nguyễn Thị Lan")
    phone.select_option("#id_consent_method", "paper")
    choose_province(phone, PHU_THO)
    phone.select_option("#id_ward", str(XA_DOAN_HUNG))
    phone.fill("#id_street", "Xóm Đồng")
    phone.fill("#id_name", "Hộ bà Lan – Bưởi Đoan Hùng")
    phone.fill("#id_legal_name", "Hộ kinh doanh Nguyễn Thị Lan")
    phone.fill("#id_tax_code", "0100109106")
    phone.fill("#id_representative", "Nguyễn Thị Lan")
    phone.fill("#id_phone", "0912 345 678")
    phone.fill("#id_email", "ho-ba-lan@example.com")
    phone.set_input_files("#id_registration_file", str(scan))
    phone.fill("#id_registration_number", "18.07.000123")
    screenshot("application")
    phone.locator("form.big-form button[type=submit]").last.click()
    expect(phone.locator(".helper-applications")).to_contain_text("Nguyễn Thị Lan")
    seller = SellerProfile.objects.get(email="ho-ba-lan@example.com")
    assert (
        seller.kind == "household"
        and seller.helper_consent.given_by == "Nguyễn Thị Lan"
    )

    # 2. Staff approve the application from the review queue.
    log_in(phone, base, "bql@example.com", "matkhau-bql")
    phone.goto(base + "/dashboard/sellers/")
    phone.get_by_role("link", name="Hộ bà Lan – Bưởi Đoan Hùng").click()
    phone.locator("button[value=approve]").click()
    seller_product(seller, title="Bưởi Đoan Hùng loại 1", num_in_stock=20)

    # 3. Mrs Lan's own account sets its password from the invitation…
    phone.context.clear_cookies()
    invitation = mail.outbox[-1]
    assert invitation.to == ["ho-ba-lan@example.com"]
    # The link is on SITE_URL; this journey's site is the live server.
    path = re.search(r"https?://[^/\s]+(/password-reset/\S+)", invitation.body)
    phone.goto(base + path.group(1))
    phone.fill("#id_new_password1", "Buoi-Lan-2026!")
    phone.fill("#id_new_password2", "Buoi-Lan-2026!")
    phone.locator("form:has(#id_new_password1) button[type=submit]").click()
    # …and lets the helper work on products and stock only.
    log_in(phone, base, "ho-ba-lan@example.com", "Buoi-Lan-2026!")
    phone.goto(base + "/dashboard/shop/helpers/")
    phone.locator("input[name=rights][value=stock]").check()
    screenshot("grant")
    phone.locator(".helper-grant-form button[type=submit]").click()
    expect(phone.locator(".helper-grants")).to_contain_text("Hà")

    # 4. The helper adds the morning's harvest to the stock.
    log_in(phone, base, "to-cns@example.com", "to-cns-2026")
    phone.goto(base + "/dashboard/community/")
    phone.locator(f".helper-grant button[value='{seller.pk}']").click()
    row = phone.locator(".stock-row", has_text="Bưởi Đoan Hùng loại 1")
    row.locator("input[name=num_in_stock]").fill("35")
    row.locator("button[type=submit]").click()
    expect(phone.locator("body")).to_contain_text("20 → 35")
    screenshot("stock")

    # 5. Mrs Lan reads it in the log, then ends the helper's access.
    log_in(phone, base, "ho-ba-lan@example.com", "Buoi-Lan-2026!")
    phone.goto(base + "/dashboard/shop/helpers/")
    expect(phone.locator(".helper-action").first).to_contain_text(
        "Bưởi Đoan Hùng loại 1: 20 → 35"
    )
    screenshot("log")
    phone.locator(".helper-grant button[name=revoke]").click()
    expect(phone.locator(".helper-grant button[name=revoke]")).to_have_count(0)

    # 6. The helper's next request is refused.
    log_in(phone, base, "to-cns@example.com", "to-cns-2026")
    response = phone.goto(base + "/dashboard/shop/stock/")
    assert response.status == 403
    screenshot("refused")
