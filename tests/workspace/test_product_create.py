"""Sellers put new products on sale from the workspace (not Oscar's dashboard):
a phone form in Vietnamese, prices in whole đồng, the photo checked, and the
product always in the acting seller's own shop."""

import unicodedata
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import ProductClassFactory
from PIL import Image

from sellers import services
from tests.factories import category

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
URL = "/dashboard/shop/products/new/"


@pytest.fixture
def tea_category(market):
    ProductClassFactory(name="Nông sản", slug="nong-san")
    return category("Chè xanh", parent=category("Chè"))


def vietnamese(text: str) -> bool:
    """Holds a Vietnamese letter (one with a diacritic, or đ)."""
    return any(c in "đĐ" or unicodedata.normalize("NFD", c) != c for c in text)


def photo(name="che.jpg", exif=True) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), (60, 130, 70))
    buffer = BytesIO()
    extra = {}
    if exif:
        info = Image.Exif()
        info[0x010F] = "PhoneMaker"  # Make; a phone writes GPS beside it
        extra["exif"] = info.tobytes()
    image.save(buffer, format="JPEG", **extra)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def fields(tea_category, **overrides):
    ProductClass = get_model("catalogue", "ProductClass")
    data = {
        "title": "Chè búp Cẩm Mỹ",
        "category": tea_category.pk,
        "product_class": ProductClass.objects.get(slug="nong-san").pk,
        "price": "150.000",
        "num_in_stock": "40",
        "unit": "hộp",
        "net_weight_grams": "200",
        "description": "Chè búp sao tay.",
    }
    data.update(overrides)
    return data


def test_a_seller_puts_a_product_on_sale_with_its_photo(client, market, tea_category):
    client.force_login(market["cam_my"].partner.users.get())
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thêm sản phẩm" in html and "Chè &gt; Chè xanh" in html
    assert 'enctype="multipart/form-data"' in html
    assert "/dashboard/catalogue/" not in html

    response = client.post(URL, {**fields(tea_category), "image": photo()})
    assert response.status_code == 302 and response["Location"] == reverse(
        "workspace:products"
    )
    product = Product.objects.get(title="Chè búp Cẩm Mỹ")
    record = product.stockrecords.get()
    assert record.partner == market["cam_my"].partner
    assert (record.price, record.price_currency, record.num_in_stock) == (
        150000,
        "VND",
        40,
    )
    assert list(product.categories.all()) == [tea_category]
    assert product.is_public and product.net_weight_grams == 200
    with (
        product.primary_image().original.open("rb") as handle,
        Image.open(handle) as stored,
    ):
        assert stored.size == (640, 480) and not stored.getexif()  # EXIF gone
    listing = client.get(reverse("workspace:products")).content.decode()
    assert "Đã đăng bán Chè búp Cẩm Mỹ" in listing
    assert "Chè búp Cẩm Mỹ" in client.get(product.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "typed", ["150000", "150.000", "150 000 ₫", "150000đ", "150.000 VNĐ"]
)
def test_prices_are_read_as_a_phone_user_types_them(
    client, market, tea_category, typed
):
    client.force_login(market["cam_my"].partner.users.get())
    client.post(URL, fields(tea_category, price=typed))
    assert (
        Product.objects.get(title="Chè búp Cẩm Mỹ").stockrecords.get().price == 150000
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"price": "150,5"}, "price"),
        ({"price": "150.5"}, "price"),
        ({"price": "1.50.000"}, "price"),
        ({"price": "0"}, "price"),
        ({"price": "mười nghìn"}, "price"),
        ({"num_in_stock": "-3"}, "num_in_stock"),
        ({"title": ""}, "title"),
        ({"category": "999999"}, "category"),
        ({"product_class": ""}, "product_class"),
        ({"net_weight_grams": "nặng"}, "net_weight_grams"),
        ({"image": SimpleUploadedFile("x.jpg", b"<svg></svg>")}, "image"),
    ],
)
def test_bad_input_is_a_vietnamese_field_message_and_nothing_is_created(
    client, market, tea_category, overrides, field
):
    client.force_login(market["cam_my"].partner.users.get())
    before = Product.objects.count()
    response = client.post(URL, fields(tea_category, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and all(vietnamese(error) for error in errors), errors
    assert Product.objects.count() == before


def test_the_only_product_type_is_chosen_already():
    from workspace.products import ProductCreateForm

    only = ProductClassFactory(name="Nông sản", slug="nong-san")
    assert ProductCreateForm()["product_class"].value() == only.pk
    ProductClassFactory(name="Thủ công", slug="thu-cong")
    assert ProductCreateForm()["product_class"].value() is None  # the seller picks


def test_the_workspace_links_to_its_own_form_not_oscars(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    for url in ("/dashboard/shop/", reverse("workspace:products")):
        html = client.get(url).content.decode()
        assert f'href="{URL}"' in html, url
        assert "/dashboard/catalogue/" not in html, url


def test_the_service_refuses_fractions_of_a_dong(market, tea_category):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.product_create(
            seller=market["cam_my"],
            title="Chè",
            product_class=get_model("catalogue", "ProductClass").objects.first(),
            category=tea_category,
            price=150000.5,
            num_in_stock=1,
        )
    assert not Product.objects.filter(title="Chè").exists()
