"""Reads of the catalogue, shaped so that a page costs the same queries at any size."""

import hashlib

from django.conf import settings
from django.db.models import F, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from oscar.core.loading import get_model

import freshness
from sellers.selectors import products_with_sellable_stock, sellable_stock_exists

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def products_visible() -> QuerySet:
    """What a shopper may browse: public, top-level products that a seller who
    may sell has in stock records (a suspended seller's products disappear)."""
    return Product.objects.browsable().filter(sellable_stock_exists())


def quality_documents_in_force_q(*, today=None) -> Q:
    """Products whose quality is proven today: an OCOP certificate in force, or
    another certificate (VietGAP, organic, HACCP, ...) in force. The E-commerce
    Law asks for this before a product is sold in a livestream."""
    today = today or timezone.localdate()
    return Q(ocop_stars__isnull=False, ocop_expiry__gte=today) | Q(
        certifications__valid_from__lte=today,
        certifications__valid_until__gte=today,
    )


def product_has_quality_documents(product) -> bool:
    """The same rule as quality_documents_in_force_q, for one product."""
    return (
        product.ocop_is_valid
        or Product.objects.filter(
            quality_documents_in_force_q(), pk=product.pk
        ).exists()
    )


def products_in_stock() -> QuerySet:
    """Visible products a shopper can buy now: search leaves the rest out."""
    return Product.objects.browsable().filter(sellable_stock_exists(in_stock=True))


def products_visible_among(ids, *, in_stock: bool = False) -> QuerySet:
    """`products_visible()` (or `products_in_stock()`) among a few hundred
    ids, such as search candidates, without planning over the whole catalogue."""
    sellable = products_with_sellable_stock(ids, in_stock=in_stock)
    return Product.objects.browsable().filter(pk__in=sellable)


def card_prefetches() -> list[Prefetch]:
    """What a product card and Oscar's pricing strategy read beyond the row
    (and the product page's delivery box: the seller's shipping rule)."""
    stock = StockRecord.objects.select_related(
        "partner__profile", "partner__shipping_rule"
    ).order_by("pk")
    return [
        Prefetch(
            "images", queryset=ProductImage.objects.order_by("display_order", "pk")
        ),
        Prefetch("stockrecords", queryset=stock),
        # Oscar's strategy prices a parent from get_public_children(), which
        # reads this attribute when present.
        Prefetch(
            "children",
            queryset=Product.objects.filter(is_public=True)
            .order_by("pk")
            .prefetch_related(Prefetch("stockrecords", queryset=stock)),
            to_attr="_prefetched_public_children",
        ),
    ]


def with_card_data(products: QuerySet) -> QuerySet:
    """Everything a product card and Oscar's pricing strategy touch, fetched up front."""
    return for_cards(products).prefetch_related(*card_prefetches())


def for_cards(products: QuerySet) -> QuerySet:
    """The rows of products shown as cards in a grid: the card tag
    (catalog/templatetags/card_cache.py) fetches the rest only for the cards
    it has to render, so a page of cached cards reads no more."""
    return products.select_related("product_class", "parent")


def products_for_listing(
    *,
    category=None,
    stars: int | None = None,
    province: int | None = None,
    certification: str | None = None,
    partner=None,
    among: list[int] | None = None,
    order: str | None = None,
) -> QuerySet:
    """Visible products with the listing filters; `among` narrows to given ids
    (search results) before the filters run, so large catalogues stay fast."""
    products = products_visible() if among is None else products_visible_among(among)
    if partner is not None:
        products = products.filter(
            Q(stockrecords__partner=partner)
            | Q(children__stockrecords__partner=partner)
        )
    if category is not None:
        products = products.filter(categories__in=category.get_descendants_and_self())
    today = timezone.localdate()
    if stars:
        products = products.filter(ocop_stars=stars, ocop_expiry__gte=today)
    if province:
        products = products.filter(origin_province=province)
    if certification:
        products = products.filter(
            certifications__scheme=certification,
            certifications__valid_from__lte=today,
            certifications__valid_until__gte=today,
        )
    ids = products.values("pk")
    listed = Product.objects.filter(pk__in=ids)
    if order in ("price", "-price"):
        # A parent sells through its pack sizes: its cheapest one counts.
        listed = listed.annotate(
            lowest_price=Coalesce(
                Min("stockrecords__price"), Min("children__stockrecords__price")
            )
        ).order_by(
            F("lowest_price").asc(nulls_last=True)
            if order == "price"
            else F("lowest_price").desc(nulls_last=True),
            "pk",
        )
    elif order == "stars":
        listed = listed.order_by(F("ocop_stars").desc(nulls_last=True), "title", "pk")
    else:
        listed = listed.order_by("-priority", "-ocop_stars", "title", "pk")
    return with_card_data(listed)


def listing_ids(*, category=None, partner=None, **filters) -> list[int]:
    """The ids a listing shows, in its order, kept until a product joins,
    leaves or moves in it (freshness): a price or stock change does not
    reorder a listing, so under a busy marketplace a listing page's miss
    reads only its own page of products (`products_by_ids`). Kept as long
    as cards (FRAGMENT_CACHE_SECONDS), at most five minutes: the date
    decides which certificates are valid."""
    if partner is not None:
        shown = freshness.seller_list(partner.pk)
    elif category is not None:
        shown = freshness.category_list(category.pk)
    else:
        shown = freshness.ALL_PRODUCTS
    asked = sorted(
        (name, getattr(value, "pk", value)) for name, value in filters.items()
    )
    digest = hashlib.sha256(repr((shown, asked)).encode()).hexdigest()

    def compute():
        freshness.depends(shown)
        products = products_for_listing(category=category, partner=partner, **filters)
        return list(products.values_list("pk", flat=True))

    seconds = min(settings.FRAGMENT_CACHE_SECONDS, 300)
    if seconds <= 0:
        return compute()
    return freshness.cached(f"listing:{digest}", compute, seconds=seconds)


def products_by_ids(ids: list[int]) -> list:
    """Products in the order of `ids` for a grid of cards, one query."""
    products = for_cards(Product.objects.filter(pk__in=ids))
    found = {product.pk: product for product in products}
    return [found[pk] for pk in ids if pk in found]


def products_featured(*, limit: int = 8) -> list:
    """The home page's pick: valid 5- and 4-star products first."""
    today = timezone.localdate()
    featured = products_visible().filter(ocop_stars__gte=4, ocop_expiry__gte=today)
    return list(
        for_cards(featured.order_by("-ocop_stars", "-priority", "title"))[:limit]
    )


def product_for_detail(*, pk: int):
    return (
        with_card_data(Product.objects.all())
        .prefetch_related(
            Prefetch(
                "certifications",
                queryset=get_model("catalogue", "Certification").objects.all(),
            ),
            "categories",
            "attribute_values__attribute",
        )
        .get(pk=pk)
    )


def categories_top() -> QuerySet:
    return Category.get_root_nodes().filter(is_public=True)


def category_menu() -> list[tuple[str, str]]:
    """(address, name) of the top categories for the site menu on every page,
    kept until the category tree changes: read and built each time, it was a
    query and a cache read per category (their slugs) on every page."""

    def compute():
        freshness.depends(freshness.CATEGORIES)
        return [(c.get_absolute_url(), c.name) for c in categories_top()]

    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return compute()
    key = f"category-menu:{get_language()}"
    return freshness.cached(key, compute, seconds=settings.FRAGMENT_CACHE_SECONDS)


def category_public(*, pk: int):
    return Category.objects.get(pk=pk, is_public=True)


def products_chosen(*, ids: list[int]) -> list:
    """Chosen products in the editor's order, for a grid of cards; products no
    longer sold (hidden, or their seller suspended) drop out instead of showing
    stale data."""
    products = for_cards(products_visible().filter(pk__in=ids))
    by_id = {product.pk: product for product in products}
    return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]
