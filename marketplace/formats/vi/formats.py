"""Django's vi locale lacks NUMBER_GROUPING, so 150000 would print ungrouped."""

from django.conf.locale.vi.formats import *  # noqa: F401

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
