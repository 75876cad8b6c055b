"""Side effects leave the request: the database queue, its worker, retries,
tasks a killed worker abandoned, periodic jobs, the failed list for staff."""

import logging
import os
import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult
from oscar.test.factories import UserFactory

from ops import periodic, queue
from ops.models import SentMail
from tests.factories import active_seller, order_of, seller_product, traced_batch
from traceability import services
from traceability.models import LineBatch
from traceability.notices import recall_notices_fan_out

pytestmark = pytest.mark.django_db
calls = []


@task()
def flaky() -> None:
    calls.append("flaky")
    raise ConnectionError("SMTP server down")


@task()
def heartbeat() -> None:
    calls.append("heartbeat")


def test_placing_an_order_sends_no_mail_in_the_request_the_worker_sends_them(
    client, checkout, in_basket, task_queue, django_capture_on_commit_callbacks
):
    tea = seller_product(
        active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com"),
        title="Chè xanh Cẩm Mỹ",
        price=150000,
    )
    in_basket(tea)
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(note=None)
    assert response.status_code == 302
    assert len(mail.outbox) == 0  # nothing left during the request
    queued = [task.task_name for task in DBTaskResult.objects.ready()]
    assert "order_emails_send" in queued  # beside Wagtail's own index updates

    task_queue.run()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cammy@example.com",
        "lan@example.com",
    ]
    # The same task again (a retry, a twin) sends nothing more.
    DBTaskResult.objects.update(status=TaskResultStatus.READY)
    task_queue.run()
    assert len(mail.outbox) == 2
    assert SentMail.objects.count() == 2


def test_a_recall_notifies_each_buyer_once_even_when_the_fan_out_runs_twice(
    task_queue, django_capture_on_commit_callbacks
):
    batch = traced_batch(records=0)
    for buyer in ["an@example.com", "binh@example.com", "AN@example.com"]:
        order = order_of((batch.product, 1))
        order.guest_email = buyer
        order.save()
        LineBatch.objects.create(line=order.lines.get(), batch=batch, quantity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_recall(batch=batch, reason="Dư lượng thuốc BVTV")
    assert mail.outbox == []
    task_queue.run()
    assert sorted(m.to[0].lower() for m in mail.outbox) == [
        "an@example.com",
        "binh@example.com",
    ]
    # A worker killed midway would run the fan-out again: still one each.
    recall_notices_fan_out.enqueue(batch_id=batch.pk)
    task_queue.run()
    assert len(mail.outbox) == 2


def test_a_vanished_order_ends_the_task_quietly_with_a_log_line(task_queue, caplog):
    from marketplace.checkout.tasks import order_emails_send

    result = order_emails_send.enqueue(order_id=987654)
    with caplog.at_level(logging.INFO, logger="marketplace.checkout.tasks"):
        task_queue.run()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert "Order 987654 is gone" in caplog.text
    assert mail.outbox == []


def test_a_failing_task_is_retried_later_each_time_then_left_for_staff(
    task_queue, settings
):
    settings.TASK_MAX_ATTEMPTS = 3
    calls.clear()
    result = flaky.enqueue()
    task_queue.run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    first_wait = row.run_after - timezone.now()
    assert timedelta(seconds=20) < first_wait <= timedelta(seconds=30)

    task_queue.run()  # not due yet: not run again
    assert calls == ["flaky"]
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    task_queue.run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert (
        timedelta(seconds=100)
        < row.run_after - timezone.now()
        <= timedelta(seconds=120)
    )
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    task_queue.run()
    row.refresh_from_db()
    assert calls == ["flaky"] * 3
    assert row.status == TaskResultStatus.FAILED
    assert "ConnectionError" in row.exception_class_path


def test_staff_see_failed_tasks_and_retry_them(client, task_queue, settings):
    settings.TASK_MAX_ATTEMPTS = 1
    result = flaky.enqueue()
    task_queue.run()
    url = reverse("ops:failed-tasks")

    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory(is_staff=True))
    page = client.get(url).content.decode()
    assert "flaky" in page and "SMTP server down" in page

    response = client.post(reverse("ops:failed-task-retry", args=[result.id]))
    assert response.status_code == 302
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY and row.worker_ids == []
    assert "flaky" not in client.get(url).content.decode()


def test_a_task_left_running_by_a_killed_worker_goes_back_to_the_queue(task_queue):
    calls.clear()
    dead = subprocess.Popen(["true"])
    dead.wait()
    abandoned = heartbeat.enqueue()
    alive = heartbeat.enqueue()
    now = timezone.now()
    DBTaskResult.objects.filter(pk=abandoned.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=now,
        worker_ids=[f"{queue.HOST}:{dead.pid}"],
    )
    DBTaskResult.objects.filter(pk=alive.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=now,
        worker_ids=[f"{queue.HOST}:{os.getpid()}"],
    )
    task_queue.run()
    assert calls == ["heartbeat"]
    assert DBTaskResult.objects.get(pk=abandoned.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=alive.id).status == "RUNNING"


def test_another_machines_task_is_requeued_only_after_its_lease(task_queue, settings):
    settings.TASK_LEASE_SECONDS = 600
    result = heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=60),
        worker_ids=["other-host:1"],
    )
    assert queue.abandoned_requeue() == 0
    DBTaskResult.objects.filter(pk=result.id).update(
        started_at=timezone.now() - timedelta(seconds=601)
    )
    assert queue.abandoned_requeue() == 1


def test_a_periodic_job_is_enqueued_once_per_period(task_queue, monkeypatch):
    monkeypatch.setattr(periodic, "registry", {})
    periodic.periodic(every=timedelta(hours=1))(heartbeat)
    now = timezone.now()
    assert periodic.due_enqueue(now=now) == [heartbeat.module_path]
    assert periodic.due_enqueue(now=now + timedelta(minutes=59)) == []
    assert periodic.due_enqueue(now=now + timedelta(minutes=61)) == [
        heartbeat.module_path
    ]
    assert DBTaskResult.objects.filter(task_path=heartbeat.module_path).count() == 2


def test_the_worker_registers_every_periodic_job(task_queue):
    periodic.discover()
    assert {
        "marketplace.checkout.payments.tasks.unpaid_orders_expire_hourly",
        "traceability.tasks.expiry_alerts_send",
        "reach.tasks.feeds_refresh",
        "marketplace.cms.tasks.livestream_records_purge_daily",
        "ops.tasks.housekeeping",
        "traceability.label_sheets.label_sheets_prune",
    } <= set(periodic.registry)


def test_housekeeping_drops_old_mail_keys_and_finished_tasks_but_keeps_recent_ones(
    task_queue, settings
):
    settings.SENT_MAIL_KEEP_DAYS, settings.TASK_RESULTS_KEEP_DAYS = 90, 14
    heartbeat.enqueue()
    heartbeat.enqueue()
    task_queue.run()  # (its first round also runs housekeeping, due at once)
    now = timezone.now()
    for key, days in (("order:1:placed", 91), ("order:2:placed", 89)):
        row = SentMail.objects.create(key=key)
        SentMail.objects.filter(pk=row.pk).update(sent_at=now - timedelta(days=days))
    beats = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    old, recent = beats.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=now - timedelta(days=15))
    waiting = heartbeat.enqueue()  # not finished: never pruned, however old

    from ops.tasks import housekeeping

    assert housekeeping.call() == {"sent_mail": 1, "task_results": 1}
    assert list(SentMail.objects.values_list("key", flat=True)) == ["order:2:placed"]
    assert {str(pk) for pk in beats.values_list("pk", flat=True)} == {
        str(recent.pk),
        waiting.id,
    }


def test_mail_sent_by_code_not_ours_leaves_the_request_too(
    client, task_queue, settings, django_capture_on_commit_callbacks
):
    """Django's password reset sends its mail itself: under the web nodes'
    EMAIL_BACKEND it is queued, and the worker delivers it once."""
    settings.EMAIL_BACKEND = "ops.mail.QueuedBackend"
    UserFactory(email="lan@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "lan@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0  # nothing left during the request
    queued = DBTaskResult.objects.ready().get(task_path="ops.mail.mail_deliver")

    task_queue.run()
    assert [m.to for m in mail.outbox] == [["lan@example.com"]]
    reset = mail.outbox[0]
    assert "/password-reset/confirm/" in reset.body
    assert reset.extra_headers["Message-ID"].endswith(
        f"@{urlsplit(settings.SITE_URL).hostname}>"
    )

    # A retry of the same task (the worker died after sending) sends nothing.
    DBTaskResult.objects.filter(pk=queued.pk).update(status=TaskResultStatus.READY)
    task_queue.run()
    assert len(mail.outbox) == 1
