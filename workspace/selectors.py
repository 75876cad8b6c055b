"""Reads for the workspace home: what a seller has to do today."""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import F
from django.utils import timezone

from sellers import selectors as seller_selectors
from sellers.models import SellerProfile
from sellers.statuses import LineStatus
from workspace import menu

LOW_STOCK = 5  # units left at which a seller should restock
EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class Task:
    count: int
    url_name: str
    query: str = ""
    label: str = ""  # set for tasks other domains registered (workspace.menu)


def tasks_for_seller(*, seller: SellerProfile | None) -> dict[str, Task]:
    """Counts behind the home's large buttons; None (staff) counts every seller."""
    lines = seller_selectors.lines_for_seller(seller=seller)
    Product = apps.get_model("catalogue", "Product")
    StockRecord = apps.get_model("partner", "StockRecord")
    stock = StockRecord.objects.all()
    products = Product.objects.all()
    if seller is not None:
        stock = stock.filter(partner=seller.partner)
        products = products.filter(stockrecords__partner=seller.partner)
    soon = timezone.localdate() + timedelta(days=EXPIRY_WARNING_DAYS)
    tasks = {
        "confirm": Task(
            lines.filter(status=LineStatus.NEW).count(),
            "workspace:lines",
            f"?status={LineStatus.NEW}",
        ),
        "pack": Task(
            lines.filter(status=LineStatus.CONFIRMED).count(),
            "workspace:lines",
            f"?status={LineStatus.CONFIRMED}",
        ),
        "ship": Task(
            lines.filter(status=LineStatus.PACKED).count(),
            "workspace:lines",
            f"?status={LineStatus.PACKED}",
        ),
        "low_stock": Task(
            stock.filter(num_in_stock__lte=F("num_allocated") + LOW_STOCK).count(),
            "workspace:products",
        ),
        "expiring": Task(
            products.filter(ocop_expiry__lte=soon).distinct().count(),
            "workspace:products",
        ),
    }
    for key, source in menu.task_sources().items():
        tasks[key] = Task(
            source.count(seller), source.url_name, source.query, source.label
        )
    return tasks
