"""Index upkeep beyond Wagtail's own save/delete handlers: a product's indexed
text also holds its categories, certifications and sellers' names, so changes
to those rows reindex the products they touch. Stock, price and seller status
need no reindexing: search checks them against the database on every query,
and any change marks what it affects as changed (freshness): the cached
pages, fragments and results that show it, and only those, are missed."""

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from oscar.core.loading import get_model
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

import freshness
from search import services, tasks
from search.tasks import reindex_products
from sellers.selectors import partner_may_sell

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Certification = get_model("catalogue", "Certification")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")
SellerProfile = get_model("partner", "SellerProfile")
SellerDocument = get_model("partner", "SellerDocument")
ProductImage = get_model("catalogue", "ProductImage")


def _product_row_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    product = Product.objects.filter(pk=instance.product_id).first()
    if product is not None:
        reindex_products([product])


def _child_product_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.parent_id:
        reindex_products([instance])


def reindex_on_categories_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, Product
    ):
        reindex_products([instance])


def _category_saved(sender, instance, raw=False, **kwargs):
    """A category may hold thousands of products: the worker reindexes them."""
    if not raw:
        transaction.on_commit(
            partial(tasks.category_products_reindex.enqueue, category_id=instance.pk)
        )


def _partner_saved(sender, instance, raw=False, **kwargs):
    """So may a seller: its products are reindexed by the worker."""
    if raw:
        return
    transaction.on_commit(
        partial(tasks.partner_products_reindex.enqueue, partner_id=instance.pk)
    )
    profile = getattr(instance, "profile", None)
    if profile is not None:
        index.insert_or_update_object(profile)


def shown_by(product_ids, *, lists: bool) -> set[str]:
    """The names of these products (pack sizes count as their parent too) and,
    with `lists`, of every list they are in: the catalogue, their categories and
    those categories' ancestors, their sellers' shops, search."""
    ids = set(product_ids) - {None}
    ids |= set(
        Product.objects.filter(pk__in=ids, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    names = {freshness.product(pk) for pk in ids}
    if not lists or not ids:
        return names
    names |= {freshness.ALL_PRODUCTS, freshness.SEARCH_INDEX}
    paths = Category.objects.filter(product__in=ids).values_list("path", flat=True)
    step = Category.steplen
    ancestors = {
        path[:end] for path in paths for end in range(step, len(path) + 1, step)
    }
    names |= {
        freshness.category_list(pk)
        for pk in Category.objects.filter(path__in=ancestors).values_list(
            "pk", flat=True
        )
    }
    partners = StockRecord.objects.filter(
        Q(product__in=ids) | Q(product__parent__in=ids)
    ).values_list("partner_id", flat=True)
    names |= {freshness.seller_list(pk) for pk in partners}
    return names


def _product_saved(sender, instance, raw=False, **kwargs):
    """Any field of a product may show in a card or move it in a list."""
    if not raw:
        freshness.touch(*shown_by([instance.pk], lists=True))
        if instance.parent_id is None:  # its title may have changed
            services.title_prefixes_update(product_ids=[instance.pk])
        services.product_facts_update(product_ids=[instance.pk])


def _product_deleting(sender, instance, **kwargs):
    freshness.touch(*shown_by([instance.pk], lists=True))


def _product_deleted(sender, instance, **kwargs):
    services.product_facts_forget(product_id=instance.pk)


def _product_row_touched(sender, instance, raw=False, **kwargs):
    """Certificates filter lists; categories place products in them."""
    if not raw:
        names = shown_by([instance.product_id], lists=True)
        if isinstance(instance, ProductCategory):
            names |= shown_by_category(instance.category_id)
        freshness.touch(*names)


def shown_by_category(pk) -> set[str]:
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        return set()
    return {
        freshness.category_list(node.pk)
        for node in [*category.get_ancestors(), category]
    }


def _categories_changed(sender, instance, action, pk_set=None, **kwargs):
    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    if isinstance(instance, Product):
        names = shown_by([instance.pk], lists=True)
        for pk in pk_set or ():
            names |= shown_by_category(pk)
    else:
        names = shown_by(pk_set or (), lists=True) | shown_by_category(instance.pk)
    freshness.touch(*names)


def _image_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        freshness.touch(*shown_by([instance.product_id], lists=False))


def _category_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        # Category names are in the index and on every page's menu.
        names = shown_by_category(instance.pk) | {freshness.SEARCH_INDEX}
        freshness.touch(freshness.CATEGORIES, *names)


def _page_changed(sender, **kwargs):
    freshness.touch(freshness.PAGES)


def _seller_saving(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).first()
        instance._may_sell_before = (
            partner_may_sell(getattr(before, "partner", before)) if before else None
        )


def _seller_changed(sender, instance, raw=False, **kwargs):
    """A seller's name and profile show on its shop, its products' pages and
    seller cards; whether it may sell decides whether its products are listed."""
    if raw:
        return
    partner = getattr(instance, "partner", instance)
    names = {freshness.seller(partner.pk), freshness.seller_list(partner.pk)}
    names |= {freshness.SELLERS, freshness.SEARCH_INDEX}  # names are indexed
    if getattr(instance, "_may_sell_before", None) != partner_may_sell(partner):
        products = StockRecord.objects.filter(partner=partner).values_list(
            "product_id", flat=True
        )
        names |= shown_by(products, lists=True)
    freshness.touch(*names)


def _document_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        freshness.touch(freshness.seller(instance.profile.partner_id))


def _stock_shown(record) -> tuple:
    """What shoppers see of a stock record: its seller, product, price and
    whether it can be bought. The number of units left is shown nowhere, so an
    order that leaves some changes nothing cached."""
    left = (record.num_in_stock or 0) - (record.num_allocated or 0)
    return (
        record.partner_id,
        record.product_id,
        record.price,
        record.num_in_stock is None or left > 0,
    )


def _stock_saving(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        before = StockRecord.objects.filter(pk=instance.pk).first()
        instance._shown_before = _stock_shown(before) if before else None


def _stock_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before, now = getattr(instance, "_shown_before", None), _stock_shown(instance)
    if before == now:
        return
    moved = before is None or before[:2] != now[:2]  # a new seller or product
    names = shown_by([instance.product_id], lists=moved)
    if before is not None and moved:
        names |= shown_by([before[1]], lists=True)
        names.add(freshness.seller_list(before[0]))
    names.add(freshness.seller_list(instance.partner_id))
    freshness.touch(*names)
    if moved:  # the seller's name is indexed
        _product_row_changed(sender, instance)


def _stock_deleted(sender, instance, **kwargs):
    names = shown_by([instance.product_id], lists=True)
    freshness.touch(freshness.seller_list(instance.partner_id), *names)


def connect() -> None:
    pre_save.connect(_stock_saving, sender=StockRecord)
    post_save.connect(_stock_saved, sender=StockRecord)
    post_delete.connect(_stock_deleted, sender=StockRecord)
    post_delete.connect(_product_row_changed, sender=StockRecord)
    post_save.connect(_product_saved, sender=Product)
    pre_delete.connect(_product_deleting, sender=Product)
    post_delete.connect(_product_deleted, sender=Product)
    for model in (Certification, ProductCategory):
        post_save.connect(_product_row_touched, sender=model)
        post_delete.connect(_product_row_touched, sender=model)
        post_save.connect(_product_row_changed, sender=model)
        post_delete.connect(_product_row_changed, sender=model)
    for signal in (post_save, post_delete):
        signal.connect(_image_changed, sender=ProductImage)
        signal.connect(_category_changed, sender=Category)
        signal.connect(_document_changed, sender=SellerDocument)
    for model in (Partner, SellerProfile):
        pre_save.connect(_seller_saving, sender=model)
        post_save.connect(_seller_changed, sender=model)
        post_delete.connect(_seller_changed, sender=model)
    page_published.connect(_page_changed)  # pages show in results too
    page_unpublished.connect(_page_changed)
    post_save.connect(_child_product_saved, sender=Product)
    m2m_changed.connect(_categories_changed, sender=Product.categories.through)
    m2m_changed.connect(
        reindex_on_categories_changed, sender=Product.categories.through
    )
    post_save.connect(_category_saved, sender=Category)
    post_save.connect(_partner_saved, sender=Partner)
