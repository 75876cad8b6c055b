"""`make run`: the embedded SQLite database, console email, debug pages."""

from .base import *  # noqa: F401

DEBUG = True
