"""The autocomplete prefix index: every prefix of every folded word of a
browsable product's title, with the word's place in the title. "ch", "che"
and "cam m" are then answered by an index lookup on (prefix, position), where
the full-text backends' prefix queries scanned every word starting with the
prefix and ranked them all (90–240 ms at 100k products)."""

from django.db import models

# Longer typed words are looked up by their first letters, then checked
# against the titles themselves.
PREFIX_LENGTH = 12


class TitlePrefix(models.Model):
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="+"
    )
    # The first word holding the prefix: 0 when the title starts with it, so
    # titles that begin with what was typed come first straight from the index.
    position = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["prefix", "position", "product"], name="search_prefix_order"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "prefix"], name="search_prefix_once_per_product"
            )
        ]

    def __str__(self):
        return f"{self.prefix} → {self.product_id}"


class ProductFacts(models.Model):
    """What the search facets read of a browsable product, in one row: its
    stars, origin, categories and certificates. A first-time search reads one
    row per candidate here (and the few categories named) instead of three
    reads over hundreds of ids. Prices and sellers stay live reads of the
    stock records (they churn, and are changed in bulk in places). Dates are
    kept, not "valid today", so an expiry needs no rewrite; kept up to date
    by search/receivers.py wherever the index itself is."""

    # No foreign key in the database: deleting a product deletes its stock
    # records first, whose signals recompute this row while the product is
    # still there; the product's post_delete removes it (search/receivers.py).
    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    ocop_stars = models.PositiveSmallIntegerField(null=True)
    ocop_expiry = models.DateField(null=True)
    origin_province = models.PositiveSmallIntegerField(null=True)
    # Ids only: category names, and whether a category is public, are read at
    # query time (a renamed category is reindexed later, by the worker).
    categories = models.JSONField(default=list)  # [category id, …]
    certifications = models.JSONField(default=list)  # [[scheme, from, until], …]

    def __str__(self):
        return f"facts of {self.product_id}"
