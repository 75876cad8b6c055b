"""`manage.py search_rebuild`: Wagtail's index rebuild with a progress bar.

Elasticsearch rebuilds into a new index and swaps the alias at the end
(ATOMIC_REBUILD), so searches keep answering from the old index meanwhile;
the embedded index rebuilds inside one transaction."""

from tqdm import tqdm
from wagtail.search.management.commands.update_index import (
    Command as UpdateIndexCommand,
)

import freshness
from search import services


class Command(UpdateIndexCommand):
    help = "Rebuild the search indexes (all backends, or --backend NAME)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--derived-only",
            action="store_true",
            help="Rebuild only the prefix index and the facets' rows (minutes "
            "instead of the whole index, after a deploy that adds them).",
        )

    def handle(self, **options):
        if not options["derived_only"]:
            super().handle(**options)
        # The autocomplete prefix index and the facets' rows (search.models), the
        # same for every backend.
        services.title_prefixes_rebuild()
        services.product_facts_rebuild()
        # Results cached from the old index are stale.
        freshness.touch(freshness.SEARCH_INDEX, freshness.SELLERS, freshness.PAGES)

    def queryset_chunks(self, qs, chunk_size=1000):
        chunks = super().queryset_chunks(qs, chunk_size)
        bar = tqdm(
            total=qs.count(),
            unit=" rows",
            file=self.stdout,
            disable=self.verbosity == 0,
            leave=True,
        )
        with bar:
            for chunk in chunks:
                yield chunk
                bar.update(len(chunk))

    def print_iter_progress(self, iterable):
        """The bar above replaces Wagtail's dots."""
        return iterable
