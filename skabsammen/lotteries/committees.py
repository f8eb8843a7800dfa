"""Task committee members drawn from the applicants: the pool, and the appointments.

The pool is the committee's open applications; each is keyed
"committees.application:<id>". When the draw is stored, the drawn are appointed
(`decided_by="lottery"`); the others stay open, so the secretariat can invite them to a
working group with the committees app's own action.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skabsammen.accounts.models import AgeBand
from skabsammen.committees.models import Application, Body, BodyKind, Education, Gender
from skabsammen.committees.services import application_appoint
from skabsammen.committees.services.applications import OPEN
from skabsammen.common.permissions import require

from .categories import CATEGORIES, category_names

PREFIX = "committees.application"


def open_applications(body: Body):
    return (
        body.applications.filter(status__in=OPEN)
        .select_related("applicant", "district")
        .order_by("created_at", "id")
    )


def refuse_unless_drawable(body: Body) -> None:
    if body.kind != BodyKind.TASK_COMMITTEE:
        raise ValidationError(_("Only a task committee's members can be drawn."), code="kind")
    if body.accepts_applications:
        raise ValidationError(
            _("Wait until the application period is over: everyone who applies must be in the "
              "draw."),
            code="still_open",
        )  # fmt: skip


def application_features(
    application: Application, chosen: list[str], names: dict[str, str]
) -> dict[str, str]:
    """The applicant's facts in Danish, under `names`; "Not given" where she left one out.

    Only what she gave in the application counts, never her profile: the application
    form tells her that its answers may be published, and that she may leave them out.
    """
    with translation.override(settings.LANGUAGE_CODE):
        district = application.district
        values = {
            "gender": dict(Gender.choices).get(application.gender),
            "age_band": dict(AgeBand.choices).get(application.age_band),
            "district": district.name if district else None,
            "education": dict(Education.choices).get(application.education),
        }
        return {names[c]: str(values[c] or _("Not given")) for c in chosen}


def committee_pool(body: Body, chosen: list[str]):
    """Return the pool members (see lotteries.services.PoolMember) and the categories."""
    from .services import PoolMember

    names = category_names()
    chosen = [c for c in CATEGORIES if c in chosen]
    pool = [
        PoolMember(
            key=f"{PREFIX}:{application.pk}",
            name=application.applicant.name or application.applicant.email,
            email=application.applicant.email,
            features=application_features(application, chosen, names),
        )
        for application in open_applications(body)
    ]
    return pool, [names[c] for c in chosen]


@transaction.atomic
def committee_draw_prepare(*, actor, body: Body, purpose: str, k: int, categories: list[str]):
    """Freeze the committee's open applications as the pool of a draw of its members.

    `categories` are CATEGORIES to balance by; their values are public, row by row.
    """
    from .services import draw_prepare

    if actor is not None:
        require("lotteries.manage", actor)
    refuse_unless_drawable(body)
    pool, names = committee_pool(body, categories)
    return draw_prepare(actor=actor, purpose=purpose, pool=pool, categories=names, k=k, body=body)


def _application_id(entry) -> int:
    return int(entry.key.split(":", 1)[1])


def appoint_drawn(draw, selected, not_selected) -> None:
    """Appoint the drawn applicants; refuse (nothing is stored) if the pool has changed.

    The chances were computed over the frozen pool: if anyone in it has withdrawn or been
    decided since (another draw, the secretariat), the draw no longer holds.
    """
    rows = {_application_id(entry): entry.row for entry in [*selected, *not_selected]}
    still_open = set(
        Application.objects.filter(pk__in=rows, status__in=OPEN).values_list("pk", flat=True)
    )
    changed = sorted(row for pk, row in rows.items() if pk not in still_open)
    if changed:
        raise ValidationError(
            ngettext(
                "Row %(rows)s has withdrawn or been decided since the draw was prepared.",
                "Rows %(rows)s have withdrawn or been decided since the draw was prepared.",
                len(changed),
            )
            % {"rows": ", ".join(str(r) for r in changed)}
            + " "
            + _("No one has been appointed. Prepare a new draw."),
            code="pool_changed",
        )
    drawn = Application.objects.filter(pk__in=[_application_id(e) for e in selected])
    for application in drawn.order_by("pk"):
        application_appoint(actor=draw.run_by, application=application, decided_by="lottery")
