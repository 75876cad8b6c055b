from django.core.management.base import BaseCommand

from traceability import selectors
from traceability.models import Batch


class Command(BaseCommand):
    help = "Check every batch's record chain; exits 1 and names the batches whose records were altered."

    def add_arguments(self, parser):
        parser.add_argument("--batch", help="only this batch's public token")

    def handle(self, *args, batch=None, **options):
        batches = Batch.objects.order_by("pk")
        if batch:
            batches = batches.filter(public_token=batch)
        broken = 0
        for item in batches.iterator():
            breaks = selectors.chain_breaks(batch=item)
            if breaks:
                broken += 1
                records = ", ".join(str(event.pk) for event in breaks)
                self.stdout.write(
                    f"BROKEN {item.lot_code} ({item.public_token}): records {records}"
                )
        self.stdout.write(f"{batches.count()} batches checked, {broken} broken")
        if broken:
            raise SystemExit(1)
