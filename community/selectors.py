"""Reads about helpers; every one is scoped to a helper or to a seller."""

from django.db.models import QuerySet

from community.models import (
    CommunityHelper,
    HelperAction,
    HelperGrant,
    HelperStatus,
    HouseholdConsent,
)


def helper_for_user(*, user) -> CommunityHelper | None:
    """The user's helper role, if staff approved it and have not withdrawn it."""
    if not user.is_authenticated:
        return None
    return (
        CommunityHelper.objects.filter(user=user, status=HelperStatus.ACTIVE)
        .prefetch_related("communes")
        .first()
    )


def grants_for_helper(*, helper: CommunityHelper) -> QuerySet:
    return HelperGrant.objects.filter(helper=helper, revoked_at=None).select_related(
        "seller__partner"
    )


def grant_for(*, helper: CommunityHelper, seller_pk: int, lock: bool = False):
    """The helper's active grant on that seller, or None. `lock` holds the row
    until the transaction ends, so a revocation waits for the action or the
    action sees the revocation: nothing is half done."""
    grants = HelperGrant.objects.filter(
        helper=helper, seller_id=seller_pk, revoked_at=None
    ).select_related("seller__partner")
    if lock:
        grants = grants.select_for_update(of=("self",))
    return grants.first()


def applications_by_helper(*, helper: CommunityHelper) -> QuerySet:
    return HouseholdConsent.objects.filter(helper=helper).select_related(
        "seller__partner"
    )


def consent_for_seller(*, seller) -> HouseholdConsent | None:
    return (
        HouseholdConsent.objects.filter(seller=seller)
        .select_related("helper__user")
        .first()
    )


def grants_for_seller(*, seller) -> QuerySet:
    return HelperGrant.objects.filter(seller=seller).select_related("helper__user")


def actions_for_seller(*, seller) -> QuerySet:
    return HelperAction.objects.filter(seller=seller).select_related("helper__user")


def helpers_all() -> QuerySet:
    return (
        CommunityHelper.objects.select_related("user")
        .prefetch_related("communes")
        .order_by("status", "user__email")
    )
