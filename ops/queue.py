"""The database task queue around django-tasks-db: retries with backoff,
tasks abandoned by a killed worker, the failed list staff can retry.

django-tasks leaves all three to the backend and django-tasks-db does none:
a failed task stays failed and a task whose worker died stays "running"."""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

log = logging.getLogger(__name__)
HOST = socket.gethostname()


def uses_database_queue() -> bool:
    return any(
        alias["BACKEND"].startswith("django_tasks_db.")
        for alias in settings.TASKS.values()
    )


def worker_id() -> str:
    """host:pid, so a worker can tell that another one on its host has died."""
    return f"{HOST}:{os.getpid()}"


def backoff(attempt: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min... between attempts."""
    return timedelta(seconds=settings.TASK_RETRY_BASE_SECONDS * 4 ** (attempt - 1))


@receiver(task_finished)
def _retry_failed(sender, task_result, **kwargs):
    """Put a failed task back in the queue, later each time, until it has
    had TASK_MAX_ATTEMPTS; after that it stays failed for staff to see."""
    if task_result.status != TaskResultStatus.FAILED or not uses_database_queue():
        return
    from django_tasks_db.models import DBTaskResult

    attempts = len(task_result.worker_ids)
    if attempts >= settings.TASK_MAX_ATTEMPTS:
        log.error("Task %s failed %d times; left for staff", task_result.id, attempts)
        return
    DBTaskResult.objects.filter(
        pk=task_result.id, status=TaskResultStatus.FAILED
    ).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + backoff(attempts),
        finished_at=None,
    )
    log.warning("Task %s failed (attempt %d); retrying later", task_result.id, attempts)


def _alive(worker: str) -> bool:
    host, _sep, pid = worker.rpartition(":")
    if host != HOST or not pid.isdigit():
        return True  # another machine's: its lease decides
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandoned_requeue() -> int:
    """Tasks left "running" by a worker that is gone go back to the queue: at
    once when the worker was on this host, after TASK_LEASE_SECONDS otherwise.
    Tasks are idempotent, so running one again is safe."""
    from django_tasks_db.models import DBTaskResult

    lease_expired = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    requeued = 0
    for task in DBTaskResult.objects.running().only("pk", "worker_ids", "started_at"):
        last = task.worker_ids[-1] if task.worker_ids else ""
        if _alive(last) and task.started_at > lease_expired:
            continue
        requeued += DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
    if requeued:
        log.warning("Requeued %d task(s) abandoned by a stopped worker", requeued)
    return requeued


def failed_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.failed().order_by("-finished_at")


def failed_task_retry(*, task_id) -> bool:
    """Staff's retry: the task runs again as soon as a worker is free, with a
    fresh count of attempts."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    return bool(
        DBTaskResult.objects.failed()
        .filter(pk=task_id)
        .update(
            status=TaskResultStatus.READY,
            run_after=get_date_max(),
            finished_at=None,
            worker_ids=[],
        )
    )


def depth() -> dict:
    """Ready tasks, how long the oldest has waited, failed tasks: /healthz."""
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True)[:1]
    waited = (timezone.now() - oldest[0]).total_seconds() if oldest else 0
    return {
        "ready": ready.count(),
        "oldest_ready_seconds": round(waited),
        "failed": DBTaskResult.objects.failed().count(),
    }


def results_prune(*, now=None) -> int:
    """Finished tasks leave the queue's table after TASK_RESULTS_KEEP_DAYS;
    failed ones stay for staff until retried or that old too."""
    from django_tasks_db.models import DBTaskResult

    before = (now or timezone.now()) - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    deleted, _by_model = (
        DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    )
    return deleted
