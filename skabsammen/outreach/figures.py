"""A campaign's anonymous figures: response rates by stratum, and the respondents
compared with the population.

Everything is read from the invitations' and answers' copies of the stratum and from
`campaign.population`, so the figures are the same before and after the campaign
closes and the register is deleted.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from skabsammen.accounts.models import AgeBand
from skabsammen.committees.models import Gender

from .models import Answer, Campaign, InvitationStatus

# The strata, in the order shown, with the labels of their coded values.
DIMENSIONS = (
    ("district", _("District"), None),
    ("age_band", _("Age band"), AgeBand),
    ("gender", _("Gender"), Gender),
)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Row:
    value: str
    label: str
    population: int
    invited: int
    answered: int
    population_share: float | None
    respondent_share: float | None

    @property
    def response_rate(self) -> float | None:
        return _share(self.answered, self.invited)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    rows: list[Row]


def invited(campaign: Campaign):
    """The invitations that went out (a letter counts once it is marked sent)."""
    return campaign.invitations.filter(Q(status=InvitationStatus.SENT) | Q(sent_at__isnull=False))


def _ordered(values, choices) -> list[str]:
    if choices is None:
        return sorted(values, key=lambda v: (v == "", v.lower()))
    order = {value: index for index, value in enumerate(choices.values)}
    return sorted(values, key=lambda v: (order.get(v, len(order)), v))


def _label(value: str, choices) -> str:
    if not value:
        return str(_("Not known"))
    if choices is None:
        return value
    return str(dict(choices.choices).get(value, value))


def _dimension(campaign: Campaign, key: str, label, choices, total_answered: int) -> Dimension:
    counts = {
        row[key]: (row["invited"], row["answered"])
        for row in invited(campaign)
        .values(key)
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    }
    population = {str(k): int(v) for k, v in (campaign.population.get(key) or {}).items()}
    population_total = sum(population.values())
    rows = []
    for value in _ordered(set(counts) | set(population), choices):
        invited_count, answered_count = counts.get(value, (0, 0))
        rows.append(
            Row(
                value=value,
                label=_label(value, choices),
                population=population.get(value, 0),
                invited=invited_count,
                answered=answered_count,
                population_share=_share(population.get(value, 0), population_total),
                respondent_share=_share(answered_count, total_answered),
            )
        )
    return Dimension(key=key, label=str(label), rows=rows)


@dataclass(frozen=True)
class Totals:
    invited: int
    answered: int
    volunteers: int
    wants_assembly: int
    wants_working_group: int

    @property
    def response_rate(self) -> float | None:
        return _share(self.answered, self.invited)


@dataclass(frozen=True)
class Figures(Totals):
    population: int
    dimensions: list[Dimension]


def campaign_totals(campaign: Campaign) -> Totals:
    """The few numbers of the campaign's summary, in two queries."""
    counts = invited(campaign).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    volunteers = Answer.objects.filter(campaign=campaign).aggregate(
        volunteers=Count("pk", filter=Q(wants_assembly=True) | Q(wants_working_group=True)),
        assembly=Count("pk", filter=Q(wants_assembly=True)),
        working_group=Count("pk", filter=Q(wants_working_group=True)),
    )
    return Totals(
        invited=counts["invited"],
        answered=counts["answered"],
        volunteers=volunteers["volunteers"],
        wants_assembly=volunteers["assembly"],
        wants_working_group=volunteers["working_group"],
    )


def campaign_figures(campaign: Campaign) -> Figures:
    totals = campaign_totals(campaign)
    population = campaign.population or {}
    first = next(iter(population.values()), {}) or {}
    return Figures(
        **vars(totals),
        population=campaign.register_rows or sum(int(v) for v in first.values()),
        dimensions=[
            _dimension(campaign, key, label, choices, totals.answered)
            for key, label, choices in DIMENSIONS
        ],
    )
