from skabsammen.bridges.services.vectors import organisation_vectors_update
from skabsammen.common.management.embedding import EmbedBackfillCommand


class Command(EmbedBackfillCommand):
    help = (
        "Compute and store the vector of every organisation that has none or whose text "
        "changed (a backfill; changes are embedded by a task when they are saved)."
    )
    noun = "organisations"
    update = staticmethod(organisation_vectors_update)
