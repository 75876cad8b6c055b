"""The livestream records as CSV, for staff and for the authorities who may ask
for them: schedule, streamers, featured products with the prices shown,
complaints and how they were settled, over the retention period."""

import csv
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

from marketplace.cms import selectors

HEADER = [
    "livestream_id",
    "title",
    "seller",
    "tax_code",
    "starts_at",
    "ends_at",
    "published",
    "record",
    "name",
    "detail",
    "price_shown",
    "status",
    "reply",
    "at",
]


def _moment(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def records_rows(*, livestreams):
    for page in livestreams:
        head = [
            page.pk,
            page.title,
            page.host.legal_name,
            page.host.tax_code,
            _moment(page.starts_at),
            _moment(page.ends_at),
            "yes" if page.live else "no",
        ]
        for item in page.streamers.all():
            streamer = item.livestreamer
            yield [
                *head,
                "streamer",
                streamer.full_name,
                f"{streamer.get_document_kind_display()} {streamer.document_number}",
                "",
                "verified" if streamer.is_verified else "unverified",
                "",
                _moment(streamer.verified_at),
            ]
        for item in page.featured_products.all():
            price = "" if item.price_shown is None else f"{item.price_shown:.0f}"
            yield [*head, "product", item.product.title, item.warning, price]
        for complaint in page.complaints.all():
            yield [
                *head,
                "complaint",
                complaint.name,
                complaint.message,
                "",
                complaint.status,
                complaint.reply,
                _moment(complaint.created_at),
            ]


def records_export(request):
    user = request.user
    if not (
        user.has_perm("cms.view_livestreamcomplaint")
        and user.has_perm("cms.view_livestreamer")
    ):
        raise PermissionDenied
    since = timezone.now() - timedelta(days=settings.LIVESTREAM_RECORDS_RETENTION_DAYS)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="livestream-records.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(HEADER)
    writer.writerows(
        records_rows(livestreams=selectors.livestream_records(since=since))
    )
    return response
