"""Which theme of a new run carries on a curated theme of the previous run.

The rule (docs/glossary.md and the themes page say it too): a new theme inherits a
curated theme's curation (its name, hidden flag, pinned quotes and merges) when

1. its members overlap the curated theme's members by a Jaccard index
   |old ∩ new| / |old ∪ new| of at least 0.3, and
2. it is the best such match: pairs are taken greedily from the highest overlap down
   (ties: the lower old, then the lower new theme number), and each old and each new
   theme takes part in at most one pair.

Members are compared by input id, so texts added or removed since the last run only lower
the overlap. Plain Python; no Django.
"""

from collections import Counter
from collections.abc import Iterable, Mapping

THRESHOLD = 0.3


def jaccard(a: set, b: set) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match_themes(
    old_of: Mapping[int, int],
    new_of: Mapping[int, int],
    *,
    curated: Iterable[int] | None = None,
    threshold: float = THRESHOLD,
) -> dict[int, tuple[int, float]]:
    """Return {new theme: (old theme, overlap)} for the old themes in `curated` (all if None).

    `old_of` and `new_of` map each input id to its theme in the old and the new run.
    """
    old_sizes = Counter(old_of.values())
    new_sizes = Counter(new_of.values())
    wanted = set(old_sizes) if curated is None else set(curated)
    both = Counter((old, new_of[i]) for i, old in old_of.items() if old in wanted and i in new_of)
    pairs = []
    for (old, new), shared in both.items():
        overlap = shared / (old_sizes[old] + new_sizes[new] - shared)
        if overlap >= threshold:
            pairs.append((-overlap, old, new))
    pairs.sort()
    taken_old, result = set(), {}
    for negative, old, new in pairs:
        if old in taken_old or new in result:
            continue
        taken_old.add(old)
        result[new] = (old, -negative)
    return result
