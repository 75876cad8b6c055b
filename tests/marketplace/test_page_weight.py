"""Every shopper page, first view, within 60 KB of HTML + CSS + JS + fonts,
compressed the way they travel: the HTML gzipped (as the proxy or
GZipMiddleware sends it) and each static file gzipped as whitenoise stores it."""

import gzip
import re
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import (
    campaign,
    category,
    livestream,
    seller_product,
    traced_batch,
    with_picture,
)

pytestmark = pytest.mark.django_db
BUDGET = 60 * 1024
ASSET = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|preload)"[^>]+href|script[^>]+src)="([^"]+)"'
)
FONT = re.compile(r"url\(['\"]?([^'\")]+\.(?:woff2?|ttf|otf|eot))", re.I)


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def static_file(url: str) -> bytes:
    assert url.startswith(settings.STATIC_URL), f"{url} is not one of our files"
    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert path, f"{url} is missing"
    with open(path, "rb") as handle:
        return handle.read()


def page_weight(html: bytes) -> tuple[int, list[str]]:
    """Bytes of the page and everything it loads before it is usable."""
    assets = ASSET.findall(html.decode())
    total = compressed(html)
    for url in assets:
        body = static_file(url)
        total += compressed(body)
        for relative in FONT.findall(body.decode(errors="ignore")):
            font = urljoin(url, relative)
            assets.append(font)
            total += compressed(static_file(font))
    return total, assets


@pytest.fixture
def shop(client, home_page):
    from tests.factories import active_seller

    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    tea = category("Chè")
    products = [
        seller_product(
            seller, title=f"Chè xanh Cẩm Mỹ {n}", price=150000 + n, category=tea
        )
        for n in range(12)
    ]
    for product in products:
        with_picture(product)
    batch = traced_batch(product=products[0])
    campaign_page = campaign()
    live = livestream(host=seller, products=products[:4])
    client.post(f"/basket/add/{products[0].pk}/", {"quantity": 2})
    pages = {
        "home": "/",
        "category": tea.get_absolute_url(),
        "all products": "/catalogue/",
        "search": "/search/?q=che",
        "product": products[0].get_absolute_url(),
        "storefront": seller.get_absolute_url(),
        "sellers": "/sellers/",
        "campaign": campaign_page.url,
        "livestream": live.url,
        "trace": batch.get_absolute_url(),
        "basket": "/basket/",
        "checkout": "/checkout/",
        "not found": "/khong-co-trang-nay/",
    }
    return pages


def test_every_shopper_page_stays_within_60_kb(client, shop):
    weights = {}
    for name, url in shop.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        weight, assets = page_weight(response.content)
        weights[name] = weight
        # No framework comes along: Oscar's CSS, jQuery, Bootstrap, icon fonts.
        assert not [a for a in assets if "/oscar/" in a], (name, assets)
    over = {name: weight for name, weight in weights.items() if weight > BUDGET}
    assert not over, f"over {BUDGET} bytes: {over}"


def test_the_order_pages_stay_within_60_kb(client, shop, checkout):
    response = checkout(email=None)
    assert response.status_code == 302, response.context["form"].errors
    thank_you = client.get("/checkout/thank-you/")
    link = re.search(r'href="(/checkout/don-hang/[^"]+/)"', thank_you.content.decode())
    status = client.get(link.group(1))
    for response in (thank_you, status):
        weight, assets = page_weight(response.content)
        assert weight <= BUDGET
        assert not [a for a in assets if "/oscar/" in a]


def test_the_weight_counts_what_the_page_loads():
    """The measure itself: a page loading Oscar's stylesheet weighs more than it."""
    html = b'<link rel="stylesheet" href="/static/oscar/css/styles.css">'
    weight, assets = page_weight(html)
    assert assets[0] == "/static/oscar/css/styles.css"
    assert any(font.endswith(".woff2") for font in assets)
    assert weight > 30 * 1024
