"""The task worker: django-tasks-db's worker, plus what it lacks.

Between rounds it enqueues the periodic jobs that are due and puts back tasks
a killed worker left "running". `make run` starts one beside runserver; in
production run as many as the queue needs (each takes one task at a time)."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from ops import periodic, queue

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run queued tasks and periodic jobs until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due, then exit."
        )

    def handle(self, *, interval: float, batch: bool, verbosity: int, **options):
        periodic.discover()
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,  # one round: every ready task, then back to us
            backend_name="default",
            startup_delay=False,
            max_tasks=50,
            worker_id=queue.worker_id(),
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        if verbosity:
            self.stdout.write(f"Task worker {worker.worker_id} started")
        while worker.running:
            worker._run_tasks = 0
            try:
                queue.abandoned_requeue()
                periodic.due_enqueue()
                worker.run()
            except DatabaseError as error:
                # The database restarting must not end the worker: wait for it.
                log.warning("Database unavailable, worker waiting: %s", error)
                close_old_connections()
            if batch and worker._run_tasks == 0:
                return
            if worker.running and worker._run_tasks == 0:
                time.sleep(interval)
