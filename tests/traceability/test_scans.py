from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import traced_batch
from traceability import selectors
from traceability.models import Scan

pytestmark = pytest.mark.django_db
PHONE_UA = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"


def test_each_view_records_a_coarse_scan_and_nothing_personal(client):
    batch = traced_batch(records=1)
    client.get(
        f"/t/{batch.public_token}", HTTP_USER_AGENT=PHONE_UA, REMOTE_ADDR="203.0.113.9"
    )
    client.get(
        f"/t/{batch.public_token}", {"province": 25}, HTTP_USER_AGENT="Googlebot/2.1"
    )
    client.get(f"/t/{batch.public_token}", {"province": "không phải số"})
    scans = list(Scan.objects.order_by("pk").values("device_class", "province"))
    assert scans == [
        {"device_class": "phone", "province": None},
        {"device_class": "bot", "province": 25},
        {"device_class": "desktop", "province": None},
    ]
    assert {f.name for f in Scan._meta.fields} == {
        "id",
        "batch",
        "scanned_at",
        "device_class",
        "province",
        "key",  # random, to write each scan once
    }


def test_more_scans_than_packages_is_a_counterfeit_signal(settings):
    settings.TRACE_SCANS_PER_PACKAGE_LIMIT = 3
    batch = traced_batch(records=1)
    type(batch).objects.filter(pk=batch.pk).update(quantity=2)
    batch.refresh_from_db()
    Scan.objects.bulk_create(
        [Scan(batch=batch, device_class="phone") for _ in range(6)]
    )
    assert selectors.scan_summary(batch=batch)["signals"] == []
    Scan.objects.create(batch=batch, device_class="phone")
    assert selectors.scan_summary(batch=batch)["signals"] == ["too_many_scans"]


def test_scans_long_after_expiry_are_a_counterfeit_signal():
    batch = traced_batch(records=1)
    long_after = timezone.make_aware(
        timezone.datetime.combine(
            batch.expires_on + timedelta(days=45), timezone.datetime.min.time()
        )
    )
    Scan.objects.create(batch=batch, device_class="phone", scanned_at=long_after)
    assert "scans_after_expiry" in selectors.scan_summary(batch=batch)["signals"]


def test_the_seller_sees_scans_and_signals_on_the_batch_page(client, market, settings):
    from traceability import services

    settings.TRACE_SCANS_PER_PACKAGE_LIMIT = 1
    batch = services.batch_create(
        partner=market["cam_my"].partner,
        product=market["tea"],
        produced_on=timezone.localdate(),
        quantity=1,
    )
    for _ in range(3):
        client.get(f"/t/{batch.public_token}", HTTP_USER_AGENT=PHONE_UA)
    client.force_login(market["cam_my"].partner.users.get())
    page = client.get(
        reverse("trace-workspace:batch", kwargs={"pk": batch.pk})
    ).content.decode()
    assert (
        'class="scan-total">3<' in page and 'class="alert alert-danger signal' in page
    )
    listing = client.get(reverse("trace-workspace:batches")).content.decode()
    assert "signal" in listing and batch.lot_code in listing


def test_staff_see_every_sellers_counterfeit_signals(client, market, settings):
    from oscar.test.factories import UserFactory

    from traceability import services

    settings.TRACE_SCANS_PER_PACKAGE_LIMIT = 1
    flagged = services.batch_create(
        partner=market["doan_hung"].partner,
        product=market["tea"],
        produced_on=timezone.localdate(),
        quantity=1,
        lot_code="DH-2026-099",
    )
    Scan.objects.bulk_create(
        [Scan(batch=flagged, device_class="phone") for _ in range(3)]
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("trace-workspace:batches")).content.decode()
    assert "DH-2026-099" in page and 'class="alert alert-danger signal"' in page


def test_counterfeit_signals_for_many_batches_cost_one_query(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ocop_product

    settings.TRACE_SCANS_PER_PACKAGE_LIMIT = 0

    def flagged_with_queries():
        with CaptureQueriesContext(connection) as queries:
            flagged = selectors.batches_with_signals()
        return len(flagged), len(queries)

    batch = traced_batch(records=0, lot_code="CM-2026-001")
    Scan.objects.create(batch=batch, device_class="phone")
    one = flagged_with_queries()
    for number in range(2, 5):
        other = traced_batch(
            product=ocop_product(title=f"Chè {number}"),
            records=0,
            lot_code=f"CM-2026-00{number}",
        )
        Scan.objects.create(batch=other, device_class="phone")
    four = flagged_with_queries()
    assert (one[0], four[0]) == (1, 4)
    assert one[1] == four[1] == 1
