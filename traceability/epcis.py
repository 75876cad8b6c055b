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

Event IDs: the CBV 2.0 event hash (`ni:///sha-256;<hash>?ver=CBV2.0`),
computed by GS1's reference implementation (`epcis-event-hash-generator`), so
a partner recomputes the same ID from the event they received. It covers the
event as exported (extensions included, `eventID`, `recordTime` and
`errorDeclaration` excluded, as the algorithm says); a later change to what an
event says about its farm (a GLN added) therefore gives it a new ID. Our own
chain hash, which links each record to the one before, travels as
`ocop:recordHash`. A correction names the event it corrects by that event's ID,
so events are hashed in rounds: first those that correct nothing, then the
corrections of already-hashed events.

Corrections: records are append-only, so a correction is a new record pointing
at the one it corrects. In EPCIS terms the corrected record's event carries an
`errorDeclaration` (`reason` `incorrect_data`, `declarationTime` when the first
correction was recorded, `correctiveEventIDs` the corrections' event IDs), and
each correction carries `ocop:corrects` with the corrected event's ID. The
declaration sits on the corrected event, not on the correction: on the
correction it would declare the correction itself erroneous.

Locations: planting, input and harvest happen on the batch's farm, which gets
`readPoint` and `bizLocation`: its GS1 Digital Link `https://id.gs1.org/414/<GLN>`
when the farm has a GLN, else `<SITE_URL>/farm/<pk>` (an identifier, not
necessarily a page). Other records may happen anywhere; their free-text place
goes to `ocop:place` only.
"""

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from epcis_event_hash_generator import hash_generator, json_to_py

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
    records = list(
        TraceEvent.objects.filter(batch=batch)
        .select_related("corrects")
        .order_by("occurred_at", "pk")
    )
    context = [EPCIS_CONTEXT, {"ocop": f"{base_url}/ns/epcis#"}]
    lot_class = _lot_class_uri(batch=batch, base_url=base_url)
    location = _farm_location(batch=batch, base_url=base_url)
    adding = _adding_event_pks(records)
    events = {
        record.pk: _object_event(
            record,
            location=location,
            lot_class=lot_class,
            adds=record.pk in adding,
        )
        for record in records
    }
    ids = _event_ids(records, events, context=context)
    corrections: dict[int, list[TraceEvent]] = {}
    for record in records:
        if record.corrects_id:
            corrections.setdefault(record.corrects_id, []).append(record)
    event_list = []
    for record in records:
        event = {"type": "ObjectEvent", "eventID": ids[record.pk], **events[record.pk]}
        if record.pk in corrections:
            event["errorDeclaration"] = {
                "declarationTime": _time(
                    min(c.recorded_at for c in corrections[record.pk])
                ),
                "reason": "incorrect_data",
                "correctiveEventIDs": [ids[c.pk] for c in corrections[record.pk]],
            }
        event_list.append(event)
    return {
        "@context": context,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _time(timezone.now()),
        "epcisBody": {"eventList": event_list},
    }


def _event_ids(
    records: list[TraceEvent], events: dict[int, dict], *, context: list
) -> dict[int, str]:
    """GS1 event hashes, in rounds: an event can be hashed once the event it
    corrects has its ID (ocop:corrects is part of what is hashed)."""
    ids: dict[int, str] = {}
    waiting = list(records)
    while waiting:
        ready = [r for r in waiting if not r.corrects_id or r.corrects_id in ids]
        for record in ready:
            if record.corrects_id:
                events[record.pk]["ocop:corrects"] = ids[record.corrects_id]
        hashes = gs1_event_hashes(
            [{"type": "ObjectEvent", **events[r.pk]} for r in ready], context=context
        )
        ids.update(zip((r.pk for r in ready), hashes, strict=True))
        waiting = [r for r in waiting if r.pk not in ids]
    return ids


def gs1_event_hashes(events: list[dict], *, context: list) -> list[str]:
    """CBV 2.0 event hash IDs by GS1's reference implementation, which reads a
    whole EPCIS document (and rewrites it in place, hence the copy)."""
    document = {
        "@context": context,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _time(timezone.now()),
        "epcisBody": {"eventList": copy.deepcopy(events)},
    }
    parsed = json_to_py.event_list_from_epcis_document_json(document)
    return hash_generator.epcis_hashes_from_events(parsed)


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


def _farm_location(*, batch: Batch, base_url: str) -> dict | None:
    if not batch.farm_id:
        return None
    if batch.farm.gln:
        return {"id": f"{GS1_DIGITAL_LINK_HOST}/414/{batch.farm.gln}"}
    return {"id": f"{base_url}/farm/{batch.farm_id}"}


def _object_event(
    record: TraceEvent, *, location: dict | None, lot_class: str, adds: bool
) -> dict:
    """The event without its ID (the hash is computed over the rest)."""
    local = record.occurred_at.astimezone(VIETNAM)
    event = {
        "eventTime": _time(record.occurred_at),
        "eventTimeZoneOffset": _offset(local),
        "recordTime": _time(record.recorded_at),
        "action": "ADD" if adds else "OBSERVE",
        "bizStep": COMMISSIONING if adds else BIZ_STEPS[record.kind],
        "epcList": [],
        "quantityList": [{"epcClass": lot_class}],
    }
    if location and record.kind in FIELD_KINDS:
        event["readPoint"] = dict(location)
        event["bizLocation"] = dict(location)
    event["ocop:recordKind"] = record.kind
    event["ocop:recordHash"] = record.hash
    optional = {
        "ocop:place": record.place,
        "ocop:note": record.note,
        "ocop:inputName": record.input_name,
        "ocop:inputDose": record.input_dose,
    }
    event.update({key: value for key, value in optional.items() if value})
    if record.preharvest_interval_days is not None:
        event["ocop:preharvestIntervalDays"] = record.preharvest_interval_days
    return event


def _time(moment: datetime) -> str:
    """RFC 3339 in Vietnam's time, to the millisecond: 2026-03-01T07:30:00.000+07:00."""
    return moment.astimezone(VIETNAM).isoformat(timespec="milliseconds")


def _offset(local: datetime) -> str:
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
