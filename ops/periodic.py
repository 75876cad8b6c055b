"""Periodic jobs: django-tasks has no scheduler, so the worker command
(`manage.py tasks_worker`) enqueues the ones that are due, once per period
however many workers run.

Register a job where the task is defined, in `<package>/tasks.py` (each
installed app's `tasks` module is imported by the worker):

    @periodic(every=timedelta(days=1))
    @task()
    def expiry_alerts_send(): ...
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registered:
    task: object
    every: timedelta


registry: dict[str, Registered] = {}


def periodic(*, every: timedelta):
    """Run the decorated task (no arguments) every `every`, starting as soon
    as a worker first sees it."""

    def register(task):
        registry[task.module_path] = Registered(task=task, every=every)
        return task

    return register


def due_enqueue(*, now=None) -> list[str]:
    """Enqueue every registered job that is due; a job is claimed by moving
    its due time forward in one UPDATE, which only one scheduler can win."""
    from ops.models import PeriodicJob

    now = now or timezone.now()
    enqueued = []
    for name, job in registry.items():
        PeriodicJob.objects.get_or_create(name=name, defaults={"due_at": now})
        won = PeriodicJob.objects.filter(name=name, due_at__lte=now).update(
            due_at=now + job.every
        )
        if won:
            job.task.enqueue()
            enqueued.append(name)
            log.info("Periodic job %s enqueued", name)
    return enqueued


def discover() -> None:
    autodiscover_modules("tasks")
