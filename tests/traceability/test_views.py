import shutil
import subprocess
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.test.factories import create_product

from tests.factories import certify, ocop_product, traced_batch, with_picture
from traceability import services

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_the_trace_page_shows_farm_batch_records_and_certificates(client):
    batch = traced_batch(records=3)
    response = client.get(f"/t/{batch.public_token}")
    page = text(response)
    assert response.status_code == 200
    assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    for fact in (
        "Chè xanh Cẩm Mỹ",
        batch.lot_code,
        "Vùng chè Cẩm Mỹ",
        "Xã Đoan Hùng, Phú Thọ",
        "Ghi chép số 1",
        "Ghi chép số 3",
        "01/09/2026",
        "OCOP",
    ):
        assert fact in page, fact
    assert "<script" not in page
    assert len(response.content) <= 30 * 1024


def test_a_recalled_batch_shows_the_banner_first(client):
    batch = traced_batch(records=2)
    services.batch_recall(
        batch=batch, reason="Phát hiện dư lượng thuốc bảo vệ thực vật"
    )
    page = text(client.get(f"/t/{batch.public_token}"))
    body = page[page.index("<main>") :]
    assert body.index('class="recall"') < body.index("Chè xanh Cẩm Mỹ")
    assert "Phát hiện dư lượng thuốc bảo vệ thực vật" in page
    assert 'class="buy"' not in page


def test_an_expired_batch_says_so(client):
    batch = traced_batch(records=1)
    type(batch).objects.filter(pk=batch.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1), changed_at=timezone.now()
    )
    assert 'class="expired"' in text(client.get(f"/t/{batch.public_token}"))


def test_a_new_record_shows_at_once_despite_the_cache(client):
    batch = traced_batch(records=1)
    assert "Ghi chép mới" not in text(client.get(f"/t/{batch.public_token}"))
    services.trace_event_append(
        batch=batch, kind="shipment", occurred_at=timezone.now(), note="Ghi chép mới"
    )
    assert "Ghi chép mới" in text(client.get(f"/t/{batch.public_token}"))


def test_a_cached_trace_page_costs_one_query_without_redis(client):
    """The page comes from the cache; the scan has no Redis list to wait in,
    so it is written (with Redis it costs none: test_scan_buffer.py)."""
    batch = traced_batch(records=2)
    client.get(f"/t/{batch.public_token}")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/t/{batch.public_token}")
    assert len(queries) == 1
    assert "INSERT" in queries[0]["sql"]


def uncached_queries(client, batch) -> int:
    from django.core.cache import cache

    client.get(f"/t/{batch.public_token}")  # warm thumbnails
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/t/{batch.public_token}").status_code == 200
    return len(queries)


def test_trace_page_queries_do_not_grow_with_records(client):
    few = traced_batch(records=2, lot_code="CM-2026-010")
    many = traced_batch(
        product=ocop_product(title="Chè đen"), records=30, lot_code="CM-2026-011"
    )
    assert uncached_queries(client, few) == uncached_queries(client, many)


def test_an_uncached_trace_page_costs_at_most_seven_queries(client):
    """Batch, scan, records, picture, certificates, named member households,
    thumbnail: whatever the number of records, certificates or farms, and for
    a recalled variant."""
    few = traced_batch(records=2, lot_code="CM-2026-010")
    parent = create_product(title="Chè Shan tuyết", structure="parent")
    with_picture(parent)
    for scheme in ("vietgap", "haccp", "organic_vn"):
        certify(parent, scheme=scheme)
    variant = create_product(parent=parent, title="Hộp 200 g", price=90000)
    many = traced_batch(product=variant, records=30, lot_code="CM-2026-011")
    services.batch_recall(batch=many, reason="Phát hiện dư lượng thuốc")

    assert uncached_queries(client, few) <= 7
    assert uncached_queries(client, many) <= 7
    page = text(client.get(f"/t/{many.public_token}"))
    for fact in ("Chè Shan tuyết", "HACCP", "Ghi chép số 30", 'class="recall"'):
        assert fact in page, fact
    assert "<img" in page


@pytest.mark.parametrize(
    "path, status",
    [
        ("/t/khong-co-ma-nay", 404),
        ("/t/" + "x" * 200, 404),
        ("/01/8934567890120/10/KHONGCO", 404),
        # Malformed GS1 codes are a 400, as the GS1-Conformant resolver requires.
        ("/01/8934567890121/10/CM-2026-001", 400),
        ("/01/12345/10/A", 400),
        ("/01/8934567890120/10/" + "A" * 25, 400),
    ],
)
def test_unknown_or_malformed_codes_get_a_friendly_vietnamese_page(
    client, path, status
):
    response = client.get(path)
    assert response.status_code == status
    assert "Không tìm thấy mã" in text(response) or "Không tìm thấy trang" in text(
        response
    )


def test_unknown_code_page_says_how_to_report_a_fake(client, settings):
    settings.MARKETPLACE_SUPPORT_EMAIL = "baocao@example.vn"
    page = text(client.get("/t/khong-co-ma-nay"))
    assert "Không tìm thấy mã" in page and "baocao@example.vn" in page


def test_gs1_digital_link_resolves_to_the_batch(client, settings):
    settings.SITE_URL = "https://cho-ocop.example.vn"
    product = ocop_product(title="Chè xanh hộp 200 g", gtin="8934567890120")
    batch = traced_batch(product=product, lot_code="CM-2026-031")
    for gtin in ("8934567890120", "08934567890120"):
        response = client.get(f"/01/{gtin}/10/CM-2026-031")
        assert (
            response.status_code == 307
            and response["Location"]
            == f"https://cho-ocop.example.vn/t/{batch.public_token}"
        )


@pytest.mark.skipif(
    not shutil.which("zbarimg"), reason="zbarimg (Debian zbar-tools) is not installed"
)
def test_the_printed_qr_code_decodes_to_the_trace_page(client, settings, tmp_path):
    settings.SITE_URL = "https://cho-ocop.example.vn"
    batch = traced_batch(records=3)
    png = client.get(f"/t/{batch.public_token}/qr.png")
    assert png["Content-Type"] == "image/png"
    path = tmp_path / "label.png"
    path.write_bytes(png.content)
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == f"https://cho-ocop.example.vn/t/{batch.public_token}"
    page = text(client.get(decoded.removeprefix("https://cho-ocop.example.vn")))
    assert "Ghi chép số 1" in page and "Vùng chè Cẩm Mỹ" in page


@pytest.mark.parametrize(
    "path", ["/t/%00", "/t/a%00b", "/t/" + "x" * 40, "/t/%00/epcis.json"]
)
def test_a_token_no_batch_could_have_is_a_404_on_every_database(client, path):
    """PostgreSQL refuses a NUL byte in a query: such tokens never reach one."""
    assert client.get(path).status_code == 404
