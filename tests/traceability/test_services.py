from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from tests.factories import ocop_product, traced_batch
from traceability import selectors, services
from traceability.models import AppendOnlyError, TraceEvent

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_records_form_a_hash_chain():
    batch = traced_batch(records=3)
    events = list(batch.events.order_by("recorded_at", "pk"))
    assert events[0].previous_hash == ""
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(e.hash == e.compute_hash() for e in events)
    assert selectors.chain_breaks(batch=batch) == []


def test_records_are_never_edited_or_deleted_through_the_application():
    event = traced_batch(records=1).events.get()
    event.note = "sửa lén"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_a_correction_is_a_new_record_pointing_at_the_old_one():
    batch = traced_batch(records=2)
    wrong = batch.events.order_by("pk").last()
    fix = services.trace_event_append(
        batch=batch,
        kind=wrong.kind,
        occurred_at=wrong.occurred_at,
        corrects=wrong,
        note="Liều đúng là 2 lít/ha",
    )
    assert fix.corrects == wrong and batch.events.count() == 3
    assert selectors.chain_breaks(batch=batch) == []


def test_an_edit_behind_the_applications_back_is_reported():
    intact = traced_batch(records=3, lot_code="CM-2026-001")
    tampered = traced_batch(
        product=ocop_product(title="Chè đen"), records=3, lot_code="CM-2026-002"
    )
    victim = tampered.events.order_by("pk")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TraceEvent._meta.db_table} SET note = %s WHERE id = %s",
            ["Không phun thuốc", victim.pk],
        )
    assert [e.pk for e in selectors.chain_breaks(batch=tampered)] == [victim.pk]
    assert selectors.chain_breaks(batch=intact) == []
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_trace_chains", stdout=out)
    assert exit_code.value.code == 1
    assert (
        "BROKEN CM-2026-002" in out.getvalue() and "CM-2026-001" not in out.getvalue()
    )


@pytest.mark.parametrize(
    "fields, error_field",
    [
        ({"produced_on": date(2026, 9, 5), "packed_on": date(2026, 9, 1)}, "packed_on"),
        (
            {"produced_on": date(2026, 9, 5), "expires_on": date(2026, 9, 1)},
            "expires_on",
        ),
        ({"produced_on": date(2026, 9, 5), "quantity": 0}, "quantity"),
    ],
)
def test_bad_batch_dates_are_refused(fields, error_field):
    product = ocop_product()
    partner = product.stockrecords.get().partner
    values = {"quantity": 10, **fields}
    with pytest.raises(ValidationError) as error:
        services.batch_create(partner=partner, product=product, **values)
    assert error_field in error.value.message_dict


def test_lot_codes_are_generated_per_seller_and_year():
    product = ocop_product()
    partner = product.stockrecords.get().partner
    first = services.batch_create(
        partner=partner, product=product, produced_on=date(2026, 3, 1), quantity=5
    )
    second = services.batch_create(
        partner=partner, product=product, produced_on=date(2026, 4, 1), quantity=5
    )
    assert first.lot_code.endswith("-2026-001") and second.lot_code.endswith(
        "-2026-002"
    )
    assert len(first.public_token) >= 16 and first.public_token != second.public_token


def test_harvest_inside_a_preharvest_interval_is_flagged():
    batch = traced_batch(records=0)
    sprayed = datetime(2026, 8, 20, 7, 0, tzinfo=HCM)
    spray = services.trace_event_append(
        batch=batch,
        kind="input",
        occurred_at=sprayed,
        input_name="Thuốc trừ sâu sinh học",
        input_dose="1 lít/ha",
        preharvest_interval_days=7,
    )
    early = services.harvest_inside_preharvest_interval(
        batch=batch, harvest_at=sprayed + timedelta(days=3)
    )
    late = services.harvest_inside_preharvest_interval(
        batch=batch, harvest_at=sprayed + timedelta(days=8)
    )
    assert early == [spray] and late == []


def test_recall_marks_the_batch_with_its_reason():
    batch = services.batch_recall(
        batch=traced_batch(records=1), reason="Phát hiện dư lượng thuốc"
    )
    assert batch.is_recalled and batch.recall_reason == "Phát hiện dư lượng thuốc"


def test_a_record_with_a_photo_keeps_a_valid_chain_after_storage_renames_it():
    from tests.vietnam.test_images import upload

    batch = traced_batch(records=1)
    event = services.trace_event_append(
        batch=batch,
        kind="harvest",
        occurred_at=datetime(2026, 9, 1, 6, 0, tzinfo=HCM),
        photo=upload(name="thu-hoach.jpg"),
    )
    assert event.photo.name.startswith("trace/")
    assert selectors.chain_breaks(batch=batch) == []
