"""Every upload field × every hostile file: a field message in Vietnamese and
nothing stored. The files are what the probe sent (a 12 MB logo, text named
.jpg, SVG named .png, HTML named .pdf) and the classic tricks besides."""

import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_class
from PIL import Image

from tests.factories import active_seller, ocop_product
from tests.sellers.test_views import APPLY, application

pytestmark = pytest.mark.django_db
VIETNAMESE = set("ảãạăâđêôơưáàéèíìóòúùýỳ")


def png_bytes(size=(40, 30)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (30, 110, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


def decompression_bomb() -> bytes:
    """A 300 B PNG whose header says 60,000 × 60,000 pixels (3.6 gigapixels)."""
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 8000)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


HOSTILE = {
    "decompression bomb": ("bom.png", decompression_bomb()),
    "12 MB": ("to.png", png_bytes() + b"\x00" * (12 * 1024 * 1024)),
    "text as image": ("anh.jpg", b"Day khong phai la anh, chi la chu.\n" * 20),
    "SVG as PNG": (
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "HTML as PDF": ("dang-ky.pdf", b"<html><script>alert(document.cookie)</script>"),
    "GIF/JS polyglot": (
        "anh.gif",
        b"GIF89a/*\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9"
        b"\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02"
        b"\x02D\x01\x00;*/=alert(1);",
    ),
    "truncated PNG": ("cat.png", png_bytes((300, 300))[:400]),
    "zero bytes": ("rong.png", b""),
}


def hostile(case: str) -> SimpleUploadedFile:
    name, content = HOSTILE[case]
    return SimpleUploadedFile(name, content, content_type="image/png")


def stored_files() -> set[str]:
    found = set()
    for alias in ("default", "private"):
        root = Path(storages[alias].path(""))
        found |= {str(p) for p in root.rglob("*") if p.is_file()}
    return found


def assert_refused_in_vietnamese(errors: list[str]) -> None:
    assert errors, "the file was accepted"
    assert all(set(message) & VIETNAMESE for message in errors), errors


def product_image(upload):
    form = get_class("dashboard.catalogue.forms", "ProductImageForm")(
        data={"images-0-product": ocop_product().pk, "images-0-display_order": 0},
        files={"images-0-original": upload},
        prefix="images-0",
    )
    return form, "original"


def apply_with(field):
    def submit(client, upload):
        response = client.post(APPLY, application(**{field: upload}))
        return (response.context or {}).get("form"), field

    return submit


def workspace_document(client, upload):
    seller = active_seller()
    client.force_login(seller.partner.users.get())
    response = client.post(
        "/dashboard/shop/profile/",
        {"add_document": "1", "kind": "ocop_certificate", "file": upload},
    )
    return response.context["document_form"], "file"


def farm_record_photo(upload):
    from traceability.forms import TraceEventForm

    form = TraceEventForm(
        data={"kind": "harvest", "occurred_at": "2026-09-01T08:00", "note": "Hái chè"},
        files={"photo": upload},
    )
    return form, "photo"


def wagtail_image(upload):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form
    from wagtail.models import Collection

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    form = get_image_form(get_image_model())(
        data={"title": "Ảnh", "collection": root.pk}, files={"file": upload}
    )
    return form, "file"


def wagtail_document(upload):
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form
    from wagtail.models import Collection

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    form = get_document_form(get_document_model())(
        data={"title": "Tài liệu", "collection": root.pk}, files={"file": upload}
    )
    return form, "file"


def workspace_new_product(upload):
    from workspace.products import ProductCreateForm

    return ProductCreateForm(data={"title": "Chè"}, files={"image": upload}), "image"


FIELDS = {
    "product image": lambda client, upload: product_image(upload),
    "new product in the workspace": lambda client, upload: workspace_new_product(
        upload
    ),
    "seller logo": apply_with("logo"),
    "seller banner": apply_with("banner"),
    "registration document": apply_with("registration_file"),
    "certificate in the workspace": workspace_document,
    "farm-record photo": lambda client, upload: farm_record_photo(upload),
    "Wagtail image": lambda client, upload: wagtail_image(upload),
    "Wagtail document": lambda client, upload: wagtail_document(upload),
}


@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("field", FIELDS)
def test_every_upload_field_refuses_every_hostile_file(client, field, case):
    from sellers.models import SellerDocument, SellerProfile

    before = stored_files()
    form, name = FIELDS[field](client, hostile(case))
    assert not form.is_valid()
    assert_refused_in_vietnamese(form.errors.get(name, []))
    assert stored_files() == before
    assert not SellerDocument.objects.exists()
    assert not SellerProfile.objects.exclude(partner__users__isnull=False).exists()


@pytest.mark.parametrize(
    "field",
    [
        "seller logo",
        "registration document",
        "product image",
        "new product in the workspace",
        "Wagtail document",
    ],
)
def test_a_real_file_still_passes(client, field):
    upload = SimpleUploadedFile("that.png", png_bytes(), content_type="image/png")
    form, name = FIELDS[field](client, upload)
    assert form is None or name not in form.errors  # None: applied, redirected
