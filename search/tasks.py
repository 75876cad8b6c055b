"""Reindexing after changes that touch many products, off the request."""

from django_tasks import task
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


@task()
def category_products_reindex(*, category_id: int) -> None:
    from search.receivers import reindex_products

    reindex_products(Product.objects.filter(categories=category_id))


@task()
def partner_products_reindex(*, partner_id: int) -> None:
    from search.receivers import reindex_products

    reindex_products(
        Product.objects.filter(stockrecords__partner=partner_id).only("pk", "parent_id")
    )
