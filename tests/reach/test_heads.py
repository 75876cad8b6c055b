"""Link previews: the tags Zalo, Facebook and X read from a pasted link."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories import active_seller, category, seller_product, with_picture
from tests.reach.conftest import meta_tags

pytestmark = pytest.mark.django_db
SITE = "https://cho-ocop.example.vn"


@pytest.fixture
def cam_my():
    return active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")


@pytest.fixture
def tea(cam_my):
    product = seller_product(
        cam_my,
        title="Chè xanh Cẩm Mỹ",
        price=150000,
        description="<p>Chè xanh <b>VietGAP</b> đồi Cẩm Mỹ.</p>",
        category=category("Chè"),
    )
    with_picture(product)
    return product


def single(tags, key):
    assert len(tags.get(key, [])) == 1, (key, tags.get(key))
    return tags[key][0]


def test_product_page_has_title_price_seller_picture_and_canonical_url(client, tea):
    response = client.get(tea.get_absolute_url())
    tags = meta_tags(response)
    url = SITE + tea.get_absolute_url()
    assert tags["canonical"] == [url]
    assert single(tags, "og:url") == url
    assert single(tags, "og:type") == "product"
    assert single(tags, "og:title") == "Chè xanh Cẩm Mỹ"
    assert single(tags, "twitter:title") == "Chè xanh Cẩm Mỹ"
    assert single(tags, "product:price:amount") == "150000"
    assert single(tags, "product:price:currency") == "VND"
    assert single(tags, "twitter:data1") == "150.000\xa0₫"
    assert single(tags, "product:availability") == "in stock"
    assert single(tags, "product:brand") == "HTX Chè Cẩm Mỹ"
    description = single(tags, "og:description")
    assert description.startswith("150.000\xa0₫ · HTX Chè Cẩm Mỹ · OCOP ★★★★ — ")
    assert "Chè xanh VietGAP đồi Cẩm Mỹ." in description and "<" not in description
    assert single(tags, "twitter:card") == "summary_large_image"
    image = single(tags, "og:image")
    assert image.startswith(SITE + "/") and image == single(tags, "twitter:image")
    assert single(tags, "og:image:width") == "1200"
    assert single(tags, "og:image:height") == "630"
    assert "testserver" not in response.content.decode()


def test_share_picture_is_1200_by_630_and_drawn_once(client, tea, monkeypatch):
    from reach import pictures

    client.get(tea.get_absolute_url())
    name = pictures.share_picture_name(tea.images.get().original.name)
    with default_storage.open(name) as stored, Image.open(stored) as picture:
        assert picture.size == (1200, 630) and picture.format == "JPEG"
        # The photo's disc is whole in the middle, not cropped away.
        assert picture.getpixel((600, 315))[1] > picture.getpixel((600, 315))[0]

    def refuse(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(pictures, "share_picture_render", refuse)
    for _ in range(2):
        tags = meta_tags(client.get(tea.get_absolute_url()))
        assert single(tags, "og:image").endswith(name)


def test_product_without_picture_or_price_leaves_those_tags_out(client, cam_my):
    bare = seller_product(cam_my, title="Mật ong bạc hà", price=90000)
    bare.stockrecords.update(price=None)
    tags = meta_tags(client.get(bare.get_absolute_url()))
    for key in (
        "og:image",
        "twitter:image",
        "product:price:amount",
        "product:price:currency",
        "twitter:data1",
        "product:availability",
    ):
        assert key not in tags, key
    assert single(tags, "twitter:card") == "summary"
    assert single(tags, "og:title") == "Mật ong bạc hà"
    ours = [
        value
        for key, values in tags.items()
        if key.startswith(("og:", "twitter:", "product:"))
        for value in values
    ]
    assert ours and all(value.strip() for value in ours)


def test_pack_sizes_show_the_cheapest_price(client, cam_my):
    from oscar.test.factories import create_product

    parent = seller_product(cam_my, title="Bưởi Đoan Hùng", price=1)
    parent.stockrecords.all().delete()
    parent.structure = "parent"
    parent.save()
    for title, price in (("Hộp 4 quả", 200000), ("Túi 2 quả", 90000)):
        child = create_product(
            parent=parent, title=title, price=Decimal(price), num_in_stock=5
        )
        child.stockrecords.update(partner=cam_my.partner)
    tags = meta_tags(client.get(parent.get_absolute_url()))
    assert single(tags, "product:price:amount") == "90000"


def test_storefront_has_seller_tags(client, cam_my, tea):
    cam_my.story = "Hợp tác xã trồng chè trên 15 ha đồi Cẩm Mỹ."
    cam_my.save()
    tags = meta_tags(client.get(cam_my.get_absolute_url()))
    url = SITE + cam_my.get_absolute_url()
    assert tags["canonical"] == [url] and single(tags, "og:url") == url
    assert single(tags, "og:title") == "HTX Chè Cẩm Mỹ"
    assert single(tags, "og:type") == "profile"
    assert "15 ha đồi Cẩm Mỹ" in single(tags, "og:description")
    assert "og:image" not in tags  # no logo or banner yet


def test_campaign_and_livestream_pages_have_tags(client, cam_my, tea):
    from wagtail.images.models import Image as WagtailImage
    from wagtail.images.tests.utils import get_test_image_file

    from tests.factories import campaign, livestream

    banner = WagtailImage.objects.create(
        title="Banner", file=get_test_image_file(size=(1600, 900))
    )
    page = campaign()
    page.banner = banner
    page.intro = "Đặc sản Đất Tổ giảm giá cả tuần."
    page.save_revision().publish()
    tags = meta_tags(client.get(page.url))
    assert tags["canonical"] == [SITE + page.url]
    assert single(tags, "og:title") == "Chợ phiên OCOP – Về miền Đất Tổ"
    assert single(tags, "og:description") == "Đặc sản Đất Tổ giảm giá cả tuần."
    assert single(tags, "og:image").startswith(SITE + "/")
    assert (single(tags, "og:image:width"), single(tags, "og:image:height")) == (
        "1200",
        "630",
    )

    show = livestream(host=cam_my, summary="Hái chè buổi sáng")
    tags = meta_tags(client.get(show.url))
    assert single(tags, "og:url") == SITE + show.url
    description = single(tags, "og:description")
    assert "HTX Chè Cẩm Mỹ" in description and "Hái chè buổi sáng" in description
    assert "og:image" not in tags


def test_home_page_has_its_canonical_url_and_title(client, home_page):
    tags = meta_tags(client.get("/"))
    assert tags["canonical"] == [SITE + "/"]
    assert single(tags, "og:url") == SITE + "/"
    assert single(tags, "og:type") == "website"
