"""Themes for `manage.py load_demo`: embed the demo's texts and find their themes.

It runs in the command itself (about 8 s for the demo's 64 texts on one core, the model
load included), so that the themes page has themes the moment `make run` serves it.
"""

import os

from skabsammen.accounts.models import Role, User
from skabsammen.citizeninput.models import CitizenInput

from . import reports, services
from .models import ThemeRun


def load() -> ThemeRun | None:
    """Find the demo's themes once; None when there is nothing to do."""
    if ThemeRun.objects.exists() or not CitizenInput.objects.exists():
        return None
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    services.input_vectors_update()
    run = services.theme_run_start(actor=None)
    run = services.theme_run_perform(run_id=run.pk)
    publish_report()
    return run


def publish_report() -> None:
    """A published Temaradar on the demo's themes, as the secretariat would make it."""
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    if secretariat is None or ThemeRun.objects.current() is None:
        return
    report = reports.theme_report_create(actor=secretariat, title="Temaradar (demo)")
    reports.theme_report_update(
        actor=secretariat,
        report=report,
        title="Temaradar (demo)",
        intro=(
            "Demodata: de temaer, computeren fandt i borgernes idéer og svar på de personlige "
            "henvendelser. Sekretariatet har valgt temaerne og citaterne."
        ),
    )
    first = report.items.order_by("position").first()
    if first is not None:
        reports.theme_report_add_topic(
            actor=secretariat,
            report=report,
            text="Et opgaveudvalg om det, borgerne skriver mest om",
            theme=first.theme,
        )
    reports.theme_report_publish(actor=secretariat, report=report)
