"""Traceability's side effects, run by the task queue (arguments are ids)."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ops.periodic import periodic
from traceability import services


@task()
def expiry_alert_email(*, alert_id: int) -> bool:
    return services.expiry_alert_email_send(alert_id=alert_id)


@periodic(every=timedelta(days=1))
@task()
def expiry_alerts_send() -> int:
    """Daily: raise the expiry alerts due today, each emailed by its own task
    once its row is committed."""
    alerts = services.expiry_alerts_raise(today=timezone.localdate())
    for alert in alerts:
        transaction.on_commit(partial(expiry_alert_email.enqueue, alert_id=alert.pk))
    return len(alerts)


@periodic(every=timedelta(seconds=30))
@task()
def scans_flush() -> int:
    """Every 30 s: write the trace-page scans waiting in Redis, in batches."""
    return services.scans_flush()
