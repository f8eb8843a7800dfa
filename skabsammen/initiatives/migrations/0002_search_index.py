"""A GIN index for Danish full-text search of ideas, on PostgreSQL only.

The index is built on exactly the expression `selectors.search_vector()` queries (a
test checks that PostgreSQL uses it). SQLite has no full-text vector; it searches with
LIKE instead.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "initiative_search_danish"


def _index():
    return GinIndex(SearchVector("title", "description", config="danish"), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("initiatives", "Initiative"), _index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("initiatives", "Initiative"), _index())


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(add_index, remove_index)]
