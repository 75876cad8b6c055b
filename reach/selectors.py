"""Reads for reach: what a product offers (price, stock, seller), as Oscar's
pricing strategy decides it, so previews, JSON-LD and feeds never disagree
with the product page."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

import freshness
from catalog import selectors as catalog_selectors
from sellers.models import SellerProfile, SellerStatus

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


@dataclass(frozen=True)
class Offer:
    """One purchasable product (a standalone product or a pack size) as sold now."""

    product: object
    price: Decimal
    currency: str
    in_stock: bool
    partner: object

    @property
    def seller(self) -> SellerProfile | None:
        return getattr(self.partner, "profile", None)


def whole_dong(amount: Decimal) -> Decimal:
    """Oscar keeps two decimals; VND has none (see ARCHITECTURE.md)."""
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def offers_for(*, product, strategy) -> list[Offer]:
    """The product's offers: itself, or each public pack size of a parent.
    Anything without a price (no stock record, a seller who may not sell) is
    no offer at all, so it is left out rather than shown as 0 ₫."""
    items = product.get_public_children() if product.is_parent else [product]
    offers = []
    for item in items:
        info = strategy.fetch_for_product(item)
        if not info.price.exists or info.stockrecord is None:
            continue
        amount = info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax
        offers.append(
            Offer(
                product=item,
                price=whole_dong(amount),
                currency=info.price.currency,
                in_stock=info.availability.is_available_to_buy,
                partner=info.stockrecord.partner,
            )
        )
    return offers


def primary_picture(product):
    """The product's first real image (a pack size falls back to its parent's),
    or None: Oscar's placeholder must never be shared as the product's picture."""
    for candidate in (product, product.parent):
        if candidate is None:
            continue
        images = list(candidate.images.all())
        if images:
            return min(images, key=lambda image: (image.display_order, image.pk))
    return None


def review_summary(product) -> tuple[float, int] | None:
    """Average rating and count of approved reviews, or None without any."""
    if product.rating is None:
        return None
    count = product.reviews.filter(status=product.reviews.model.APPROVED).count()
    return (product.rating, count) if count else None


def products_for_sitemap() -> QuerySet:
    """Public products a shopper can reach, with just what a URL needs."""
    return (
        catalog_selectors.products_visible()
        .only("pk", "slug", "date_updated")
        .order_by("pk")
    )


def sellers_for_sitemap() -> QuerySet:
    return SellerProfile.objects.filter(status=SellerStatus.ACTIVE).order_by("pk")


def products_for_feed(*, partner=None) -> QuerySet:
    """Public top-level products with a stock record of a seller who may sell,
    with everything the strategy and the feed read fetched up front."""
    products = catalog_selectors.products_visible()
    if partner is not None:
        mine = products.filter(
            Q(stockrecords__partner=partner)
            | Q(children__stockrecords__partner=partner)
        )
        products = Product.objects.filter(pk__in=mine.values("pk"))
    return catalog_selectors.with_card_data(products).order_by("pk")


def seller_for_feed(*, slug: str) -> SellerProfile:
    return SellerProfile.objects.get(slug=slug, status=SellerStatus.ACTIVE)


def feed_is_stale(feed) -> bool:
    """Built for an older catalogue version and older than the refresh period:
    a busy shop changes stock all day; partners re-read feeds hourly at most."""
    age = (timezone.now() - feed.built_at).total_seconds()
    changed = feed.catalogue_version != catalogue_version()
    return changed and age > settings.FEED_REFRESH_SECONDS


def catalogue_version() -> int:
    """When the catalogue last changed, on the freshness clock (every change
    touches its EVERYTHING name; never touched since a restart: the floor)."""
    found = cache.get_many([freshness.EVERYTHING, freshness.FLOOR])
    return found.get(freshness.EVERYTHING) or found.get(freshness.FLOOR) or 0
