"""Index upkeep beyond Wagtail's own save/delete handlers: a product's indexed
text also holds its categories, certifications and sellers' names, so changes
to those rows reindex the products they touch. Stock, price and seller status
need no reindexing: search checks them against the database on every query,
and any change starts a new version of the cached results."""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from oscar.core.loading import get_model
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from search import selectors, tasks
from search.tasks import reindex_products

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Certification = get_model("catalogue", "Certification")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")
SellerProfile = get_model("partner", "SellerProfile")


def _product_row_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    product = Product.objects.filter(pk=instance.product_id).first()
    if product is not None:
        reindex_products([product])


def _child_product_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.parent_id:
        reindex_products([instance])


def _categories_changed(sender, instance, action, **kwargs):
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


def _catalogue_changed(sender, **kwargs):
    selectors.version_bump()


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
    selectors.version_bump()
    if before is None or before[:2] != now[:2]:  # the seller's name is indexed
        _product_row_changed(sender, instance)


def connect() -> None:
    pre_save.connect(_stock_saving, sender=StockRecord)
    post_save.connect(_stock_saved, sender=StockRecord)
    post_delete.connect(_catalogue_changed, sender=StockRecord)
    post_delete.connect(_product_row_changed, sender=StockRecord)
    for model in (
        Product,
        Certification,
        ProductCategory,
        Category,
        Partner,
        SellerProfile,
    ):
        post_save.connect(_catalogue_changed, sender=model)
        post_delete.connect(_catalogue_changed, sender=model)
    m2m_changed.connect(_catalogue_changed, sender=Product.categories.through)
    page_published.connect(_catalogue_changed)  # pages show in results too
    page_unpublished.connect(_catalogue_changed)
    for model in (Certification, ProductCategory):
        post_save.connect(_product_row_changed, sender=model)
        post_delete.connect(_product_row_changed, sender=model)
    post_save.connect(_child_product_saved, sender=Product)
    m2m_changed.connect(_categories_changed, sender=Product.categories.through)
    post_save.connect(_category_saved, sender=Category)
    post_save.connect(_partner_saved, sender=Partner)
