"""Which household a helper is working for, and whether this request may do
what it asks. The workspace's access check calls `helper_grant_for`; the
helper's choice of household lives in its session."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from community import selectors
from community.models import HelperRight

SESSION_KEY = "community_acting_seller"
# The page a helper lands on for each right, in this order of preference.
FIRST_PAGES = [
    (HelperRight.STOCK, "workspace:stock"),
    (HelperRight.ORDERS, "workspace:lines"),
    (HelperRight.FARM_RECORDS, "trace-workspace:farms"),
]


def acting_seller_pk(request) -> int | None:
    return request.session.get(SESSION_KEY)


def acting_set(request, *, seller_pk: int) -> None:
    request.session[SESSION_KEY] = seller_pk


def acting_clear(request) -> None:
    request.session.pop(SESSION_KEY, None)


def first_page(grant) -> str:
    for right, url_name in FIRST_PAGES:
        if grant.allows(right):
            return reverse(url_name)
    return reverse("community:home")


def helper_grant_for(request, *, right: str | None, lock: bool = False):
    """The grant that lets this user act on this page for the household it
    chose, or PermissionDenied: not a helper, no household chosen, the grant
    revoked, or a page the household did not open to helpers."""
    helper = selectors.helper_for_user(user=request.user)
    seller_pk = acting_seller_pk(request)
    if helper is None or seller_pk is None:
        raise PermissionDenied
    grant = selectors.grant_for(helper=helper, seller_pk=seller_pk, lock=lock)
    if grant is None:
        acting_clear(request)
        raise PermissionDenied(_("The household has ended your access to its shop."))
    if right is None or not grant.allows(right):
        raise PermissionDenied(_("The household has not given you this right."))
    return grant
