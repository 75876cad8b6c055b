"""Typo tolerance on PostgreSQL: Wagtail's fuzzy search needs pg_trgm.
CreateExtension does nothing on other databases."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []
    operations = [TrigramExtension()]
