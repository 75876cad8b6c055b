from django.core.management.base import BaseCommand

from marketplace.cms.services import livestream_records_purge


class Command(BaseCommand):
    help = (
        "Delete viewers' complaints of livestreams that ended before "
        "LIVESTREAM_RECORDS_RETENTION_DAYS (the worker also runs it daily)."
    )

    def handle(self, *args, **options):
        deleted = livestream_records_purge()
        self.stdout.write(f"{deleted} livestream record(s) past retention deleted.")
