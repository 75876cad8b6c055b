"""Templates compare statuses with the enums the context processor hands them,
never with the values spelled out."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from marketplace.checkout.models import OrderPayment, PaymentMethod, PaymentStatus
from marketplace.context_processors import STATUS_ENUMS
from sellers.statuses import LINE_STATUS_PIPELINE, LineStatus

TEMPLATES = Path(settings.BASE_DIR) / "themes" / "ocop" / "templates"
COMPARISON = re.compile(r"""(?:==|!=|\bin)\s*["']([a-z_]+)["']""")


def render(name, **context):
    with translation.override("en"):
        return render_to_string(name, context, request=RequestFactory().get("/"))


def test_no_template_compares_with_a_status_value():
    values = {choice.value for enum in STATUS_ENUMS.values() for choice in enum}
    spelled = [
        f"{path.relative_to(TEMPLATES)}: {value}"
        for path in TEMPLATES.rglob("*.html")
        for value in COMPARISON.findall(path.read_text())
        if value in values
    ]
    assert spelled == []


def test_each_step_of_a_line_has_its_own_action_label():
    steps = {step for nexts in LINE_STATUS_PIPELINE.values() for step in nexts}
    labels = {
        render("sellers/workspace/status_action.html", status=step).strip()
        for step in steps
    }
    assert labels == {
        "Confirm",
        "Mark packed",
        "Mark shipped",
        "Mark delivered",
        "Cancel",
    }


@pytest.mark.parametrize(
    "method, status, told",
    [
        (PaymentMethod.CASH_ON_DELIVERY, PaymentStatus.PENDING, True),
        (PaymentMethod.CASH_ON_DELIVERY, PaymentStatus.PAID, False),
        (PaymentMethod.CARD, PaymentStatus.PENDING, False),
    ],
)
def test_only_unpaid_cash_on_delivery_tells_to_pay_the_courier(method, status, told):
    payment = OrderPayment(method=method, status=status, amount=Decimal(150000))
    html = render("oscar/checkout/partials/payment.html", payment=payment)
    assert ("Pay the delivery person in cash" in html) == told


@pytest.mark.django_db
def test_cancel_stands_apart_from_the_next_step(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    html = client.get(reverse("workspace:lines")).content.decode()
    buttons = dict(
        re.findall(r'name="status" value="(\w+)" class="btn btn-lg ([\w-]+)"', html)
    )
    assert buttons == {
        LineStatus.CONFIRMED: "btn-success",
        LineStatus.CANCELLED: "btn-outline-danger",
    }
