import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.test_sellers import log_in
from tests.factories import with_picture
from traceability import services
from traceability.models import Batch

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_batch_from_farm_to_phone(
    live_server, phone, screenshot, market, tmp_path, settings
):
    base = live_server.url
    settings.SITE_URL = base  # labels carry the canonical host, here the server's
    cam_my = market["cam_my"]
    with_picture(market["tea"])  # the trace page's budget includes its photo
    services.farm_create(
        partner=cam_my.partner, name="Vùng chè Cẩm Mỹ", province=25, ward=cam_my.ward
    )
    user = cam_my.partner.users.get()
    user.set_password("che-cam-my-2026")
    user.save()
    log_in(phone, base, "cammy@example.com", "che-cam-my-2026")

    # The seller creates a batch from its phone.
    phone.goto(base + "/dashboard/shop/batches/")
    phone.select_option("#id_product", label="Chè xanh Cẩm Mỹ")
    phone.select_option("#id_farm", label="Vùng chè Cẩm Mỹ")
    phone.fill("#id_produced_on", "2026-10-01")
    phone.fill("#id_expires_on", "2027-10-01")
    phone.fill("#id_quantity", "120")
    phone.locator("form.big-form button[type=submit]").click()
    expect(phone.locator("h1")).to_contain_text("CM-2026-")

    # Three records, a few taps each.
    for kind, when, note in (
        ("planting", "2026-03-01T07:00", "Đốn tỉa, làm cỏ"),
        ("harvest", "2026-10-01T06:00", "Hái một tôm hai lá"),
        ("packing", "2026-10-03T14:00", "Đóng hộp 200 g"),
    ):
        phone.locator(f"#id_kind input[value={kind}]").check()
        phone.fill("#id_occurred_at", when)
        phone.fill("#id_note", note)
        phone.locator("form.record-form button[type=submit]").click()
        expect(phone.locator("ol.records")).to_contain_text(note)
    screenshot("batch")
    batch = Batch.objects.get(partner=cam_my.partner)

    # The label sheet downloads as a PDF whose QR codes point at the trace page.
    phone.goto(f"{base}/dashboard/shop/batches/{batch.pk}/labels/")
    phone.fill("#id_copies", "4")
    with phone.expect_download() as download:
        phone.locator("form button[type=submit]").last.click()
    sheet = tmp_path / "labels.pdf"
    download.value.save_as(sheet)
    assert sheet.read_bytes().startswith(b"%PDF")
    trace_url = f"{base}/t/{batch.public_token}"
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "200",
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
        png = next(tmp_path.glob("p*.png"))
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True
        ).stdout.split()
        assert decoded and set(decoded) == {trace_url}

    # A consumer opens the label's URL on a phone and sees the timeline.
    phone.context.clear_cookies()
    downloaded = []
    phone.on("response", lambda response: downloaded.append(len(response.body())))
    phone.goto(trace_url)
    phone.wait_for_load_state("networkidle")
    assert sum(downloaded) <= 100 * 1024, (
        f"first view downloads {sum(downloaded)} bytes"
    )
    expect(phone.locator("ol.timeline li")).to_have_count(3)
    expect(phone.locator("body")).to_contain_text("Hái một tôm hai lá")
    screenshot("trace")

    # After a recall, the red banner is the first thing on the page.
    services.batch_recall(batch=batch, reason="Mẫu kiểm nghiệm vượt dư lượng cho phép")
    phone.goto(trace_url)
    first = phone.locator("main > *").first
    expect(first).to_have_class(re.compile("recall"))
    expect(first).to_contain_text("Mẫu kiểm nghiệm vượt dư lượng cho phép")
    screenshot("recalled")
