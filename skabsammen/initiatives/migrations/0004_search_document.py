"""Danish full-text search on PostgreSQL: a stored tsvector column with a GIN index.

The column is computed by PostgreSQL from the title and description (GENERATED ...
STORED), so Django never writes it, and matching a stored vector is cheap even when
the planner reads many rows. It replaces the expression index of 0002. SQLite has no
full-text vector; it searches with LIKE instead (see selectors.py).
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE initiatives_initiative ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (
        to_tsvector('danish'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))
    ) STORED
    """,
    "CREATE INDEX initiative_search_document ON initiatives_initiative USING gin (search_document)",
    "DROP INDEX IF EXISTS initiative_search_danish",
]
BACKWARD = [
    "DROP INDEX IF EXISTS initiative_search_document",
    "ALTER TABLE initiatives_initiative DROP COLUMN IF EXISTS search_document",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_initiative_pending_owner_email_and_more")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
