"""A merchant feed as last built: which file holds it and for which catalogue
version, so requests serve a stored file and never build 100k items."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedFormat(models.TextChoices):
    RSS = "rss", "RSS 2.0 (Google Merchant)"
    CSV = "csv", "CSV"


class Feed(models.Model):
    """`seller_slug` empty: the whole marketplace's feed."""

    seller_slug = models.CharField(_("Seller"), max_length=80, blank=True)
    format = models.CharField(_("Format"), max_length=8, choices=FeedFormat.choices)
    file = models.FileField(_("File"), upload_to="feeds/", max_length=255)
    items = models.PositiveIntegerField(_("Items"), default=0)
    skipped = models.PositiveIntegerField(_("Items left out"), default=0)
    catalogue_version = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(_("Built at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller_slug", "format"], name="reach_feed_one_per_seller"
            )
        ]
        verbose_name = _("Product feed")

    def __str__(self):
        return f"{self.seller_slug or 'marketplace'}.{self.format}"
