"""Factories on top of Oscar's, with OCOP data; new fields default to empty."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_product

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Certification = get_model("catalogue", "Certification")

PHU_THO = 25
XA_DOAN_HUNG = 7969


def ocop_product(
    *,
    title: str = "Chè xanh Cẩm Mỹ",
    price: Decimal | int = 150000,
    stars: int | None = 4,
    decided: date | None = None,
    province: int | None = PHU_THO,
    ward: int | None = XA_DOAN_HUNG,
    category=None,
    num_in_stock: int = 20,
    **fields,
):
    decided = decided or timezone.localdate() - timedelta(days=100)
    product = create_product(
        title=title, price=Decimal(price), num_in_stock=num_in_stock, **fields
    )
    if stars:
        product.ocop_stars = stars
        product.ocop_certificate_number = f"QĐ {product.pk}/QĐ-UBND"
        product.ocop_level = "province"
        product.ocop_decision_date = decided
    product.origin_province = province
    product.origin_ward = ward
    product.full_clean(exclude=["upc", "slug"])
    product.save()
    if category is not None:
        ProductCategory.objects.create(product=product, category=category)
    return product


def certify(product, *, scheme: str = "vietgap", valid_until: date | None = None):
    today = timezone.localdate()
    return Certification.objects.create(
        product=product,
        scheme=scheme,
        number=f"VG-{product.pk}",
        valid_from=today - timedelta(days=365),
        valid_until=valid_until or today + timedelta(days=365),
    )


def category(name: str = "Chè", parent=None):
    return parent.add_child(name=name) if parent else Category.add_root(name=name)


def with_picture(product, colour=(46, 125, 80)):
    """Give a product a real JPEG so pages show pictures, not placeholders."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    ProductImage = get_model("catalogue", "ProductImage")
    canvas = Image.new("RGB", (600, 600), (247, 245, 239))
    ImageDraw.Draw(canvas).ellipse((120, 120, 480, 480), fill=colour)
    buffer = BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    image = ProductImage(product=product, display_order=0)
    image.original.save(
        f"{product.slug}.jpg", ContentFile(buffer.getvalue()), save=True
    )
    return image


VALID_TAX_CODE = "0100109106"


def seller_application(
    *, name: str = "HTX Chè Cẩm Mỹ", tax_code: str = VALID_TAX_CODE, **fields
):
    from sellers import services

    values = {
        "kind": "cooperative",
        "legal_name": f"Hợp tác xã {name}",
        "tax_code": tax_code,
        "representative": "Nguyễn Văn An",
        "phone": "0912345678",
        "email": "htx@example.com",
        "province": PHU_THO,
        "ward": XA_DOAN_HUNG,
        **fields,
    }
    return services.seller_apply(name=name, **values)


def active_seller(**fields):
    from sellers import services

    profile = seller_application(**fields)
    services.seller_approve(profile=profile)
    profile.refresh_from_db()
    return profile


def seller_product(seller, *, title: str, price: int = 100000, **fields):
    """A product offered by `seller` (its stock record moved to the seller's partner)."""
    product = ocop_product(title=title, price=price, **fields)
    product.stockrecords.update(partner=seller.partner)
    return product


def order_of(*items, user=None):
    """Place an order for (product, quantity) pairs, possibly from several sellers."""
    from oscar.test.factories import create_basket, create_order

    basket = create_basket(empty=True)
    for product, quantity in items:
        basket.add_product(product, quantity)
    return create_order(basket=basket, user=user)


def traced_batch(*, product=None, lot_code: str = "", records: int = 3, **fields):
    """A batch on a farm of the product's seller, with `records` farm records."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from traceability import services

    product = product or ocop_product(title="Chè xanh Cẩm Mỹ")
    partner = product.stockrecords.get().partner
    farm = services.farm_create(
        partner=partner,
        name="Vùng chè Cẩm Mỹ",
        province=PHU_THO,
        ward=XA_DOAN_HUNG,
        location="Đồi Cẩm Mỹ",
        area_hectares=15,
    )
    batch = services.batch_create(
        partner=partner,
        product=product,
        farm=farm,
        produced_on=date(2026, 9, 1),
        packed_on=date(2026, 9, 5),
        expires_on=date(2027, 9, 1),
        quantity=200,
        lot_code=lot_code,
        **fields,
    )
    start = datetime(2026, 3, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    kinds = ["planting", "input", "harvest", "processing", "packing", "inspection"]
    for index in range(records):
        services.trace_event_append(
            batch=batch,
            kind=kinds[index % len(kinds)],
            occurred_at=start + timedelta(days=20 * index),
            actor_name="Nguyễn Thị Hà",
            note=f"Ghi chép số {index + 1}",
        )
    return batch


def livestream(
    *,
    host,
    title: str = "Livestream chè Cẩm Mỹ",
    starts_in: timedelta = timedelta(hours=2),
    duration: timedelta = timedelta(hours=1),
    products=(),
    publish: bool = True,
    streamer=None,
    **fields,
):
    """A LivestreamPage under the schedule page, timed relative to now, with a
    verified livestreamer unless one is given."""
    from marketplace.cms.models import (
        LivestreamIndexPage,
        LivestreamPage,
        LivestreamProduct,
        LivestreamStreamer,
    )
    from marketplace.cms.services import cms_tree_install

    index = LivestreamIndexPage.objects.first() or cms_tree_install()["livestreams"]
    starts_at = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    page = LivestreamPage(
        title=title,
        host=host,
        platform=fields.pop("platform", "tiktok"),
        stream_url=fields.pop("stream_url", "https://www.tiktok.com/@chocammy/live"),
        starts_at=starts_at,
        ends_at=starts_at + duration,
        live=publish,
        **fields,
    )
    page.featured_products = [
        LivestreamProduct(product=product, sort_order=n)
        for n, product in enumerate(products)
    ]
    page.streamers = [LivestreamStreamer(livestreamer=streamer or livestreamer())]
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def livestreamer(*, full_name: str = "Nguyễn Thị Hoa", verified: bool = True):
    from marketplace.cms.models import Livestreamer

    return Livestreamer.objects.create(
        full_name=full_name,
        phone="0912345678",
        document_number="025190001234",
        verified_at=timezone.now() if verified else None,
    )


def campaign(
    *,
    title: str = "Chợ phiên OCOP – Về miền Đất Tổ",
    starts_on: date | None = None,
    ends_on: date | None = None,
    body=(),
):
    from marketplace.cms.models import CampaignIndexPage, CampaignPage
    from marketplace.cms.services import cms_tree_install

    index = CampaignIndexPage.objects.first() or cms_tree_install()["campaigns"]
    today = timezone.localdate()
    page = CampaignPage(
        title=title,
        starts_on=starts_on or today - timedelta(days=1),
        ends_on=ends_on or today + timedelta(days=6),
        body=list(body),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


# A shopper's 2025 delivery address in Phú Thọ, as checkout's services take it.
DELIVERY_ADDRESS = {
    "full_name": "Trần Văn Bình",
    "phone": "0987654321",
    "street": "Xóm 3",
    "province": PHU_THO,
    "ward": XA_DOAN_HUNG,
}


def race(action, items, *, refusal):
    """Run `action(item)` for every item in its own thread, all released at
    once; returns (results, refused items, unexpected errors). PostgreSQL
    only: SQLite serialises whole-database writes, so nothing races there."""
    import threading

    from django.db import connection

    start = threading.Barrier(len(items))
    done, refused, errors = [], [], []

    def run(item):
        try:
            start.wait()
            done.append(action(item))
        except refusal:
            refused.append(item)
        except Exception as error:  # noqa: BLE001 -- any other error fails the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused, errors
