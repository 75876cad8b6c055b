from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_class
from PIL import Image

from tests.factories import ocop_product

pytestmark = pytest.mark.django_db
ProductImageForm = get_class("dashboard.catalogue.forms", "ProductImageForm")


def upload(name="anh.jpg", size=(64, 48), fmt="JPEG", exif=None, raw=None):
    if raw is None:
        buffer = BytesIO()
        Image.new("RGB", size, (40, 120, 60)).save(
            buffer, format=fmt, **({"exif": exif} if exif else {})
        )
        raw = buffer.getvalue()
    return SimpleUploadedFile(name, raw, content_type="image/jpeg")


def image_form(file):
    product = ocop_product()
    return ProductImageForm(
        data={"images-0-product": product.pk, "images-0-display_order": 0},
        files={"images-0-original": file},
        prefix="images-0",
    )


def test_a_real_photo_is_saved_without_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (21.0, 15.0, 0.0)}  # GPS latitude
    form = image_form(upload(exif=exif.tobytes()))
    assert form.is_valid(), form.errors
    image = form.save()
    with Image.open(image.original.path) as saved:
        assert not saved.getexif()
        assert saved.size == (64, 48)


def test_a_non_image_is_refused_with_a_message():
    form = image_form(upload(name="virus.jpg", raw=b"MZ\x90\x00 not an image"))
    assert not form.is_valid()
    assert form.errors["original"]


def test_an_oversized_file_is_refused(settings):
    settings.CATALOG_IMAGE_MAX_BYTES = 1000
    form = image_form(upload(size=(400, 400)))
    assert not form.is_valid()
    assert "MB" in " ".join(form.errors["original"])


def test_too_many_megapixels_is_refused(settings):
    settings.CATALOG_IMAGE_MAX_PIXELS = 100 * 100
    form = image_form(upload(size=(200, 200)))
    assert not form.is_valid()
    assert any(
        "megapixel" in e or "triệu điểm ảnh" in e for e in form.errors["original"]
    )
