"""Payments' periodic job, run by the task worker."""

from datetime import timedelta

from django_tasks import task

from marketplace.checkout.payments.services import unpaid_orders_expire
from ops.periodic import periodic


@periodic(every=timedelta(hours=1))
@task()
def unpaid_orders_expire_hourly() -> int:
    """Orders whose transfer or card payment never came go back on sale."""
    return unpaid_orders_expire()
