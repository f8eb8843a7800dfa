"""Ideas in the common stream of citizen input (see skabsammen.citizeninput)."""

from django.utils.translation import gettext_lazy as _

from skabsammen.citizeninput.sources import Entry, Source, register

from .models import Initiative


def initiative_entry(initiative: Initiative) -> Entry:
    owner = next(iter(initiative.owners.all()), None)
    return Entry(
        text=f"{initiative.title}\n\n{initiative.description}",
        said_at=initiative.submitted_at,
        channel=initiative.channel,
        district=initiative.district.name if initiative.district else "",
        age_band=getattr(owner, "age_band", "") or "",
        quotable=initiative.is_public,
    )


def register_source() -> None:
    register(
        Source(
            name="initiative",
            label=_("Ideas"),
            model=Initiative,
            entry=initiative_entry,
            queryset=lambda: Initiative.objects.select_related("district").prefetch_related(
                "owners"
            ),
        )
    )
