"""A draw's public inputs: the anonymised pool rows, the two CSV files the command line
reads, the inputs' SHA-256 and proposed quotas. No database access here.

The rows given to the selection are exactly the rows of respondents.csv (household keys
already replaced by numbers), so the SHA-256 that the page publishes before the draw is
the one anyone gets by running the command line on the downloads.
"""

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence

from skabsammen.sortition import Quota, SortitionError
from skabsammen.sortition.feasibility import ensure_feasible
from skabsammen.sortition.instance import build_instance
from skabsammen.sortition.record import digest
from skabsammen.sortition.selection import canonical_inputs

from .models import HOUSEHOLD_COLUMN, ROW_COLUMN

CATEGORY_HEADER = ["category", "feature", "min", "max"]


def household_numbers(households: Sequence[str]) -> list[str]:
    """Replace each household key by its number in order of first appearance ("1", "2", …).

    An empty key stays empty: a household of one.
    """
    numbers: dict[str, int] = {}
    result = []
    for key in households:
        key = key.strip()
        result.append(str(numbers.setdefault(key, len(numbers) + 1)) if key else "")
    return result


def pool_rows(
    categories: Sequence[str],
    features: Sequence[dict],
    households: Sequence[str] | None,
) -> list[dict[str, str]]:
    """Return the anonymised rows: row number, one column per category, household number."""
    numbers = household_numbers(households) if households is not None else None
    rows = []
    for row, values in enumerate(features):
        data = {ROW_COLUMN: str(row)}
        data |= {category: str(values.get(category, "")).strip() for category in categories}
        if numbers is not None:
            data[HOUSEHOLD_COLUMN] = numbers[row]
        rows.append(data)
    return rows


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def categories_csv(quotas: Sequence[Quota]) -> str:
    """Return categories.csv: category,feature,min,max, in the quotas' order."""
    return _csv(CATEGORY_HEADER, [[q.category, q.value, q.min, q.max] for q in quotas])


def respondents_csv(categories: Sequence[str], rows: Sequence[dict], household: bool) -> str:
    """Return respondents.csv: row number, the categories and (if the rule applies) household."""
    header = [ROW_COLUMN, *categories] + ([HOUSEHOLD_COLUMN] if household else [])
    return _csv(header, [[row.get(column, "") for column in header] for row in rows])


def inputs_digest(
    rows: Sequence[dict], quotas: Sequence[Quota], k: int, household: str | None
) -> str:
    """Check the inputs (a SortitionError if they cannot give a draw) and return their hash.

    The hash is the one `select` puts in its record: quotas, k, household column and the
    pool's values in the columns used.
    """
    instance = build_instance(rows, quotas, k, household)
    ensure_feasible(instance)
    return digest(canonical_inputs(rows, instance, household))


def value_counts(categories: Sequence[str], rows: Sequence[dict]) -> dict[str, Counter]:
    return {c: Counter(row[c] for row in rows if row.get(c)) for c in categories}


def _mirroring(counts: dict[str, Counter], n: int, k: int, widen: int) -> list[Quota]:
    quotas = []
    for category, values in counts.items():
        for value, count in sorted(values.items()):
            share = k * count / n
            low = max(0, math.floor(share) - widen)
            high = min(k, count, math.ceil(share) + widen)
            quotas.append(Quota(category, value, low, high))
    return quotas


def proposed_quotas(
    categories: Sequence[str], rows: Sequence[dict], k: int, household: str | None = None
) -> list[Quota]:
    """Propose quotas that mirror the pool: each value gets its share of k, rounded down
    and up, widened one step at a time until some panel meets them all.

    If not even the widest quotas (0 to k) can be met, the SortitionError says why.
    """
    counts = value_counts(categories, rows)
    for widen in range(k):
        quotas = _mirroring(counts, len(rows), k, widen)
        try:
            ensure_feasible(build_instance(rows, quotas, k, household))
        except SortitionError:
            continue
        return quotas
    quotas = _mirroring(counts, len(rows), k, k)
    ensure_feasible(build_instance(rows, quotas, k, household))
    return quotas
