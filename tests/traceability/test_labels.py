import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.factories import traced_batch
from traceability.labels import grid, label_sheet_pdf

pytestmark = pytest.mark.django_db
URL = "https://ocop.example.vn/t/TOKEN"
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils is not installed (make test installs it as root)",
)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_labels_fill_pages_in_a_grid():
    columns, rows = grid(label_width_mm=40, label_height_mm=30)
    assert (columns, rows) == (4, 9)
    batch = traced_batch(records=1)
    assert pages(label_sheet_pdf(batch=batch, url=URL, copies=36)) == 1
    assert pages(label_sheet_pdf(batch=batch, url=URL, copies=37)) == 2
    assert grid(label_width_mm=100, label_height_mm=70) == (1, 4)
    big = label_sheet_pdf(
        batch=batch, url=URL, label_width_mm=100, label_height_mm=70, copies=9
    )
    assert pages(big) == 3


@pytest.mark.parametrize(
    "size",
    [{"label_width_mm": 10}, {"label_height_mm": 150}, {"copies": 0}, {"copies": 1001}],
)
def test_impossible_sheets_are_refused(size):
    with pytest.raises(ValueError):
        label_sheet_pdf(batch=traced_batch(records=1), url=URL, **size)


@needs_poppler
@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools is not installed")
def test_every_label_on_the_page_scans_to_the_batch(tmp_path):
    batch = traced_batch(records=1)
    sheet = tmp_path / "tem.pdf"
    sheet.write_bytes(label_sheet_pdf(batch=batch, url=URL, copies=12))
    subprocess.run(
        [
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
        ],
        check=True,
    )
    image = next(tmp_path.glob("p*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True
    ).stdout.split()
    assert decoded == [URL] * 12
    text = subprocess.run(
        ["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Chè xanh Cẩm Mỹ" in text.replace("\n", " ") or "Chè xanh" in text
    assert batch.lot_code in text and "01/09/2026" in text


def test_the_workspace_form_and_download(client, market):
    from traceability import services

    batch = services.batch_create(
        partner=market["cam_my"].partner,
        product=market["tea"],
        produced_on=__import__("datetime").date(2026, 9, 1),
        quantity=10,
    )
    url = reverse("trace-workspace:batch-labels", kwargs={"pk": batch.pk})
    client.force_login(market["cam_my"].partner.users.get())
    assert 'name="copies"' in client.get(url).content.decode()
    response = client.get(url, {"width": "40", "height": "30", "copies": "8"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    for bad in (
        {"width": "abc", "height": "30", "copies": "2"},
        {"width": "5", "height": "30", "copies": "2"},
        {"width": "40", "height": "30", "copies": "5000"},
    ):
        response = client.get(url, bad)
        assert response.status_code == 200 and response.context["form"].errors
    client.force_login(market["doan_hung"].partner.users.get())
    assert (
        client.get(url, {"width": "40", "height": "30", "copies": "1"}).status_code
        == 404
    )
