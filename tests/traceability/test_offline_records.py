"""Records sent from a phone that was offline: each carries an id made on the
phone, so sending it again stores nothing new; a record for a batch recalled
meanwhile is kept and flagged."""

import uuid

import pytest
from django.urls import reverse

from tests.factories import traced_batch
from traceability import selectors, services
from traceability.models import TraceEvent

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def batch_page(client, market):
    batch = traced_batch(product=market["tea"], records=2)
    client.force_login(market["cam_my"].partner.users.get())
    return batch, reverse("trace-workspace:batch", kwargs={"pk": batch.pk})


def record(client_id, **fields):
    return {
        "kind": "packing",
        "occurred_at": "2026-10-03T14:00",
        "note": "Đóng hộp 200 g",
        "client_id": str(client_id),
        **fields,
    }


def test_sending_a_record_twice_stores_it_once(client, batch_page):
    batch, url = batch_page
    client_id = uuid.uuid4()
    first = client.post(url, record(client_id), **JSON)
    again = client.post(url, record(client_id), **JSON)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert TraceEvent.objects.filter(batch=batch, client_id=client_id).count() == 1
    assert batch.events.count() == 3
    assert selectors.chain_breaks(batch=batch) == []
    # The ordinary form post with the same id (a double tap) is harmless too.
    assert client.post(url, record(client_id)).status_code == 302
    assert batch.events.count() == 3


def test_a_record_for_a_batch_recalled_meanwhile_is_kept_and_flagged(
    client, batch_page
):
    batch, url = batch_page
    services.batch_recall(batch=batch, reason="Dư lượng thuốc")
    response = client.post(url, record(uuid.uuid4()), **JSON)
    assert response.status_code == 201
    assert response.json()["recorded_after_recall"] is True
    page = client.get(url).content.decode()
    assert "Gửi sau khi lô đã bị thu hồi" in page
    assert selectors.chain_breaks(batch=batch) == []


def test_bad_queued_records_get_reasons_as_json(client, batch_page):
    _batch, url = batch_page
    response = client.post(url, record(uuid.uuid4(), kind="cooking"), **JSON)
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    response = client.post(url, record("not-a-uuid"), **JSON)
    assert response.status_code == 400 and "client_id" in response.json()["errors"]


def test_a_queued_harvest_inside_the_pre_harvest_interval_waits_for_the_seller(
    client, batch_page
):
    batch, url = batch_page
    services.trace_event_append(
        batch=batch,
        kind="input",
        occurred_at=batch.events.last().occurred_at,
        input_name="Thuốc trừ sâu sinh học",
        preharvest_interval_days=14,
    )
    harvest = record(uuid.uuid4(), kind="harvest", occurred_at="2026-03-02T06:00")
    response = client.post(url, harvest, **JSON)
    assert response.status_code == 409
    assert "Thuốc trừ sâu sinh học" in response.json()["errors"]["kind"][0]


def test_the_service_worker_covers_the_record_pages_and_the_app_installs(
    client, batch_page
):
    _batch, url = batch_page
    worker = client.get(reverse("trace-workspace:service-worker"))
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    scope = reverse("workspace:home")
    assert reverse("trace-workspace:service-worker").startswith(scope)
    assert url.startswith(scope)
    manifest = client.get(reverse("trace-workspace:manifest")).json()
    assert manifest["scope"] == scope and manifest["display"] == "standalone"
    assert manifest["icons"]
    page = client.get(url).content.decode()
    assert 'rel="manifest"' in page and "offline-records.js" in page
    assert 'id="pending-records"' in page and 'name="client_id"' in page
