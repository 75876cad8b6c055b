"""A suspended seller's users keep reading their workspace (with a banner
saying why) but change nothing until staff reinstate the shop."""

from functools import wraps

from django.shortcuts import render

from sellers import selectors
from sellers.models import SellerProfile, SellerStatus

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def refuse_changes_while_suspended(request, seller: SellerProfile | None):
    """None when the request may go on; the 403 page for a change by the
    users of a suspended seller. Marks the request for the banner."""
    if seller is None or seller.status != SellerStatus.SUSPENDED:
        return None
    request.suspended_seller = seller
    if request.method in READ_METHODS:
        return None
    return render(request, "workspace/suspended.html", {"seller": seller}, status=403)


def read_only_while_suspended(view):
    """For the Oscar dashboard views sellers use (products, stock, prices)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_staff:
            seller = selectors.seller_for_user(user=user)
            refusal = refuse_changes_while_suspended(request, seller)
            if refusal is not None:
                return refusal
        return view(request, *args, **kwargs)

    return guarded
