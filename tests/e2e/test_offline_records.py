"""A farm record written on a hillside with no signal: the page still opens,
two records with photos wait on the phone as "Chờ gửi", and when the signal
comes back each reaches the farm diary exactly once, the chain intact."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.test_sellers import log_in
from tests.factories import traced_batch
from traceability import selectors
from traceability.models import TraceEvent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def photo(path, colour):
    Image.new("RGB", (64, 48), colour).save(path, "JPEG")
    return str(path)


def test_two_records_made_offline_arrive_once_each(
    live_server, phone, screenshot, market, tmp_path
):
    base = live_server.url
    batch = traced_batch(product=market["tea"], records=1, lot_code="CM-2026-077")
    user = market["cam_my"].partner.users.get()
    user.set_password("che-cam-my-2026")
    user.save()
    log_in(phone, base, "cammy@example.com", "che-cam-my-2026")
    page_url = f"{base}/dashboard/shop/batches/{batch.pk}/"
    phone.goto(page_url)
    expect(phone.locator("html[data-offline-ready='1']")).to_have_count(1)

    # On the hillside: no signal. The page opens from the phone's copy.
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("html[data-offline-ready='1']")).to_have_count(1)
    records = [
        ("input", "2026-04-02T07:00", "Bón phân hữu cơ lô A", (120, 80, 40)),
        ("harvest", "2026-10-01T06:00", "Hái chè đợt một", (40, 140, 60)),
    ]
    for number, (kind, when, note, colour) in enumerate(records, start=1):
        phone.locator(f"#id_kind input[value={kind}]").check()
        phone.fill("#id_occurred_at", when)
        phone.fill("#id_note", note)
        phone.set_input_files("#id_photo", photo(tmp_path / f"{kind}.jpg", colour))
        phone.locator("form.record-form button[type=submit]").click()
        expect(phone.locator("#pending-records li")).to_have_count(number)
    expect(phone.locator("#pending-records")).to_contain_text("Chờ gửi")
    expect(phone.locator("#pending-records")).to_contain_text("Hái chè đợt một")
    screenshot("offline-waiting")
    assert batch.events.count() == 1  # nothing reached the server

    # Back in signal: the queue sends itself, the diary shows both, once.
    phone.context.set_offline(False)
    diary = phone.locator("ol.records")
    expect(diary).to_contain_text("Bón phân hữu cơ lô A")
    expect(diary).to_contain_text("Hái chè đợt một")
    expect(phone.locator("#pending-records li")).to_have_count(0)
    expect(phone.locator(".chain-ok")).to_have_count(1)
    screenshot("online-sent")

    # A reload (the queue is empty) sends nothing again.
    phone.reload()
    expect(diary).to_contain_text("Hái chè đợt một")
    for _kind, _when, note, _colour in records:
        sent = TraceEvent.objects.filter(batch=batch, note=note)
        assert sent.count() == 1
        assert sent.get().photo and sent.get().client_id
    assert batch.events.count() == 3
    assert selectors.chain_breaks(batch=batch) == []
