"""`manage.py seed_scale`: a generated catalogue at marketplace scale for
benchmarks, with traceability data (farms, batches, chained records). Bulk
inserts bypass save signals, so run `search_rebuild` after."""

import time

from django.core.management.base import BaseCommand

from fixtures.scale import seed_scale


class Command(BaseCommand):
    help = (
        "Add generated sellers, products, batches and their records "
        "(deterministic for a given --seed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=100_000)
        parser.add_argument("--sellers", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--batches", type=int, help="default: twice the number of products"
        )
        parser.add_argument("--records", type=int, default=5, help="per batch")

    def handle(
        self, *args, products, sellers, seed, batches, records, verbosity, **options
    ):
        started = time.monotonic()
        report = seed_scale(
            products=products,
            sellers=sellers,
            seed=seed,
            batches=batches,
            records=records,
            progress=verbosity > 0,
        )
        self.stdout.write(
            f"{report.sellers} sellers, {report.products} products, "
            f"{report.stock_records} stock records, {report.certifications} "
            f"certificates, {report.farms} farms, {report.batches} batches, "
            f"{report.records} records in {time.monotonic() - started:.1f} s"
        )
