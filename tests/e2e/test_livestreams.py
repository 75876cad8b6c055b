"""Livestream journeys on a phone: a shopper buys from a live session; a seller
proposes a session, staff publish it, and it reaches the schedule and the feed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.test.factories import UserFactory
from playwright.sync_api import expect

from marketplace.cms.models import LivestreamPage
from marketplace.cms.services import cms_tree_install
from tests.e2e.steps import choose_province
from tests.factories import active_seller, livestream, seller_product, with_picture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(phone, base, email, password):
    phone.goto(base + "/accounts/login/")
    phone.fill("#id_login-username", email)
    phone.fill("#id_login-password", password)
    phone.locator("button[name=login_submit]").click()


@pytest.fixture
def cam_my(db):
    tree = cms_tree_install()
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    tea = seller_product(seller, title="Chè móc câu Cẩm Mỹ", price=180000)
    with_picture(tea)
    return {"seller": seller, "tea": tea, "tree": tree}


def test_shopper_follows_the_live_badge_and_buys_a_featured_product(
    live_server, phone, screenshot, cam_my
):
    livestream(
        host=cam_my["seller"],
        title="Chè Cẩm Mỹ trực tiếp từ đồi chè",
        starts_in=timedelta(minutes=-20),
        duration=timedelta(hours=2),
        products=[cam_my["tea"]],
    )
    phone.goto(live_server.url + "/")
    live = phone.locator(".home-live")
    expect(live.locator(".live-badge--live")).to_have_text("Đang phát trực tiếp")
    screenshot("home")
    live.get_by_role("link", name=re.compile("Chè Cẩm Mỹ trực tiếp")).click()

    expect(
        phone.get_by_role("heading", name="Chè Cẩm Mỹ trực tiếp từ đồi chè", level=1)
    ).to_be_visible()
    expect(phone.locator(".live-badge--live")).to_be_visible()
    expect(phone.locator("time[data-countdown]")).to_have_text(re.compile(r"\d"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("livestream")

    products = phone.locator(".livestream__products")
    products.get_by_role("button", name="Thêm vào giỏ hàng").click()
    phone.goto(live_server.url + "/basket/")
    expect(phone.locator("body")).to_contain_text("Chè móc câu Cẩm Mỹ")
    expect(phone.locator("body")).to_contain_text(re.compile(r"180\.000\s₫"))
    screenshot("basket")


def test_a_seller_proposes_staff_publish_and_it_reaches_schedule_and_feed(
    live_server, phone, screenshot, cam_my
):
    base = live_server.url
    user = cam_my["seller"].partner.users.get()
    user.set_password("Che-cam-my-2026")
    user.save()
    staff = UserFactory(is_staff=True, is_superuser=True, email="bqls@example.com")
    staff.set_password("matkhau-bql")
    staff.save()
    start = (timezone.localtime() + timedelta(days=1)).replace(
        hour=20, minute=0, second=0, microsecond=0
    )

    # 1. The seller proposes a livestream from its workspace.
    log_in(phone, base, "cammy@example.com", "Che-cam-my-2026")
    phone.goto(base + "/dashboard/shop/livestreams/")
    phone.get_by_role("link", name="Đăng ký phiên livestream").click()
    phone.fill("#id_title", "Pha trà Cẩm Mỹ cùng nghệ nhân")
    phone.select_option("#id_platform", "tiktok")
    phone.fill("#id_stream_url", "https://www.tiktok.com/@chocammy/live")
    phone.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_ends_at", (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_streamer_name", "Hà Thị Lan")
    phone.fill("#id_streamer_phone", "0912 345 678")
    phone.get_by_label("Chè móc câu Cẩm Mỹ").check()
    screenshot("propose")
    phone.get_by_role("button", name="Gửi ban biên tập duyệt").click()
    expect(phone.locator("body")).to_contain_text("Đang chờ duyệt")
    screenshot("waiting")
    page = LivestreamPage.objects.get()
    assert not page.live
    phone.context.clear_cookies()

    # 2. Staff cannot approve it while the streamer's identity is unverified:
    #    the editor says why. They record her CCCD, tick "verified", approve.
    log_in(phone, base, "bqls@example.com", "matkhau-bql")
    phone.goto(f"{base}/cms/pages/{page.pk}/edit/")
    approve = phone.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    approve.dispatch_event("click")
    phone.wait_for_load_state()
    expect(phone.locator("body")).to_contain_text(
        "Danh tính người livestream Hà Thị Lan chưa được ban quản lý xác thực."
    )
    screenshot("unverified-refused")
    assert not LivestreamPage.objects.get(pk=page.pk).live
    streamer = page.streamers.get().livestreamer
    phone.goto(f"{base}/cms/snippets/cms/livestreamer/edit/{streamer.pk}/")
    phone.fill("#id_document_number", "025190001234")
    phone.check("#id_verified")
    phone.locator("#w-editor-form button[type=submit]").first.click()
    phone.wait_for_load_state()
    streamer.refresh_from_db()
    assert streamer.is_verified
    phone.goto(f"{base}/cms/pages/{page.pk}/edit/")
    approve.dispatch_event("click")
    phone.wait_for_load_state()
    expect(phone.locator("body")).to_contain_text(re.compile("Pha trà Cẩm Mỹ"))
    for _ in range(20):
        if LivestreamPage.objects.get(pk=page.pk).live:
            break
        phone.wait_for_timeout(250)
    assert LivestreamPage.objects.get(pk=page.pk).live
    phone.context.clear_cookies()

    # 3. Anyone sees it in the schedule and in the calendar feed.
    phone.goto(f"{base}/livestream/?view=day&date={start.date().isoformat()}")
    expect(phone.locator(".schedule")).to_contain_text("Pha trà Cẩm Mỹ cùng nghệ nhân")
    screenshot("schedule")
    feed = phone.request.get(base + "/calendar/livestreams.ics")
    assert feed.ok and "Pha trà Cẩm Mỹ cùng nghệ nhân" in feed.text()
    assert start.strftime("DTSTART;TZID=Asia/Ho_Chi_Minh:%Y%m%dT%H%M00") in feed.text()


def test_a_viewer_buys_with_the_live_code_then_complains_and_staff_resolve(
    live_server, phone, screenshot, cam_my
):
    from oscar.core.loading import get_model

    from marketplace.cms.models import LivestreamComplaint, LivestreamVoucher

    base = live_server.url
    page = livestream(
        host=cam_my["seller"],
        title="Chè Cẩm Mỹ trực tiếp từ đồi chè",
        starts_in=timedelta(minutes=-20),
        duration=timedelta(hours=2),
        products=[cam_my["tea"]],
        publish=False,
    )
    LivestreamVoucher.objects.create(page=page, code="CAMMY-LIVE", percent=10, limit=50)
    page.save_revision().publish()
    staff = UserFactory(is_staff=True, is_superuser=True, email="bqls@example.com")
    staff.set_password("matkhau-bql")
    staff.save()

    # 1. The stream is live: the viewer adds the featured tea, taps the code.
    phone.goto(base + page.url)
    expect(phone.locator(".live-badge--live")).to_be_visible()
    expect(phone.locator(".livestream__who")).to_contain_text(cam_my["seller"].tax_code)
    phone.locator(".livestream__products").get_by_role(
        "button", name="Thêm vào giỏ hàng"
    ).click()
    phone.goto(base + page.url)
    screenshot("live-code")
    phone.get_by_role("button", name="Dùng mã CAMMY-LIVE").click()
    expect(phone.locator("body")).to_contain_text("Đã áp dụng mã CAMMY-LIVE")
    expect(phone.locator("body")).to_contain_text(re.compile(r"162\.000\s₫"))
    screenshot("basket-with-code")

    # 2. Cash on delivery.
    phone.get_by_role("link", name="Tiến hành thanh toán").click()
    expect(phone.get_by_role("heading", name="Thanh toán")).to_be_visible()
    choose_province(phone, 25)
    phone.select_option("#id_ward", label="Xã Đoan Hùng")
    phone.fill("#id_full_name", "Nguyễn Thị Lan")
    phone.fill("#id_phone", "0912 345 678")
    phone.fill("#id_street", "Thôn Đồng Lạng")
    phone.get_by_label("Thanh toán khi nhận hàng (COD)").check()
    phone.get_by_role("button", name="Đặt hàng").click()
    expect(phone.get_by_role("heading", name=re.compile("xác nhận"))).to_be_visible()
    order = get_model("order", "Order").objects.get()
    assert order.payment.method == "cod"
    assert order.discounts.get().voucher_code == "CAMMY-LIVE"
    assert order.total_incl_tax == 162000 + 30000

    # 3. The viewer reports something during the stream, without an account.
    phone.goto(base + page.url)
    phone.get_by_text("Phản ánh / khiếu nại").click()
    phone.fill("#id_message", "Người livestream nói chè trồng ở Thái Nguyên.")
    phone.get_by_role("button", name="Gửi cho ban quản lý sàn").click()
    expect(phone.get_by_role("heading", name="Đã nhận phản ánh")).to_be_visible()
    screenshot("complaint-sent")
    complaint = LivestreamComplaint.objects.get()
    phone.context.clear_cookies()

    # 4. Staff see it in the queue and resolve it with a reply.
    log_in(phone, base, "bqls@example.com", "matkhau-bql")
    phone.goto(base + "/cms/snippets/cms/livestreamcomplaint/")
    expect(phone.locator("body")).to_contain_text("Chè Cẩm Mỹ trực tiếp từ đồi chè")
    phone.goto(f"{base}/cms/snippets/cms/livestreamcomplaint/edit/{complaint.pk}/")
    expect(phone.locator("body")).to_contain_text("nói chè trồng ở Thái Nguyên")
    phone.select_option("#id_status", "resolved")
    phone.fill("#id_reply", "Đã yêu cầu người bán đính chính: chè trồng tại Cẩm Mỹ.")
    phone.locator("#w-editor-form button[type=submit]").first.click()
    phone.wait_for_load_state()
    screenshot("complaint-resolved")
    complaint.refresh_from_db()
    assert complaint.status == "resolved" and complaint.handled_by == staff
