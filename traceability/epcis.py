"""A batch's records as a GS1 EPCIS 2.0 JSON-LD document.

One ObjectEvent per record, in the order the public trace page shows them
(`occurred_at`, then `pk`). The lot is named by a class-level identifier in
`quantityList` (`epcList` stays empty: packages carry no serial numbers):

- a product with a GTIN: the GS1 Digital Link URI
  `https://id.gs1.org/01/<gtin-14>/10/<lot>` (an LGTIN), the same GTIN and lot
  the site's Digital Link resolver answers for;
- otherwise the batch's public trace URL, `<SITE_URL>/t/<public_token>`.

Every URI of ours is on the canonical host (`SITE_URL`), whatever Host the
request that asked for the document used.

Action. The lot comes into existence at the first record of kind planting,
harvest or processing, whichever comes first: planting for a crop followed from
its plot, harvest when the seller starts the record at the harvest, processing
for a processed product (tea, dried fruit…) whose lot is made in the workshop.
That record is an `ADD` with CBV `commissioning`; every other record is an
`OBSERVE` of the lot, so no observation follows an ADD of the same lot again.
A correction of the commissioning record is an ADD too (it replaces it). A
batch with no such record (goods bought in, only packed and shipped) has no ADD.

Business steps. CBV 2.0 has no step for planting, applying fertiliser or
pesticide, harvesting or processing; the JSON schema's `bizStep` enumeration
(bare CBV words) offers `commissioning` for the lot's creation and `other` for
a step the CBV does not name. So:

    ADD record (planting, harvest or processing)  commissioning
    planting, input, harvest, processing (OBSERVE) other
    packing                                        packing
    inspection                                     inspecting
    shipment                                       shipping

`repackaging`, `assembling` and `creating_class_instance` exist but mean other
things (new packaging, assembling parts, a class-level ADD without a
commissioning step); a bizStep URI of our own is deliberately not used. The
record's own kind is kept in the `ocop:recordKind` extension.

Extensions: the facts the public trace page shows (kind, place, note, input
product, dose, pre-harvest interval) under the `ocop:` prefix, declared in
`@context` as `<SITE_URL>/ns/epcis#`. Who recorded a record and its photo are
not on the public page, so they are not exported either.

Event IDs: `ni:///sha-256;<hash>?ver=CBV2.0` with the record's stored chain
hash. That hash covers the record's canonical facts and its predecessor's hash;
it is not the CBV 2.0 event-hash algorithm, so a consumer must not expect to
recompute it from the EPCIS event.

Corrections: records are append-only, so a correction is a new record pointing
at the one it corrects. In EPCIS terms the corrected record's event carries an
`errorDeclaration` (`reason` `incorrect_data`, `declarationTime` when the first
correction was recorded, `correctiveEventIDs` the corrections' event IDs), and
each correction carries `ocop:corrects` with the corrected event's ID. The
declaration sits on the corrected event, not on the correction: on the
correction it would declare the correction itself erroneous.

Locations: planting, input and harvest happen on the batch's farm, which gets
`readPoint` and `bizLocation` `<SITE_URL>/farm/<pk>` (an identifier, not
necessarily a page). Other records may happen anywhere; their free-text place
goes to `ocop:place` only.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from traceability import gs1
from traceability.models import Batch, EventKind, TraceEvent
from vietnam.site import absolute_url

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
GS1_DIGITAL_LINK_HOST = "https://id.gs1.org"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

CREATING_KINDS = (EventKind.PLANTING, EventKind.HARVEST, EventKind.PROCESSING)
FIELD_KINDS = (EventKind.PLANTING, EventKind.INPUT, EventKind.HARVEST)
BIZ_STEPS = {
    EventKind.PLANTING: "other",
    EventKind.INPUT: "other",
    EventKind.HARVEST: "other",
    EventKind.PROCESSING: "other",
    EventKind.PACKING: "packing",
    EventKind.INSPECTION: "inspecting",
    EventKind.SHIPMENT: "shipping",
}
COMMISSIONING = "commissioning"


def batch_epcis_document(*, batch: Batch) -> dict:
    """The batch's records as an EPCIS 2.0 `EPCISDocument` (see the module notes)."""
    base_url = absolute_url("/").rstrip("/")
    events = list(
        TraceEvent.objects.filter(batch=batch)
        .select_related("corrects")
        .order_by("occurred_at", "pk")
    )
    lot_class = _lot_class_uri(batch=batch, base_url=base_url)
    adding = _adding_event_pks(events)
    corrections: dict[int, list[TraceEvent]] = {}
    for event in events:
        if event.corrects_id:
            corrections.setdefault(event.corrects_id, []).append(event)
    return {
        "@context": [EPCIS_CONTEXT, {"ocop": f"{base_url}/ns/epcis#"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _time(timezone.now()),
        "epcisBody": {
            "eventList": [
                _object_event(
                    event,
                    batch=batch,
                    base_url=base_url,
                    lot_class=lot_class,
                    adds=event.pk in adding,
                    corrections=corrections.get(event.pk, []),
                )
                for event in events
            ]
        },
    }


def _lot_class_uri(*, batch: Batch, base_url: str) -> str:
    if batch.gtin:
        path = gs1.digital_link_path(gtin=batch.gtin, lot=batch.lot_code)
        return f"{GS1_DIGITAL_LINK_HOST}{path}"
    return f"{base_url}/t/{batch.public_token}"


def _adding_event_pks(events: list[TraceEvent]) -> set[int]:
    """The first planting/harvest/processing record, and any correction of it."""
    first = next((e for e in events if e.kind in CREATING_KINDS), None)
    if first is None:
        return set()
    adding = {first.pk}
    for event in sorted(events, key=lambda e: (e.recorded_at, e.pk)):
        if event.corrects_id in adding:
            adding.add(event.pk)
    return adding


def event_id(event: TraceEvent) -> str:
    return f"ni:///sha-256;{event.hash}?ver=CBV2.0"


def _object_event(
    event: TraceEvent,
    *,
    batch: Batch,
    base_url: str,
    lot_class: str,
    adds: bool,
    corrections: list[TraceEvent],
) -> dict:
    local = event.occurred_at.astimezone(VIETNAM)
    epcis_event = {
        "type": "ObjectEvent",
        "eventID": event_id(event),
        "eventTime": _time(event.occurred_at),
        "eventTimeZoneOffset": _offset(local),
        "recordTime": _time(event.recorded_at),
        "action": "ADD" if adds else "OBSERVE",
        "bizStep": COMMISSIONING if adds else BIZ_STEPS[event.kind],
        "epcList": [],
        "quantityList": [{"epcClass": lot_class}],
    }
    if batch.farm_id and event.kind in FIELD_KINDS:
        farm = {"id": f"{base_url}/farm/{batch.farm_id}"}
        epcis_event["readPoint"] = farm
        epcis_event["bizLocation"] = dict(farm)
    if corrections:
        epcis_event["errorDeclaration"] = {
            "declarationTime": _time(min(c.recorded_at for c in corrections)),
            "reason": "incorrect_data",
            "correctiveEventIDs": [event_id(c) for c in corrections],
        }
    epcis_event["ocop:recordKind"] = event.kind
    if event.corrects_id:
        epcis_event["ocop:corrects"] = event_id(event.corrects)
    if event.place:
        epcis_event["ocop:place"] = event.place
    if event.note:
        epcis_event["ocop:note"] = event.note
    if event.input_name:
        epcis_event["ocop:inputName"] = event.input_name
    if event.input_dose:
        epcis_event["ocop:inputDose"] = event.input_dose
    if event.preharvest_interval_days is not None:
        epcis_event["ocop:preharvestIntervalDays"] = event.preharvest_interval_days
    return epcis_event


def _time(moment: datetime) -> str:
    """RFC 3339 in Vietnam's time, to the millisecond: 2026-03-01T07:30:00.000+07:00."""
    return moment.astimezone(VIETNAM).isoformat(timespec="milliseconds")


def _offset(local: datetime) -> str:
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
