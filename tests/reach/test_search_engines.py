"""sitemap.xml, robots.txt and schema.org JSON-LD as crawlers read them."""

import pytest
from django.urls import reverse
from lxml import etree
from oscar.core.loading import get_model

from tests.factories import active_seller, category, seller_product, with_picture
from tests.reach.conftest import jsonld_nodes, node_of

pytestmark = pytest.mark.django_db
SITE = "https://cho-ocop.example.vn"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def cam_my():
    return active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")


def locations(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content).xpath("//s:loc/text()", namespaces=NS)


def sitemap_urls(client) -> list[str]:
    urls = []
    for section in locations(client, "/sitemap.xml"):
        assert section.startswith(SITE + "/sitemap-")
        urls += locations(client, section.removeprefix(SITE))
    return urls


def test_sitemap_lists_public_sellable_products_sellers_and_pages(
    client, cam_my, home_page
):
    from sellers import services
    from tests.factories import campaign

    tea = seller_product(cam_my, title="Chè xanh Cẩm Mỹ")
    hidden = seller_product(cam_my, title="Chè chưa bán", is_public=False)
    suspended = active_seller(
        name="HTX Đã tạm dừng", tax_code="0312345673", email="s@example.com"
    )
    gone = seller_product(suspended, title="Măng khô tạm dừng")
    services.seller_suspend(profile=suspended, reason="Hồ sơ hết hạn")
    page = campaign()

    urls = sitemap_urls(client)
    assert SITE + tea.get_absolute_url() in urls
    assert SITE + cam_my.get_absolute_url() in urls
    assert SITE + page.url in urls and SITE + "/" in urls
    for absent in (hidden, gone):
        assert SITE + absent.get_absolute_url() not in urls
    assert SITE + suspended.get_absolute_url() not in urls
    assert all(url.startswith(SITE + "/") for url in urls)


def test_large_sitemaps_are_split_into_pages(client, cam_my, monkeypatch):
    from reach.sitemaps import CanonicalSitemap

    monkeypatch.setattr(CanonicalSitemap, "limit", 2)
    products = [seller_product(cam_my, title=f"Chè số {n}") for n in range(5)]
    sections = locations(client, "/sitemap.xml")
    product_pages = [url for url in sections if "sitemap-products" in url]
    assert len(product_pages) == 3 and product_pages[2].endswith("?p=3")
    urls = sitemap_urls(client)
    assert {SITE + product.get_absolute_url() for product in products} <= set(urls)
    assert client.get("/sitemap-products.xml?p=9").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/dashboard/", "/basket/", "/checkout/", "/accounts/", "/cms/"):
        assert f"Disallow: {path}" in lines
    assert reverse("workspace:lines").startswith("/dashboard/")
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


# What Google requires (and recommends) for its rich results, by type.
REQUIRED = {
    "Product": {"name", "offers"},
    "Offer": {"price", "priceCurrency", "availability", "url", "seller"},
    "AggregateRating": {"ratingValue", "reviewCount"},
    "Organization": {"name", "url"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
}


def assert_complete(node: dict, kind: str) -> None:
    assert node["@type"] == kind
    missing = REQUIRED[kind] - {key for key, value in node.items() if value != ""}
    assert not missing, f"{kind} lacks {missing}"
    assert all(value not in ("", None, [], {}) for value in node.values()), node


def test_product_json_ld_has_offer_rating_seller_and_breadcrumbs(client, cam_my):
    Review = get_model("reviews", "ProductReview")
    tea_category = category("Chè")
    green = category("Chè xanh", parent=tea_category)
    tea = seller_product(
        cam_my,
        title="Chè xanh Cẩm Mỹ",
        price=150000,
        category=green,
        gtin="8938505974194",
    )
    with_picture(tea)
    for score in (5, 4):
        Review.objects.create(
            product=tea,
            score=score,
            title="Ngon",
            body="Chè thơm.",
            name="Bà Lan",
            email=f"lan{score}@example.com",
            status=Review.APPROVED,
        )
    nodes = jsonld_nodes(client.get(tea.get_absolute_url()))
    product = node_of(nodes, "Product")
    assert_complete(product, "Product")
    url = SITE + tea.get_absolute_url()
    assert product["name"] == "Chè xanh Cẩm Mỹ" and product["url"] == url
    assert product["gtin"] == "8938505974194"
    assert all(image.startswith(SITE + "/") for image in product["image"])
    (offer,) = product["offers"]
    assert_complete(offer, "Offer")
    assert offer["price"] == "150000" and offer["priceCurrency"] == "VND"
    assert offer["availability"] == "https://schema.org/InStock"
    assert_complete(offer["seller"], "Organization")
    assert offer["seller"]["name"] == "HTX Chè Cẩm Mỹ"
    assert offer["seller"]["url"] == SITE + cam_my.get_absolute_url()
    assert_complete(product["aggregateRating"], "AggregateRating")
    assert product["aggregateRating"]["ratingValue"] == 4.5
    assert product["aggregateRating"]["reviewCount"] == 2
    trail = node_of(nodes, "BreadcrumbList")
    assert_complete(trail, "BreadcrumbList")
    for item in trail["itemListElement"]:
        assert_complete(item, "ListItem")
    assert [item["name"] for item in trail["itemListElement"]] == [
        "Trang chủ",
        "Chè",
        "Chè xanh",
        "Chè xanh Cẩm Mỹ",
    ]
    assert [item["position"] for item in trail["itemListElement"]] == [1, 2, 3, 4]
    assert trail["itemListElement"][-1]["item"] == url


def test_product_without_price_picture_or_reviews_leaves_them_out(client, cam_my):
    bare = seller_product(cam_my, title="Mật ong bạc hà")
    bare.stockrecords.update(price=None)
    response = client.get(bare.get_absolute_url())
    product = node_of(jsonld_nodes(response), "Product")
    assert product["name"] == "Mật ong bạc hà"
    for absent in ("offers", "image", "aggregateRating", "gtin", "description"):
        assert absent not in product
    assert all(value not in ("", None, [], {}) for value in product.values())


def test_out_of_stock_offer_says_so(client, cam_my):
    tea = seller_product(cam_my, title="Chè hết hàng", num_in_stock=0)
    product = node_of(jsonld_nodes(client.get(tea.get_absolute_url())), "Product")
    assert product["offers"][0]["availability"] == "https://schema.org/OutOfStock"


def test_storefront_json_ld_is_an_organization_with_breadcrumbs(client, cam_my):
    nodes = jsonld_nodes(client.get(cam_my.get_absolute_url()))
    seller = node_of(nodes, "Organization")
    assert_complete(seller, "Organization")
    assert seller["url"] == SITE + cam_my.get_absolute_url()
    assert seller["address"]["addressCountry"] == "VN"
    assert seller["address"]["addressRegion"] == "Phú Thọ"
    names = [i["name"] for i in node_of(nodes, "BreadcrumbList")["itemListElement"]]
    assert names == ["Trang chủ", "Người bán", "HTX Chè Cẩm Mỹ"]


def test_json_ld_carries_the_csp_nonce_and_cannot_close_its_tag(client, cam_my, rf):
    from django.template import Context, Template

    tea = seller_product(cam_my, title="Chè </script><b>ngon</b>")
    html = client.get(tea.get_absolute_url()).content.decode()
    assert "</script><b>" not in html
    product = node_of(jsonld_nodes(client.get(tea.get_absolute_url())), "Product")
    assert product["name"] == "Chè </script><b>ngon</b>"

    request = rf.get("/")
    request.csp_nonce = "n0nce"
    rendered = Template("{% load reach_tags %}{% jsonld_script data nonce=n %}").render(
        Context({"data": {"a": 1}, "n": request.csp_nonce})
    )
    assert (
        rendered == '<script type="application/ld+json" nonce="n0nce">{"a": 1}</script>'
    )
