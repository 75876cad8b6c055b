"""The embedded search backend: Wagtail's database backend for the database in
use, with a faster relevance ordering on SQLite (see `search/sqlite_ranked.py`)."""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 (Wagtail looks this name up)
    """PostgreSQL, and SQLite without FTS5, stay Wagtail's own backends."""
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from search.sqlite_ranked import RankedSQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return RankedSQLiteSearchBackend(params)
    return backend
