"""Wagtail's SQLite FTS5 backend with a faster relevance ordering. Wagtail
scores every match with a correlated FTS5 subquery, one full-text lookup per
matching row: at 100k products a common word took minutes. Here the FTS5 table
is queried once, ordered by bm25, and the best `WINDOW` matches are then
filtered by the caller's queryset. Imported only on SQLite: the FTS5 index
model does not exist on other databases."""

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class RankedOnceMixin:
    WINDOW = 1000  # more than a shopper pages through; search keeps 500

    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if (
            score_field is not None
            or not self.order_by_relevance
            or isinstance(query, (MatchAll, Not))
        ):
            return super().search(config, start, stop, score_field)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS,
            self.build_search_query(query, config=config),
        )
        entries = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                )
            )
            .annotate(
                score=self._build_rank_expression(self.get_search_vectors(), config)
            )
            .order_by("score")  # also makes SQLite start from the FTS5 match
        )
        to_pk = self.queryset.model._meta.pk.to_python
        ranked = [
            to_pk(pk)
            for pk in entries.values_list("index_entry__object_id", flat=True)[
                : self.WINDOW
            ]
        ]
        kept = set(self.queryset.filter(pk__in=ranked).values_list("pk", flat=True))
        # The results object puts rows back in this order: a CASE over
        # thousands of ids costs more to compile than the search itself.
        self.ranked_page = [pk for pk in ranked if pk in kept][start:stop]
        return self.queryset.filter(pk__in=self.ranked_page)


class RankedResults(SQLiteSearchResults):
    def _do_search(self):
        rows = super()._do_search()
        order = getattr(self.query_compiler, "ranked_page", None)
        if order is None:
            return rows
        position = {pk: index for index, pk in enumerate(order)}
        return sorted(rows, key=lambda row: position[row.pk])


class RankedSearchQueryCompiler(RankedOnceMixin, SQLiteSearchQueryCompiler):
    pass


class RankedAutocompleteQueryCompiler(RankedOnceMixin, SQLiteAutocompleteQueryCompiler):
    WINDOW = 200  # suggestions show a handful


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSearchQueryCompiler
    autocomplete_query_compiler_class = RankedAutocompleteQueryCompiler
    results_class = RankedResults
