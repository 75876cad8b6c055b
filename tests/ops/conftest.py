import pytest
from django.core.management import call_command

# The shopper's checkout, as the checkout tests fill it in.
from tests.marketplace.checkout.conftest import checkout, in_basket  # noqa: F401

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def task_queue(settings, monkeypatch):
    """The database queue of `make run` and production, and `run()` to let
    the worker (`manage.py tasks_worker --batch`) take what is due. The
    worker's connection clean-up would end the test's transaction: off here."""
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )

    class Queue:
        @staticmethod
        def run():
            call_command("tasks_worker", batch=True, verbosity=0)

    return Queue
