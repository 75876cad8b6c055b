"""A busy marketplace for `make bench --churn N`: N changes per second, each a
price or a stock level of a random seller's product, saved through the ORM
as a seller's workspace would (so the page cache's invalidation runs). Runs
until SIGTERM, keeping in a file how many changes it made in how long.

    python -m tests.perf.churn --rate 5 --out churn.json   (bench settings)
"""

import argparse
import json
import random
import signal
import time
from decimal import Decimal
from pathlib import Path

import django

SOLD_OUT_SHARE = 0.1  # of stock changes: a product sells out, to come back later
stopping = False


def _stop(signum, frame):
    global stopping
    stopping = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    django.setup()
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    rng = random.Random(options.seed)
    by_seller: dict[int, list[int]] = {}
    for pk, partner in StockRecord.objects.values_list("pk", "partner_id"):
        by_seller.setdefault(partner, []).append(pk)
    sellers = sorted(by_seller)
    started = time.monotonic()
    changes = 0
    while not stopping:
        record = StockRecord.objects.get(pk=rng.choice(by_seller[rng.choice(sellers)]))
        if rng.random() < 0.5:
            step = Decimal(rng.choice([-2000, -1000, 1000, 2000]))
            record.price = max(Decimal(1000), (record.price or Decimal(0)) + step)
        elif rng.random() < SOLD_OUT_SHARE:
            record.num_in_stock = record.num_allocated or 0
        else:
            record.num_in_stock = (record.num_allocated or 0) + rng.randrange(1, 500)
        record.save()
        changes += 1
        progress = {"changes": changes, "seconds": time.monotonic() - started}
        options.out.write_text(json.dumps(progress))
        pause = started + changes / options.rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)


if __name__ == "__main__":
    main()
