"""Counts per quarter, channel and district for a theme's members, and adding them up."""

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

QUARTERS = 8  # the growth axis: the last eight quarters with input


def quarter(moment: datetime) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def quarter_axis(moments: Iterable[datetime], count: int = QUARTERS) -> list[str]:
    """The last `count` quarters up to the newest moment, oldest first (gaps included)."""
    newest = max(moments, default=None)
    if newest is None:
        return []
    year, q = map(int, quarter(newest).split("-Q"))
    index = year * 4 + q - 1
    return [f"{i // 4}-Q{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


def counts(rows: Iterable[tuple[datetime, str, str]], axis: list[str]) -> dict:
    """{"growth": {quarter: n}, "channels": {…}, "districts": {…}} of (said_at, channel,
    district) rows; quarters before the axis are left out of growth."""
    growth = dict.fromkeys(axis, 0)
    channels, districts = Counter(), Counter()
    for said_at, channel, district in rows:
        key = quarter(said_at)
        if key in growth:
            growth[key] += 1
        channels[channel] += 1
        districts[district] += 1
    return {
        "growth": growth,
        "channels": ranked(channels),
        "districts": ranked(districts),
    }


def ranked(counts: Mapping[str, int]) -> dict[str, int]:
    """Largest first; equal counts by name, so that pages and reports do not depend on the
    order the database returned the rows in."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def add(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    total = Counter(a)
    total.update(b)
    return ranked(total)


def add_growth(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    """Add two growth series, keeping the quarters in order."""
    return {key: a.get(key, 0) + b.get(key, 0) for key in sorted(set(a) | set(b))}


def quarter_label(key: str) -> str:
    year, q = key.split("-Q")
    return _("Q%(quarter)s %(year)s") % {"quarter": q, "year": year}
