"""`manage.py feeds_rebuild`: write the merchant feeds now (cron, or after a
bulk import that bypassed the catalogue's signals)."""

import time

from django.core.management.base import BaseCommand

from reach import feeds
from reach.selectors import sellers_for_sitemap


class Command(BaseCommand):
    help = "Rebuild the marketplace's product feeds (RSS with g: and CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--seller", default="", help="only this seller's feeds")
        parser.add_argument(
            "--every-seller", action="store_true", help="and each active seller's"
        )

    def handle(self, *args, seller, every_seller, **options):
        slugs = [seller] if seller else [""]
        if every_seller:
            slugs += list(sellers_for_sitemap().values_list("slug", flat=True))
        for slug in slugs:
            started = time.monotonic()
            for feed in feeds.feeds_write(seller_slug=slug or None):
                self.stdout.write(
                    f"{feed}: {feed.items} items, {feed.skipped} left out, "
                    f"{feed.file.size / 1e6:.1f} MB"
                )
            self.stdout.write(
                f"{slug or 'marketplace'}: {time.monotonic() - started:.1f} s"
            )
