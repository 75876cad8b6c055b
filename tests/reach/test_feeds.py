"""Merchant feeds: RSS 2.0 with Google's g: namespace and CSV, parsed for real."""

import csv
import io

import pytest
from django.core.management import call_command
from lxml import etree

from tests.factories import active_seller, seller_product, with_picture

pytestmark = pytest.mark.django_db
SITE = "https://cho-ocop.example.vn"
G = "{http://base.google.com/ns/1.0}"
REQUIRED = [
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "price",
    "availability",
    "condition",
    "brand",
    "identifier_exists",
]


@pytest.fixture
def market():
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="dh@example.com"
    )
    tea = seller_product(
        cam_my,
        title="Chè xanh Cẩm Mỹ",
        price=150000,
        description="<p>Chè <b>VietGAP</b></p>",
        gtin="8938505974194",
    )
    pomelo = seller_product(doan_hung, title="Bưởi Đoan Hùng", price=80000)
    sold_out = seller_product(cam_my, title="Chè hết hàng", num_in_stock=0)
    for product in (tea, pomelo, sold_out):
        with_picture(product)
    # Left out: hidden, no price, no picture.
    hidden = seller_product(cam_my, title="Chè ẩn", is_public=False)
    with_picture(hidden)
    no_price = seller_product(cam_my, title="Chè chưa có giá")
    no_price.stockrecords.update(price=None)
    with_picture(no_price)
    seller_product(cam_my, title="Chè chưa có ảnh")
    return {"cam_my": cam_my, "doan_hung": doan_hung, "tea": tea, "pomelo": pomelo}


def value(item, field):
    """A field from RSS's own element or Google's namespaced one."""
    found = item.find(field) if field in ("title", "link", "description") else None
    found = found if found is not None else item.find(G + field)
    return found.text if found is not None else None


def rss_items(response) -> dict[str, dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = etree.fromstring(b"".join(response.streaming_content))
    assert root.tag == "rss" and root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    assert channel.findtext("title") and channel.findtext("link").startswith(SITE)
    items = {}
    for item in channel.findall("item"):
        row = {child.tag.replace(G, ""): child.text for child in item}
        for field in REQUIRED:
            assert value(item, field), f"{row.get('title')}: {field} missing"
        items[row["title"]] = row
    return items


def test_marketplace_feed_has_every_required_field_and_skips_unsellable(client, market):
    items = rss_items(client.get("/feeds/products.xml"))
    assert set(items) == {"Chè xanh Cẩm Mỹ", "Bưởi Đoan Hùng", "Chè hết hàng"}
    tea = items["Chè xanh Cẩm Mỹ"]
    assert tea["price"] == "150000 VND"
    assert tea["availability"] == "in_stock"
    assert tea["brand"] == "HTX Chè Cẩm Mỹ"
    assert tea["gtin"] == "8938505974194" and tea["identifier_exists"] == "yes"
    assert tea["description"] == "Chè VietGAP"
    assert tea["link"] == SITE + market["tea"].get_absolute_url()
    assert tea["image_link"].startswith(SITE + "/") and tea["image_link"].endswith(
        ".jpg"
    )
    assert items["Bưởi Đoan Hùng"]["identifier_exists"] == "no"
    assert "gtin" not in items["Bưởi Đoan Hùng"]
    assert items["Chè hết hàng"]["availability"] == "out_of_stock"
    assert len({item["id"] for item in items.values()}) == 3


def test_suspended_sellers_leave_the_feed_when_it_is_rebuilt(client, market):
    from sellers import services

    services.seller_suspend(profile=market["doan_hung"], reason="Hồ sơ hết hạn")
    call_command("feeds_rebuild", stdout=io.StringIO())
    assert "Bưởi Đoan Hùng" not in rss_items(client.get("/feeds/products.xml"))


def test_seller_feed_has_only_its_own_items(client, market):
    slug = market["cam_my"].slug
    items = rss_items(client.get(f"/feeds/sellers/{slug}.xml"))
    assert set(items) == {"Chè xanh Cẩm Mỹ", "Chè hết hàng"}
    assert client.get("/feeds/sellers/khong-co.xml").status_code == 404


def test_csv_feed_has_the_same_items(client, market):
    response = client.get("/feeds/products.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["title"] for row in rows} == {
        "Chè xanh Cẩm Mỹ",
        "Bưởi Đoan Hùng",
        "Chè hết hàng",
    }
    for row in rows:
        assert all(row[field] for field in REQUIRED), row
    assert (
        next(r for r in rows if r["title"] == "Bưởi Đoan Hùng")["price"] == "80000 VND"
    )


def test_pack_sizes_are_items_grouped_under_their_product(client, market):
    from decimal import Decimal

    from oscar.test.factories import create_product

    parent = seller_product(market["cam_my"], title="Chè Long Cốc")
    parent.stockrecords.all().delete()
    parent.structure = "parent"
    parent.save()
    with_picture(parent)
    for title, price in (("Gói 100 g", 60000), ("Hộp 500 g", 250000)):
        child = create_product(parent=parent, title=title, price=Decimal(price))
        child.stockrecords.update(partner=market["cam_my"].partner)
    items = rss_items(client.get("/feeds/products.xml"))
    small, large = items["Chè Long Cốc – Gói 100 g"], items["Chè Long Cốc – Hộp 500 g"]
    assert small["price"] == "60000 VND" and large["price"] == "250000 VND"
    assert small["item_group_id"] == large["item_group_id"] == f"ocop-{parent.pk}"
    assert small["link"] == SITE + parent.get_absolute_url()


def test_feed_is_served_from_storage_and_rebuilt_only_when_stale(
    client, market, settings, django_assert_max_num_queries
):
    import freshness
    from reach.models import Feed

    client.get("/feeds/products.xml")
    feed = Feed.objects.get(seller_slug="", format="rss")
    built = feed.built_at
    with django_assert_max_num_queries(3):
        client.get("/feeds/products.xml")
    freshness.touch(
        freshness.product(1)
    )  # the catalogue changed, but the feed is younger than the period
    client.get("/feeds/products.xml")
    assert Feed.objects.get(pk=feed.pk).built_at == built
    settings.FEED_REFRESH_SECONDS = 0
    client.get("/feeds/products.xml")
    feed.refresh_from_db()
    assert feed.built_at > built
    assert Feed.objects.count() == 2  # RSS and CSV, one row each, old files replaced
