"""Reindexing after changes that touch many products, off the request."""

from django_tasks import task
from oscar.core.loading import get_model
from wagtail.search import index

from search import services

Product = get_model("catalogue", "Product")


def reindex_products(products) -> None:
    """Reindex each browsable product once (pack sizes through their parent),
    and its facets' row."""
    ids = {product.parent_id or product.pk for product in products}
    for product in Product.get_indexed_objects().filter(pk__in=ids):
        index.insert_or_update_object(product)
    services.product_facts_update(product_ids=ids)


@task()
def category_products_reindex(*, category_id: int) -> None:
    reindex_products(Product.objects.filter(categories=category_id))


@task()
def partner_products_reindex(*, partner_id: int) -> None:
    reindex_products(
        Product.objects.filter(stockrecords__partner=partner_id).only("pk", "parent_id")
    )
