"""The base of the commands that backfill stored text vectors (`embed_inputs`,
`embed_organisations`)."""

import os
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand


class EmbedBackfillCommand(BaseCommand):
    """Subclasses set `noun` (plural, e.g. "texts") and `update`, a function taking
    `recompute` and `progress` and returning how many vectors it computed."""

    noun = "texts"
    update: Callable[..., int]

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Compute every vector again, changed or not."
        )

    def handle(self, *args, **options):
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        started = time.perf_counter()
        shown = {"at": 0.0}

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if done == total or now - shown["at"] > 2:
                shown["at"] = now
                self.stdout.write(f"{done}/{total} {self.noun} embedded")

        count = self.update(recompute=options["all"], progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Embedded {count} {self.noun} in {seconds:.1f} s.")
            if count
            else f"Every {self.noun.rstrip('s')} already has its vector."
        )
