"""Reads about sellers, for storefronts, the directory and the review queue."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from oscar.core.loading import get_model

from sellers.models import SellerProfile, SellerStatus

StockRecord = get_model("partner", "StockRecord")


def partner_can_sell_q(prefix: str = "") -> Q:
    """Partners whose sales are open: an active profile, or no profile at all
    (partners created before profiles existed, e.g. by staff in the dashboard)."""
    return Q(**{f"{prefix}profile__status": SellerStatus.ACTIVE}) | Q(
        **{f"{prefix}profile__isnull": True}
    )


def partner_may_sell(partner) -> bool:
    """The same rule as partner_can_sell_q, for a partner already in memory."""
    profile = getattr(partner, "profile", None)
    return profile is None or profile.status == SellerStatus.ACTIVE


def sellable_stock_exists() -> Exists:
    """A product (or one of its pack sizes) has stock from a seller who may sell."""
    return Exists(
        StockRecord.objects.filter(
            Q(product=OuterRef("pk")) | Q(product__parent=OuterRef("pk")),
            partner_can_sell_q("partner__"),
        )
    )


def sellers_active(
    *, province: int | None = None, ocop_group: str | None = None
) -> QuerySet:
    sellers = SellerProfile.objects.filter(status=SellerStatus.ACTIVE).select_related(
        "partner"
    )
    if province:
        sellers = sellers.filter(province=province)
    if ocop_group:
        sellers = sellers.filter(
            Exists(
                StockRecord.objects.filter(
                    partner=OuterRef("partner"),
                    product__is_public=True,
                ).filter(
                    Q(product__ocop_group=ocop_group)
                    | Q(product__parent__ocop_group=ocop_group)
                )
            )
        )
    return sellers.order_by("partner__name")


def seller_for_storefront(*, slug: str) -> SellerProfile:
    return (
        SellerProfile.objects.select_related("partner")
        .prefetch_related("documents")
        .get(slug=slug, status=SellerStatus.ACTIVE)
    )


def applications_to_review() -> QuerySet:
    return (
        SellerProfile.objects.filter(
            status__in=[SellerStatus.APPLIED, SellerStatus.CHANGES_REQUESTED]
        )
        .select_related("partner")
        .prefetch_related("documents")
        .order_by("applied_at")
    )
