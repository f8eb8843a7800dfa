import os
import time

from django.core.management.base import BaseCommand

from skabsammen.bridges.services.vectors import organisation_vectors_update


class Command(BaseCommand):
    help = (
        "Compute and store the vector of every organisation that has none or whose text "
        "changed (a backfill; changes are embedded by a task when they are saved)."
    )

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
                self.stdout.write(f"{done}/{total} organisations embedded")

        count = organisation_vectors_update(recompute=options["all"], progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Embedded {count} organisations in {seconds:.1f} s.")
            if count
            else "Every organisation already has its vector."
        )
