"""The queue's own housekeeping, run by the worker."""

from datetime import timedelta

from django_tasks import task

from ops import mail, queue
from ops.periodic import periodic


@periodic(every=timedelta(days=1))
@task()
def housekeeping() -> dict:
    """Daily: without it the sent-mail keys and the finished tasks grow with
    every order for ever."""
    return {"sent_mail": mail.sent_prune(), "task_results": queue.results_prune()}
