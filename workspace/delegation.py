"""Work a shop hands to people outside it (a commune's community helpers):
which parts of a workspace may be delegated, and the hook through which the
domain that keeps the grants answers the shell's access check. The shell
names no domain; `community` registers itself when the apps are ready."""

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class DelegatedRight(models.TextChoices):
    """What a page needs to be opened by someone acting for the shop. Money
    (sales, statements), the profile, shipping fees and the helpers page have
    no right: they are never delegated."""

    STOCK = "stock", _("Products and stock")
    ORDERS = "orders", _("Order lines")
    FARM_RECORDS = "farm_records", _("Farms and batch records")


class Grant(Protocol):
    seller: object


@dataclass(frozen=True)
class Delegation:
    grant_for: object  # (request, *, right, lock) -> Grant, or PermissionDenied
    record: object  # (*, grant, right, request, summary) -> None


_delegation: Delegation | None = None


def register(*, grant_for, record) -> None:
    global _delegation
    _delegation = Delegation(grant_for=grant_for, record=record)


def grant_for(request, *, right: str | None, lock: bool = False) -> Grant:
    if _delegation is None:
        raise PermissionDenied
    return _delegation.grant_for(request, right=right, lock=lock)


def record(*, grant: Grant, right: str, request, summary: str) -> None:
    _delegation.record(grant=grant, right=right, request=request, summary=summary)
