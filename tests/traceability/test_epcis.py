"""The EPCIS 2.0 export of a batch validates against GS1's JSON schema."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from jsonschema import Draft7Validator

from catalog.gtin import gtin_check_digit, is_valid_gtin
from tests.factories import PHU_THO, XA_DOAN_HUNG, ocop_product
from traceability import services
from traceability.epcis import FIELD_KINDS, batch_epcis_document
from traceability.models import EventKind

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "EPCIS-JSON-Schema.json").read_text())
VALIDATOR = Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)
GS1_SAMPLES = [
    "Example_9.6.1-ObjectEventWithDigitalLink.jsonld",
    "Example_9.6.4-TransformationEventWithDigitalLink.jsonld",
    "ErrorDeclarationAndCorrectiveEvent.jsonld",
]
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE_URL = "https://ocop.example.vn"
GTIN_BODY = "893456789012"
GTIN = GTIN_BODY + str(gtin_check_digit(GTIN_BODY))  # 8934567890120
LOT = "CM-2026-001"

ONE_OF_EACH = [
    (EventKind.PLANTING, {"place": "Lô A", "note": "Giống chè Trung du"}),
    (
        EventKind.INPUT,
        {
            "input_name": "Phân hữu cơ vi sinh",
            "input_dose": "2 tấn/ha",
            "preharvest_interval_days": 7,
        },
    ),
    (EventKind.HARVEST, {"note": "Hái một tôm hai lá"}),
    (EventKind.PROCESSING, {"place": "Xưởng sao chè"}),
    (EventKind.PACKING, {}),
    (EventKind.INSPECTION, {"note": "Đạt VietGAP"}),
    (EventKind.SHIPMENT, {"place": "Hà Nội"}),
]


@pytest.fixture(autouse=True)
def _canonical_site(settings):
    settings.SITE_URL = BASE_URL + "/"


def errors_of(document) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def make_batch(*, gtin: str = "", lot_code: str = LOT):
    product = ocop_product(title="Chè xanh Cẩm Mỹ", gtin=gtin)
    partner = product.stockrecords.get().partner
    farm = services.farm_create(
        partner=partner, name="Đồi chè Cẩm Mỹ", province=PHU_THO, ward=XA_DOAN_HUNG
    )
    return services.batch_create(
        partner=partner,
        product=product,
        farm=farm,
        produced_on=date(2026, 3, 10),
        quantity=200,
        lot_code=lot_code,
    )


def append(batch, kind, day: int, **fields):
    return services.trace_event_append(
        batch=batch,
        kind=kind,
        occurred_at=datetime(2026, 3, day, 7, 30, tzinfo=VIETNAM),
        **fields,
    )


def events_of(document) -> list[dict]:
    return document["epcisBody"]["eventList"]


@pytest.mark.parametrize("name", GS1_SAMPLES)
def test_the_validator_accepts_gs1s_own_samples(name):
    assert errors_of(json.loads((DATA / name).read_text())) == []


def test_the_validator_rejects_an_empty_document_and_an_unknown_action():
    assert errors_of({"type": "EPCISDocument"})
    document = json.loads((DATA / GS1_SAMPLES[0]).read_text())
    events_of(document)[0]["action"] = "CREATE"
    assert errors_of(document)


@pytest.mark.django_db
def test_a_batch_with_one_record_of_each_kind_validates_and_keeps_its_records():
    assert is_valid_gtin(GTIN)
    batch = make_batch(gtin=GTIN)
    records = [
        append(batch, kind, day, **fields)
        for day, (kind, fields) in enumerate(ONE_OF_EACH, start=1)
    ]

    document = batch_epcis_document(batch=batch)

    assert errors_of(document) == []
    json.dumps(document)  # plain JSON, no dates or Decimals left
    assert document["@context"] == [
        "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        {"ocop": BASE_URL + "/ns/epcis#"},
    ]
    assert document["type"] == "EPCISDocument"
    assert document["schemaVersion"] == "2.0"
    events = events_of(document)
    assert [e["ocop:recordHash"] for e in events] == [r.hash for r in records]
    assert all(e["eventID"].startswith("ni:///sha-256;") for e in events)
    assert [e["ocop:recordKind"] for e in events] == [k for k, _ in ONE_OF_EACH]
    assert {e["type"] for e in events} == {"ObjectEvent"}
    assert [e["action"] for e in events] == ["ADD"] + ["OBSERVE"] * 6
    assert [e["bizStep"] for e in events] == [
        "commissioning",  # planting: the lot begins
        "other",  # input
        "other",  # harvest (CBV has no harvesting step)
        "other",  # processing
        "packing",
        "inspecting",
        "shipping",
    ]
    lgtin = f"https://id.gs1.org/01/0{GTIN}/10/{LOT}"
    for event in events:
        assert event["epcList"] == []
        assert event["quantityList"] == [{"epcClass": lgtin}]
        assert event["eventTimeZoneOffset"] == "+07:00"
    assert events[0]["eventTime"] == "2026-03-01T07:30:00.000+07:00"
    farm = {"id": f"{BASE_URL}/farm/{batch.farm_id}"}
    assert [e.get("readPoint") for e in events] == [farm] * 3 + [None] * 4
    assert events[0]["bizLocation"] == farm
    assert events[0]["ocop:note"] == "Giống chè Trung du"
    assert events[1]["ocop:inputName"] == "Phân hữu cơ vi sinh"
    assert events[1]["ocop:inputDose"] == "2 tấn/ha"
    assert events[1]["ocop:preharvestIntervalDays"] == 7
    assert events[6]["ocop:place"] == "Hà Nội"
    assert not any("errorDeclaration" in e for e in events)


@pytest.mark.django_db
def test_events_follow_the_time_of_the_records_not_their_entry_order():
    batch = make_batch(gtin=GTIN)
    packing = append(batch, EventKind.PACKING, 12)
    harvest = append(batch, EventKind.HARVEST, 10)

    events = events_of(batch_epcis_document(batch=batch))

    assert [e["ocop:recordHash"] for e in events] == [
        r.hash for r in (harvest, packing)
    ]
    assert [(e["action"], e["bizStep"]) for e in events] == [
        ("ADD", "commissioning"),
        ("OBSERVE", "packing"),
    ]


@pytest.mark.django_db
def test_a_product_without_gtin_is_named_by_its_trace_url():
    batch = make_batch()
    append(batch, EventKind.PROCESSING, 2, note="Sao khô")
    append(batch, EventKind.PACKING, 3)
    occurred = datetime(2026, 3, 4, 1, 0, tzinfo=ZoneInfo("UTC"))
    services.trace_event_append(
        batch=batch, kind=EventKind.SHIPMENT, occurred_at=occurred
    )

    document = batch_epcis_document(batch=batch)

    assert errors_of(document) == []
    events = events_of(document)
    epc_class = f"{BASE_URL}/t/{batch.public_token}"
    assert [e["quantityList"] for e in events] == [[{"epcClass": epc_class}]] * 3
    assert [(e["action"], e["bizStep"]) for e in events] == [
        ("ADD", "commissioning"),
        ("OBSERVE", "packing"),
        ("OBSERVE", "shipping"),
    ]
    assert events[2]["eventTime"] == "2026-03-04T08:00:00.000+07:00"
    assert events[2]["eventTimeZoneOffset"] == "+07:00"


@pytest.mark.django_db
def test_a_batch_without_a_creating_record_has_no_add():
    batch = make_batch(gtin=GTIN)
    append(batch, EventKind.INSPECTION, 2)
    append(batch, EventKind.SHIPMENT, 3)

    document = batch_epcis_document(batch=batch)

    assert errors_of(document) == []
    assert [e["action"] for e in events_of(document)] == ["OBSERVE", "OBSERVE"]


@pytest.mark.django_db
def test_a_correction_declares_the_corrected_event_erroneous():
    batch = make_batch(gtin=GTIN)
    planting = append(batch, EventKind.PLANTING, 1)
    wrong = append(batch, EventKind.INPUT, 5, input_name="Thuốc X", input_dose="1 l")
    fixed_planting = append(
        batch, EventKind.PLANTING, 1, note="Ngày trồng đúng", corrects=planting
    )
    fixed = append(
        batch,
        EventKind.INPUT,
        5,
        input_name="Thuốc Y",
        input_dose="1 l",
        corrects=wrong,
    )

    document = batch_epcis_document(batch=batch)

    assert errors_of(document) == []
    events = {e["ocop:recordHash"]: e for e in events_of(document)}
    assert len(events) == 4

    def event(record):
        return events[record.hash]

    declaration = event(wrong)["errorDeclaration"]
    assert declaration["reason"] == "incorrect_data"
    assert declaration["correctiveEventIDs"] == [event(fixed)["eventID"]]
    assert declaration["declarationTime"] == fixed.recorded_at.astimezone(
        VIETNAM
    ).isoformat(timespec="milliseconds")
    assert event(fixed)["ocop:corrects"] == event(wrong)["eventID"]
    assert "errorDeclaration" not in event(fixed)
    # The corrected commissioning is replaced by its correction, an ADD as well.
    assert event(planting)["errorDeclaration"]["correctiveEventIDs"] == [
        event(fixed_planting)["eventID"]
    ]
    assert [event(r)["action"] for r in (planting, fixed_planting, wrong, fixed)] == [
        "ADD",
        "ADD",
        "OBSERVE",
        "OBSERVE",
    ]
    assert event(fixed_planting)["bizStep"] == "commissioning"


@pytest.mark.django_db
def test_declaration_time_is_within_the_export():
    batch = make_batch(gtin=GTIN)
    record = append(batch, EventKind.HARVEST, 1)
    append(batch, EventKind.HARVEST, 1, corrects=record)
    document = batch_epcis_document(batch=batch)
    created = datetime.fromisoformat(document["creationDate"])
    declared = datetime.fromisoformat(
        events_of(document)[0]["errorDeclaration"]["declarationTime"]
    )
    assert timedelta(0) <= created - declared < timedelta(minutes=5)


@pytest.mark.django_db
def test_the_public_export_url_serves_a_valid_document(client):
    from tests.factories import traced_batch

    batch = traced_batch(records=4)
    response = client.get(f"/t/{batch.public_token}/epcis.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    document = response.json()
    assert list(VALIDATOR.iter_errors(document)) == []
    assert len(document["epcisBody"]["eventList"]) == 4
    assert client.get("/t/khong-co/epcis.json").status_code == 404


GLN_BODY = "893456700001"
GLN = GLN_BODY + str(gtin_check_digit(GLN_BODY))


@pytest.mark.django_db
def test_every_event_id_is_gs1s_event_hash_recomputed_by_gs1s_tool(
    client, settings, tmp_path
):
    """A partner's check: GS1's reference implementation, run as its command
    line on the document as downloaded (through a Host that is not ours), finds
    the very IDs we wrote, corrections of corrections included."""
    import subprocess
    import sys

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "noi-bo.lan"]
    batch = make_batch(gtin=GTIN)
    batch.farm.gln = GLN
    batch.farm.full_clean()
    batch.farm.save()
    records = [
        append(batch, kind, day, **fields)
        for day, (kind, fields) in enumerate(ONE_OF_EACH, start=1)
    ]
    wrong_dose = append(
        batch, EventKind.INPUT, 2, input_dose="20 tấn/ha", corrects=records[1]
    )
    append(batch, EventKind.INPUT, 2, input_dose="2 tấn/ha", corrects=wrong_dose)

    response = client.get(f"/t/{batch.public_token}/epcis.json", HTTP_HOST="noi-bo.lan")
    document = response.json()
    assert errors_of(document) == []
    assert "noi-bo.lan" not in response.content.decode()
    events = events_of(document)
    ids = [event["eventID"] for event in events]
    assert len(set(ids)) == len(ids) == 9
    assert all(
        i.startswith("ni:///sha-256;") and i.endswith("?ver=CBV2.0") for i in ids
    )

    exported = tmp_path / "lo.jsonld"
    exported.write_bytes(response.content)
    tool = subprocess.run(
        [sys.executable, "-m", "epcis_event_hash_generator", str(exported)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    recomputed = [line for line in tool.stdout.split() if line.startswith("ni:///")]
    assert recomputed == ids

    # The farm is named by its GLN; the chain of corrections by event IDs.
    gln_uri = {"id": f"https://id.gs1.org/414/{GLN}"}
    field_records = [e for e in events if e["ocop:recordKind"] in FIELD_KINDS]
    assert len(field_records) == 5  # planting, input, harvest, two corrections
    assert all(e["readPoint"] == e["bizLocation"] == gln_uri for e in field_records)
    by_hash = {e["ocop:recordHash"]: e for e in events}
    assert (
        by_hash[wrong_dose.hash]["ocop:corrects"] == by_hash[records[1].hash]["eventID"]
    )
    assert by_hash[records[1].hash]["errorDeclaration"]["correctiveEventIDs"] == [
        by_hash[wrong_dose.hash]["eventID"]
    ]


@pytest.mark.django_db
def test_a_bad_gln_is_refused():
    from django.core.exceptions import ValidationError

    batch = make_batch()
    batch.farm.gln = GLN[:-1] + str((int(GLN[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="GLN"):
        batch.farm.full_clean()
