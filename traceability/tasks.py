"""Traceability's side effects, run by the task queue (arguments are ids)."""

from django_tasks import task


@task()
def expiry_alert_email(*, alert_id: int) -> bool:
    from traceability import services

    return services.expiry_alert_email_send(alert_id=alert_id)


@task()
def expiry_alerts_send() -> int:
    """Daily: raise the expiry alerts due today (each emailed by its own task)."""
    from django.utils import timezone

    from traceability import services

    return len(services.expiry_alerts_raise(today=timezone.localdate()))
