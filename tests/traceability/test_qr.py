"""What a printed QR code holds: the GS1 Digital Link on the canonical host for
a product with a GTIN, the token URL otherwise, whatever Host the seller's
browser used, and still resolving after everything around it is renamed."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from catalog.gtin import gtin_check_digit
from tests.factories import traced_batch
from tests.traceability.test_labels import scan
from traceability import labels

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("zbarimg"), reason="zbarimg (Debian zbar-tools) is missing"
    ),
]
SITE = "https://cho-ocop.example.vn"
OTHER_HOST = "may-in.htx-cam-my.lan"  # the office PC the seller printed from
GTIN_BODY = "893456789012"
GTIN13 = GTIN_BODY + str(gtin_check_digit(GTIN_BODY))


@pytest.fixture
def canonical(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]


@pytest.fixture
def seller_client(client, market, canonical):
    client.force_login(market["cam_my"].partner.users.get())
    return client


def decode(png: bytes, tmp_path) -> str:
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    (decoded,) = scan(path)
    return decoded


def first_label_of(pdf: bytes, tmp_path) -> str:
    sheet = tmp_path / "tem.pdf"
    sheet.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", sheet, tmp_path / "p"],
        check=True,
        timeout=120,
    )
    from PIL import Image

    (page,) = tmp_path.glob("p*.png")
    dots_per_mm = 300 / 25.4
    box = (labels.MARGIN, labels.MARGIN, labels.MARGIN + 40, labels.MARGIN + 30)
    crop = tmp_path / "label.png"
    Image.open(page).crop(tuple(round(e * dots_per_mm) for e in box)).save(crop)
    (decoded,) = scan(crop)
    return decoded


def every_printed_code(client, batch, tmp_path) -> set[str]:
    """The workspace QR download, the public QR image and the label sheet, each
    asked for through a Host that is not the canonical one."""
    host = {"HTTP_HOST": OTHER_HOST}
    workspace_png = client.get(
        reverse("trace-workspace:batch-qr", kwargs={"pk": batch.pk}), **host
    )
    public_png = client.get(f"/t/{batch.public_token}/qr.png", **host)
    sheet = client.get(
        reverse("trace-workspace:batch-labels", kwargs={"pk": batch.pk}),
        {"width": "40", "height": "30", "copies": "1"},
        **host,
    )
    assert sheet["Content-Type"] == "application/pdf"
    codes = {
        decode(workspace_png.content, tmp_path),
        decode(public_png.content, tmp_path),
    }
    if shutil.which("pdftoppm"):
        codes.add(first_label_of(sheet.content, tmp_path))
    return codes


def test_a_gtin_product_prints_its_digital_link_on_the_canonical_host(
    seller_client, market, tmp_path
):
    tea = market["tea"]
    tea.gtin = GTIN13
    tea.save()
    batch = traced_batch(product=tea, records=2, lot_code="CM-2026-031")

    codes = every_printed_code(seller_client, batch, tmp_path)

    assert codes == {f"{SITE}/01/0{GTIN13}/10/CM-2026-031"}
    page = seller_client.get(
        reverse("trace-workspace:batch", kwargs={"pk": batch.pk}), HTTP_HOST=OTHER_HOST
    )
    assert f"{SITE}/01/0{GTIN13}/10/CM-2026-031" in page.content.decode()
    assert OTHER_HOST not in page.content.decode()


def test_a_product_without_gtin_prints_its_token_url(seller_client, market, tmp_path):
    batch = traced_batch(product=market["tea"], records=1)
    assert every_printed_code(seller_client, batch, tmp_path) == {
        f"{SITE}/t/{batch.public_token}"
    }


def test_a_lot_gs1_cannot_carry_keeps_the_token_url(seller_client, market, tmp_path):
    tea = market["tea"]
    tea.gtin = GTIN13
    tea.save()
    batch = traced_batch(product=tea, records=1, lot_code="Lô 7")  # "ô", a space
    assert batch.gtin == ""
    assert every_printed_code(seller_client, batch, tmp_path) == {
        f"{SITE}/t/{batch.public_token}"
    }


def test_printed_labels_resolve_after_everything_is_renamed(
    seller_client, market, tmp_path
):
    seller, tea = market["cam_my"], market["tea"]
    tea.gtin = GTIN13
    tea.save()
    with_gtin = traced_batch(product=tea, records=1, lot_code="CM-2026-031")
    (digital_link,) = every_printed_code(seller_client, with_gtin, tmp_path)

    tea.title, tea.slug, tea.gtin = "Trà đinh Tân Cương", "tra-dinh", ""
    tea.save()
    seller.partner.name, seller.partner.code = "HTX Trà Phú Thọ", "htx-tra-phu-tho"
    seller.partner.save()
    seller.slug, seller.legal_name = "htx-tra-phu-tho", "HTX Trà Phú Thọ"
    seller.save()

    response = seller_client.get(digital_link.removeprefix(SITE))
    assert response.status_code == 307
    assert response["Location"] == f"{SITE}/t/{with_gtin.public_token}"
    page = seller_client.get(response["Location"].removeprefix(SITE))
    assert page.status_code == 200
    assert "CM-2026-031" in page.content.decode()


def test_one_gtin_and_lot_names_one_batch_across_sellers(market):
    from django.core.exceptions import ValidationError

    from tests.factories import seller_product

    tea = market["tea"]
    tea.gtin = GTIN13
    tea.save()
    traced_batch(product=tea, records=0, lot_code="L1")
    same_gtin = seller_product(market["doan_hung"], title="Chè (đại lý)", gtin=GTIN13)
    with pytest.raises(ValidationError, match="đã dùng mã lô này"):
        traced_batch(product=same_gtin, records=0, lot_code="L1")
