"""What a draw's public page shows: the quotas with the pool's and the panel's counts, the
drawn rows and the chances. Never a name or an e-mail address."""

from collections import Counter
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from . import inputs
from .models import Draw, DrawEntry

EQUAL = 5e-4  # chances that agree to 0.1 percentage point are shown as one


@dataclass(frozen=True)
class QuotaRow:
    category: str
    value: str
    min: int
    max: int
    in_pool: int
    drawn: int | None


@dataclass(frozen=True)
class RowChance:
    row: int
    probability: float
    selected: bool

    @property
    def percent(self) -> float:
        return self.probability * 100


@dataclass(frozen=True)
class DrawPage:
    draw: Draw
    quotas: list[QuotaRow]
    chances: list[RowChance]
    panel: list[int]
    min_probability: float | None
    max_probability: float | None
    panels: int
    households: int | None
    sources: frozenset[str]  # the pool's key prefixes, e.g. "committees.application"

    @property
    def min_percent(self) -> float | None:
        return None if self.min_probability is None else self.min_probability * 100

    @property
    def equal_chances(self) -> bool:
        return self.min_probability is not None and (
            self.max_probability - self.min_probability < EQUAL
        )

    @property
    def max_percent(self) -> float | None:
        return None if self.max_probability is None else self.max_probability * 100


def draws_public():
    return Draw.objects.public()


def _public_entries(draw: Draw) -> list[DrawEntry]:
    return list(
        draw.entries.only(
            "draw", "row", "key", "features", "household", "selected", "probability"
        ).order_by("row")
    )


def draw_page(pk: int) -> DrawPage:
    """The draw and what its page shows, in two queries."""
    draw = get_object_or_404(Draw.objects.select_related("body"), pk=pk)
    entries = _public_entries(draw)
    in_pool = inputs.value_counts(draw.categories, [e.features for e in entries])
    drawn = inputs.value_counts(draw.categories, [e.features for e in entries if e.selected])
    quotas = [
        QuotaRow(
            q.category,
            q.value,
            q.min,
            q.max,
            in_pool[q.category][q.value],
            drawn[q.category][q.value] if draw.is_drawn else None,
        )
        for q in draw.quota_list
    ]
    chances = [
        RowChance(e.row, e.probability, e.selected) for e in entries if e.probability is not None
    ]
    probabilities = [c.probability for c in chances]
    households = None
    if draw.household_rule:
        households = len(Counter(e.household for e in entries if e.household)) + sum(
            1 for e in entries if not e.household
        )
    return DrawPage(
        draw=draw,
        quotas=quotas,
        chances=chances,
        panel=sorted(draw.result.get("panel", [])),
        min_probability=min(probabilities) if probabilities else None,
        max_probability=max(probabilities) if probabilities else None,
        panels=len(draw.result.get("distribution", [])),
        households=households,
        sources=frozenset(e.prefix for e in entries),
    )


def entry_rows(draw: Draw, entries: list[DrawEntry]) -> list[dict[str, str]]:
    """The anonymised rows of respondents.csv, as the selection reads them."""
    households = [e.household for e in entries] if draw.household_rule else None
    return inputs.pool_rows(draw.categories, [e.features for e in entries], households)


def public_rows(draw: Draw) -> list[dict[str, str]]:
    return entry_rows(draw, _public_entries(draw))
