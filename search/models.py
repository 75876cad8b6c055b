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
