"""Themes for `manage.py load_demo`: embed the demo's texts and find their themes.

It runs in the command itself (about 8 s for the demo's 64 texts on one core, the model
load included), so that the themes page has themes the moment `make run` serves it.
"""

import os

from skabsammen.citizeninput.models import CitizenInput

from . import services
from .models import ThemeRun


def load() -> ThemeRun | None:
    """Find the demo's themes once; None when there is nothing to do."""
    if ThemeRun.objects.exists() or not CitizenInput.objects.exists():
        return None
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    services.input_vectors_update()
    run = services.theme_run_start(actor=None)
    return services.theme_run_perform(run_id=run.pk)
