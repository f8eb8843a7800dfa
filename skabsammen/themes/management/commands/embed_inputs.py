from skabsammen.common.management.embedding import EmbedBackfillCommand
from skabsammen.themes.services import input_vectors_update


class Command(EmbedBackfillCommand):
    help = (
        "Compute and store the vector of every citizen input that has none or whose text "
        "changed (a backfill; new texts are embedded by a task when they are saved)."
    )
    noun = "texts"
    update = staticmethod(input_vectors_update)
