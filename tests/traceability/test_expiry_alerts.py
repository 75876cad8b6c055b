"""Expiry alerts: 60, 30 and 7 days before and on the day, for OCOP
certificates, product certifications and seller documents, each emailed once to
the seller's users and staff, and shown on the workspace home — on a frozen,
moving clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from oscar.test.factories import UserFactory

from sellers.models import DocumentKind, SellerDocument
from tests.factories import certify
from traceability.models import ExpiringKind, ExpiryAlert
from traceability.tasks import expiry_alert_email, expiry_alerts_send

pytestmark = pytest.mark.django_db
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
OCOP_EXPIRY = date(2027, 3, 31)


def at(day: date):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 6, 0, tzinfo=VIETNAM), tick=False
    )


@pytest.fixture
def expiring(market):
    tea = market["tea"]
    tea.ocop_expiry = OCOP_EXPIRY
    tea.save()
    staff = UserFactory(is_staff=True, email="kiemduyet@example.vn")
    seller_user = market["cam_my"].partner.users.get()
    return {"tea": tea, "staff": staff, "seller_user": seller_user}


def run_daily(captured) -> int:
    with captured(execute=True):
        return expiry_alerts_send.call()


def test_each_threshold_is_emailed_once_on_its_day(
    expiring, django_capture_on_commit_callbacks
):
    days = {
        date(2027, 1, 29): 0,  # 61 days before: nothing yet
        date(2027, 1, 30): 60,
        date(2027, 2, 15): 0,  # still inside the 60-day alert
        date(2027, 3, 1): 30,
        date(2027, 3, 24): 7,
        date(2027, 3, 31): 0,  # the day itself
        date(2027, 4, 2): None,
    }
    sent = []
    for day in days:
        for _twice in range(2):  # two runs a day (two workers, a retry)
            with at(day):
                run_daily(django_capture_on_commit_callbacks)
        sent.append([message.subject for message in mail.outbox])
        mail.outbox.clear()
    assert [len(subjects) for subjects in sent] == [0, 1, 0, 1, 1, 1, 0]
    assert "Còn 60 ngày hết hạn: OCOP" in sent[1][0]
    assert "Còn 7 ngày hết hạn" in sent[4][0]
    assert sent[5][0].startswith("Hết hạn hôm nay: OCOP")
    alerts = ExpiryAlert.objects.filter(kind=ExpiringKind.OCOP_CERTIFICATE)
    assert sorted(alerts.values_list("threshold_days", flat=True)) == [0, 7, 30, 60]


def test_recipients_are_the_sellers_users_and_staff(
    expiring, django_capture_on_commit_callbacks
):
    with at(date(2027, 1, 30)):
        run_daily(django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(
        [expiring["seller_user"].email, "kiemduyet@example.vn"]
    )
    assert "31/03/2027" in message.body
    assert "HTX Chè Cẩm Mỹ" in message.body


def test_a_missed_week_sends_only_the_nearest_threshold(
    expiring, django_capture_on_commit_callbacks
):
    with at(date(2027, 3, 26)):  # 5 days left, the job never ran before
        run_daily(django_capture_on_commit_callbacks)
    assert [a.threshold_days for a in ExpiryAlert.objects.all()] == [7]
    assert len(mail.outbox) == 1


def test_certifications_and_seller_documents_alert_too(
    expiring, market, django_capture_on_commit_callbacks
):
    certify(expiring["tea"], scheme="vietgap", valid_until=date(2027, 2, 28))
    SellerDocument.objects.create(
        profile=market["cam_my"],
        kind=DocumentKind.VIETGAP_CERTIFICATE,
        file=SimpleUploadedFile("vietgap.pdf", b"%PDF-1.4 demo"),
        number="VG-0099",
        expires_on=date(2027, 3, 1),
    )
    with at(date(2027, 2, 21)):  # certification: 7 days; document: 8 → 30
        run_daily(django_capture_on_commit_callbacks)
    alerts = {a.kind: a.threshold_days for a in ExpiryAlert.objects.all()}
    assert alerts == {
        ExpiringKind.CERTIFICATION: 7,
        ExpiringKind.SELLER_DOCUMENT: 30,
        ExpiringKind.OCOP_CERTIFICATE: 60,
    }
    assert len(mail.outbox) == 3


def test_a_renewed_certificate_starts_a_new_series(
    expiring, django_capture_on_commit_callbacks
):
    with at(date(2027, 3, 24)):
        run_daily(django_capture_on_commit_callbacks)
        tea = expiring["tea"]
        tea.ocop_expiry = date(2027, 4, 30)  # renewed for a month
        tea.save()
        run_daily(django_capture_on_commit_callbacks)
    assert sorted(ExpiryAlert.objects.values_list("expires_on", "threshold_days")) == [
        (OCOP_EXPIRY, 7),
        (date(2027, 4, 30), 60),
    ]


def test_a_retried_email_task_sends_nothing_more(
    expiring, django_capture_on_commit_callbacks
):
    with at(date(2027, 1, 30)):
        run_daily(django_capture_on_commit_callbacks)
    alert = ExpiryAlert.objects.get()
    assert alert.emailed_at is not None
    assert expiry_alert_email.call(alert_id=alert.pk) is False
    assert expiry_alert_email.call(alert_id=999999) is False  # vanished: quietly
    assert len(mail.outbox) == 1


def test_the_workspace_home_warns_its_seller_only(
    client, expiring, market, django_capture_on_commit_callbacks
):
    with at(date(2027, 3, 24)):
        run_daily(django_capture_on_commit_callbacks)
        client.force_login(expiring["seller_user"])
        page = client.get(reverse("workspace:home")).content.decode()
        assert "Hết hạn ngày 31/03/2027 (còn 7 ngày): OCOP" in page
        client.force_login(market["doan_hung"].partner.users.get())
        assert (
            "31/03/2027" not in client.get(reverse("workspace:home")).content.decode()
        )
        client.force_login(expiring["staff"])
        assert "31/03/2027" in client.get(reverse("workspace:home")).content.decode()


def test_the_management_command_runs_the_daily_job(
    expiring, django_capture_on_commit_callbacks
):
    with at(date(2027, 3, 1)), django_capture_on_commit_callbacks(execute=True):
        call_command("expiry_alerts_send")
    assert len(mail.outbox) == 1
