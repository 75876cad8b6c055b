"""Large label sheets, made by the task worker (a thousand QR codes take
seconds) and kept a few days in private storage for the seller to download."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from ops.periodic import periodic
from traceability import gs1, labels
from traceability.models import LabelSheet, LabelSheetStatus

logger = logging.getLogger(__name__)


@task()
def label_sheet_make(*, sheet_id: int) -> bool:
    """Make and store the PDF; a sheet already made (a retried task) or gone
    (the batch was deleted) is left alone."""
    sheet = (
        LabelSheet.objects.select_related("batch__product", "batch__partner")
        .filter(pk=sheet_id, status=LabelSheetStatus.QUEUED)
        .first()
    )
    if sheet is None:
        logger.info("Label sheet %s: gone or already made", sheet_id)
        return False
    try:
        pdf = labels.label_sheet_pdf(
            batch=sheet.batch,
            url=gs1.label_url(sheet.batch),
            label_width_mm=sheet.width_mm,
            label_height_mm=sheet.height_mm,
            copies=sheet.copies,
        )
    except (labels.LabelFontMissing, ValueError) as error:  # a retry cannot help
        logger.error("Label sheet %s failed: %s", sheet_id, error)
        LabelSheet.objects.filter(pk=sheet_id).update(
            status=LabelSheetStatus.FAILED, error=str(error)[:255]
        )
        return False
    sheet.file.save(f"{sheet.pk}.pdf", ContentFile(pdf), save=False)
    updated = LabelSheet.objects.filter(
        pk=sheet_id, status=LabelSheetStatus.QUEUED
    ).update(file=sheet.file.name, status=LabelSheetStatus.READY)
    if not updated:  # made by a twin task meanwhile: keep one file
        sheet.file.delete(save=False)
    return bool(updated)


@periodic(every=timedelta(days=1))
@task()
def label_sheets_prune() -> int:
    """Daily: sheets older than LABEL_SHEET_KEEP_DAYS go, with their files; a
    seller who needs one again asks again."""
    before = timezone.now() - timedelta(days=settings.LABEL_SHEET_KEEP_DAYS)
    old = LabelSheet.objects.filter(created_at__lt=before)
    for sheet in old.exclude(file=""):
        sheet.file.delete(save=False)
    deleted, _by_model = old.delete()
    return deleted
