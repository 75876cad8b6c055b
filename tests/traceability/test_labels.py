"""Printable label sheets: page count, scannable QR codes, Vietnamese text, the view."""

import math
import re
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import traced_batch
from traceability import label_sheets, labels, services
from traceability.labels import LabelFontMissing, grid, label_sheet_pdf
from traceability.models import LabelSheet, LabelSheetStatus

pytestmark = pytest.mark.django_db
PER_PAGE_40x30 = 36  # A4 less 8 mm margins: 194 × 281 mm → 4 columns × 9 rows


def batch_url(batch) -> str:
    return "http://testserver" + batch.get_absolute_url()


def pages(pdf: bytes) -> int:
    """Page objects of the PDF (fpdf2 writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def run(*command) -> str:
    return subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=120
    ).stdout


def test_the_grid_follows_the_page_and_margins():
    assert grid(label_width_mm=40, label_height_mm=30) == (4, 9)
    assert grid(label_width_mm=100, label_height_mm=70) == (1, 4)
    assert grid(label_width_mm=20, label_height_mm=20) == (9, 14)
    assert grid(label_width_mm=48.5, label_height_mm=100) == (4, 2)  # 4 × 48.5 = 194


@pytest.mark.parametrize(
    "width, height, copies",
    [(40, 30, 1), (40, 30, 36), (40, 30, 37), (40, 30, 100), (100, 70, 9)],
)
def test_copies_fill_as_many_pages_as_needed(width, height, copies):
    batch = traced_batch(records=1)
    columns, rows = grid(label_width_mm=width, label_height_mm=height)
    pdf = label_sheet_pdf(
        batch=batch,
        url=batch_url(batch),
        label_width_mm=width,
        label_height_mm=height,
        copies=copies,
    )
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == math.ceil(copies / (columns * rows))
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf  # A4 in points


@pytest.mark.parametrize(
    "bad",
    [
        {"label_width_mm": 19.9},
        {"label_width_mm": 101},
        {"label_height_mm": 10},
        {"label_height_mm": 150},
        {"label_width_mm": float("nan")},
        {"label_width_mm": "40"},
        {"label_height_mm": Decimal("NaN")},
        {"copies": 0},
        {"copies": 1001},
        {"copies": 2.5},
        {"copies": True},
    ],
)
def test_impossible_sheets_are_refused_with_a_message(bad):
    batch = traced_batch(records=0)
    with pytest.raises(ValueError, match=r"\w"):
        label_sheet_pdf(batch=batch, url=batch_url(batch), **bad)


def test_a_missing_font_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr(labels, "FONT_DIRS", (tmp_path,))
    batch = traced_batch(records=0)
    with pytest.raises(LabelFontMissing, match="fonts-dejavu-core"):
        label_sheet_pdf(batch=batch, url=batch_url(batch))


@pytest.mark.skipif(
    not shutil.which("pdftoppm"),
    reason="pdftoppm is missing: install the Debian package poppler-utils",
)
@pytest.mark.skipif(
    not shutil.which("zbarimg"),
    reason="zbarimg is missing: install the Debian package zbar-tools",
)
@pytest.mark.parametrize("width, height, copies", [(40, 30, 40), (30, 50, 7)])
def test_every_label_on_the_first_page_scans_to_the_batch(
    tmp_path, width, height, copies
):
    batch = traced_batch(records=1)
    sheet = tmp_path / "tem.pdf"
    sheet.write_bytes(
        label_sheet_pdf(
            batch=batch,
            url=batch_url(batch),
            label_width_mm=width,
            label_height_mm=height,
            copies=copies,
        )
    )
    run(
        "pdftoppm",
        "-r",
        "300",
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        str(sheet),
        str(tmp_path / "p"),
    )
    (image,) = tmp_path.glob("p*.png")
    columns, rows = grid(label_width_mm=width, label_height_mm=height)
    on_first_page = min(copies, columns * rows)
    # zbar misses the odd code among dozens in one picture, so each label's
    # slot is cut out of the page and decoded on its own.
    page, dots_per_mm = Image.open(image), 300 / 25.4
    scanned = []
    for slot in range(columns * rows):
        left = labels.MARGIN + (slot % columns) * width
        top = labels.MARGIN + (slot // columns) * height
        box = [left, top, left + width, top + height]
        crop = tmp_path / f"label-{slot}.png"
        page.crop(tuple(round(edge * dots_per_mm) for edge in box)).save(crop)
        scanned.append(scan(crop))
    expected = [[batch_url(batch)]] * on_first_page
    assert scanned == expected + [[]] * (columns * rows - on_first_page)


def scan(image) -> list[str]:
    return subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split()


@pytest.mark.skipif(
    not shutil.which("pdftotext"),
    reason="pdftotext is missing: install the Debian package poppler-utils",
)
def test_the_text_layer_holds_the_vietnamese_facts(tmp_path):
    batch = traced_batch(records=1)
    sheet = tmp_path / "tem.pdf"
    sheet.write_bytes(label_sheet_pdf(batch=batch, url=batch_url(batch), copies=1))
    text = " ".join(run("pdftotext", str(sheet), "-").split())
    assert "Chè xanh Cẩm Mỹ" in text
    assert f"Mã lô: {batch.lot_code}" in text
    assert "NSX/Thu hoạch: 01/09/2026" in text
    assert "HSD: 01/09/2027" in text
    assert batch.partner.name in text


@pytest.fixture
def labels_page(client, market):
    batch = traced_batch(product=market["tea"], records=1)
    client.force_login(market["cam_my"].partner.users.get())
    return batch, reverse("trace-workspace:batch-labels", kwargs={"pk": batch.pk})


def test_the_seller_sees_the_form_then_downloads_the_sheet(client, labels_page):
    batch, url = labels_page
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["width"].value(), form["height"].value(), form["copies"].value()) == (
        40,
        30,
        1,
    )
    assert 'name="copies"' in response.content.decode()

    response = client.get(url, {"width": "40", "height": "30", "copies": "37"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="tem-{batch.lot_code}.pdf"'
    )
    assert pages(response.content) == 2

    response = client.get(url, {"width": "40,5", "height": "30", "copies": "1"})
    assert response["Content-Type"] == "application/pdf"  # the decimal comma


@pytest.mark.parametrize(
    "query, field",
    [
        ({"width": "abc", "height": "30", "copies": "2"}, "width"),
        ({"width": "5", "height": "30", "copies": "2"}, "width"),
        ({"width": "40", "height": "101", "copies": "2"}, "height"),
        ({"width": "40", "height": "nan", "copies": "2"}, "height"),
        ({"width": "40", "height": "30", "copies": "5000"}, "copies"),
        ({"width": "40", "height": "30", "copies": "0"}, "copies"),
        ({"width": "40", "height": "30", "copies": "1.5"}, "copies"),
        ({"width": "40", "height": "30"}, "copies"),
    ],
)
def test_bad_values_show_the_form_again(client, labels_page, query, field):
    _batch, url = labels_page
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert field in response.context["form"].errors
    assert 'class="field-error"' in response.content.decode()


def test_another_seller_gets_404(client, market, labels_page):
    _batch, url = labels_page
    client.force_login(market["doan_hung"].partner.users.get())
    assert client.get(url).status_code == 404
    query = {"width": "40", "height": "30", "copies": "1"}
    assert client.get(url, query).status_code == 404


LARGE = {"width": "40", "height": "30", "copies": "150"}


def test_a_large_sheet_is_prepared_by_the_worker_then_downloaded(
    client, labels_page, settings, django_capture_on_commit_callbacks
):
    settings.LABELS_IN_REQUEST_MAX = 100
    batch, url = labels_page
    response = client.get(url, LARGE)
    assert response["Content-Type"].startswith("text/html")  # not made in the request
    assert response.context["prepare"]  # the form offers to prepare it
    assert 'method="post"' in response.content.decode()
    assert not batch.label_sheets.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, LARGE)
    assert response.status_code == 302 and len(callbacks) == 1
    sheet = batch.label_sheets.get()
    assert sheet.status == LabelSheetStatus.READY and sheet.copies == 150

    page = client.get(url).content.decode()
    download = reverse(
        "trace-workspace:batch-label-sheet", kwargs={"pk": batch.pk, "sheet": sheet.pk}
    )
    assert download in page
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    pdf = b"".join(response.streaming_content)
    assert pages(pdf) == math.ceil(150 / PER_PAGE_40x30)

    # A retried task makes nothing twice; a vanished sheet ends quietly.
    assert label_sheets.label_sheet_make.call(sheet_id=sheet.pk) is False
    assert label_sheets.label_sheet_make.call(sheet_id=sheet.pk + 999) is False


def test_while_a_sheet_is_prepared_the_page_refreshes_itself(
    client, labels_page, settings
):
    settings.LABELS_IN_REQUEST_MAX = 100
    batch, url = labels_page
    client.post(url, LARGE)  # on_commit not run: still queued
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert str(LabelSheetStatus.QUEUED.label) in page


def test_another_seller_can_neither_prepare_nor_download(
    client, market, labels_page, settings, django_capture_on_commit_callbacks
):
    settings.LABELS_IN_REQUEST_MAX = 100
    batch, url = labels_page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, LARGE)
    sheet = batch.label_sheets.get()
    download = reverse(
        "trace-workspace:batch-label-sheet", kwargs={"pk": batch.pk, "sheet": sheet.pk}
    )
    client.force_login(market["doan_hung"].partner.users.get())
    assert client.get(download).status_code == 404
    assert client.post(url, LARGE).status_code == 404
    assert batch.label_sheets.count() == 1


def test_a_sheet_that_cannot_be_made_says_why(
    client, labels_page, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.LABELS_IN_REQUEST_MAX = 100
    batch, url = labels_page

    def no_fonts():
        raise LabelFontMissing("Không tìm thấy phông chữ DejaVu Sans")

    monkeypatch.setattr(labels, "find_fonts", no_fonts)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, LARGE)
    sheet = batch.label_sheets.get()
    assert sheet.status == LabelSheetStatus.FAILED
    assert "DejaVu" in client.get(url).content.decode()


def test_old_sheets_are_pruned_with_their_files(
    labels_page, settings, django_capture_on_commit_callbacks
):
    batch, _url = labels_page
    with django_capture_on_commit_callbacks(execute=True):
        old = services.label_sheet_request(
            batch=batch, width_mm=40, height_mm=30, copies=2
        )
        new = services.label_sheet_request(
            batch=batch, width_mm=40, height_mm=30, copies=3
        )
    old.refresh_from_db()
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    LabelSheet.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.LABEL_SHEET_KEEP_DAYS + 1)
    )
    assert label_sheets.label_sheets_prune.call() == 1
    assert not storage.exists(name)
    assert list(batch.label_sheets.all()) == [new]
