"""`manage.py load_demo`: the demo OCOP shop (fixtures/demo.json), idempotently."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from fixtures import loader


class Command(BaseCommand):
    help = (
        "Load the demo marketplace: Phú Thọ producers, categories, OCOP products "
        "with pack sizes, stock, certifications and pictures, the home page and an "
        "admin login. Safe to run again: existing rows are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=loader.DEMO_FILE,
            help="Demo data file (default: fixtures/demo.json).",
        )
        parser.add_argument(
            "--no-images",
            action="store_true",
            help="Do not generate product pictures.",
        )

    def handle(self, *args, file: Path, no_images: bool, verbosity: int, **options):
        started = time.monotonic()
        report = loader.load_demo(
            data=loader.read_demo(file),
            images=not no_images,
            log=lambda line: verbosity > 1 and self.stdout.write(line),
        )
        if verbosity > 0:
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded in {time.monotonic() - started:.1f} s."
                )
            )
        self.stdout.write(loader.ADMIN_NOTICE)
