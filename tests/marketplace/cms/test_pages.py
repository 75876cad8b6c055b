"""What shoppers see: live prices, statuses from the clock, the home page's
choices, and a Vietnamese 404."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.cms.models import HomeFeaturedProduct, HomeFeaturedSeller
from tests.factories import active_seller, campaign, livestream, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def cam_my(cms_tree):
    return active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")


@pytest.fixture
def tea(cam_my):
    return seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000)


def body(response) -> str:
    return response.content.decode()


def test_campaign_grid_shows_the_current_price_and_stock(client, tea):
    page = campaign(body=[("product_grid", {"heading": "Chè ngon", "products": [tea]})])
    assert re.search(r"150\.000\s₫", body(client.get(page.url)))
    record = tea.stockrecords.get()
    record.price = 99000
    record.save()
    html = body(client.get(page.url))
    assert re.search(r"99\.000\s₫", html) and "150.000" not in html
    record.num_in_stock = 0
    record.save()
    assert "Hết hàng" in body(client.get(page.url))


def test_an_ended_campaign_says_so(client):
    today = timezone.localdate()
    ended = campaign(
        starts_on=today - timedelta(days=10), ends_on=today - timedelta(days=3)
    )
    html = body(client.get(ended.url))
    assert "Chương trình này đã kết thúc." in html
    running = campaign(title="Tết OCOP")
    assert "đã kết thúc" not in body(client.get(running.url))


def test_campaign_blocks_render_seller_cards_video_and_faq(client, cam_my):
    page = campaign(
        body=[
            ("seller_cards", {"heading": "Các HTX", "sellers": [cam_my]}),
            ("video", {"url": "https://youtu.be/dQw4w9WgXcQ", "caption": "Đồi chè"}),
            ("video", {"url": "https://www.tiktok.com/@htx/video/1", "caption": ""}),
            (
                "faq",
                {"heading": "", "items": [{"question": "Giao?", "answer": "Có"}]},
            ),
        ]
    )
    html = body(client.get(page.url))
    assert cam_my.get_absolute_url() in html
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in html
    assert 'href="https://www.tiktok.com/@htx/video/1"' in html
    assert "<summary>Giao?</summary>" in html


@pytest.mark.parametrize(
    "starts_in, badge, extra",
    [
        (timedelta(hours=3), "Sắp diễn ra", "Bắt đầu sau"),
        (timedelta(minutes=-30), "Đang phát trực tiếp", "Kết thúc sau"),
        (timedelta(hours=-5), "Đã kết thúc", "Xem lại"),
    ],
)
def test_livestream_status_follows_the_clock(
    client, cam_my, tea, starts_in, badge, extra
):
    page = livestream(
        host=cam_my,
        starts_in=starts_in,
        products=[tea],
        replay_url="https://www.tiktok.com/@htx/video/9",
    )
    html = body(client.get(page.url))
    assert f"live-badge--{page.status}" in html and badge in html
    assert extra in html
    assert ("https://www.tiktok.com/@htx/video/9" in html) == (page.status == "ended")
    assert reverse("basket:add", kwargs={"pk": tea.pk}) in html


def test_home_shows_live_now_coming_up_and_the_editors_choices(
    client, cms_tree, cam_my, tea
):
    home = cms_tree["home"]
    other = seller_product(cam_my, title="Chè móc câu", price=200000)
    HomeFeaturedProduct.objects.create(page=home, product=other, sort_order=0)
    HomeFeaturedSeller.objects.create(page=home, seller=cam_my, sort_order=0)
    livestream(host=cam_my, title="Đang phát chè", starts_in=timedelta(minutes=-10))
    livestream(host=cam_my, title="Sắp tới chè", starts_in=timedelta(days=1))
    livestream(host=cam_my, title="Đã xong chè", starts_in=timedelta(days=-2))
    running = campaign()
    html = body(client.get("/"))
    live_section = html.split('id="home-live-title"')[1].split("</section>")[0]
    assert "Đang phát chè" in live_section and "live-badge--live" in live_section
    assert "Sắp tới chè" in html and "Đã xong chè" not in html
    assert running.title in html
    assert "Chè móc câu" in html and "Chè xanh Cẩm Mỹ" not in html
    assert cam_my.get_absolute_url() in html


def test_a_suspended_sellers_livestreams_and_cards_disappear(client, cms_tree, cam_my):
    from sellers import services as seller_services

    page = livestream(host=cam_my, title="Đang phát chè", starts_in=timedelta(0))
    seller_services.seller_suspend(profile=cam_my, reason="Kiểm tra")
    assert "Đang phát chè" not in body(client.get("/"))
    assert client.get(page.url).status_code == 200  # the page itself stays


def test_unknown_slugs_get_the_vietnamese_404(client, cms_tree):
    response = client.get("/livestream/khong-co-phien-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body(response)
