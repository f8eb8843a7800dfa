"""Synthetic pools and populations with Danish-like attributes, for tests and benchmarks.

The pools imitate the real ones in Flanigan et al. (2021): volunteers over-represent
some groups (older, more educated), and the quotas follow the population, so some
values are scarce in the pool and their volunteers get low LEXIMIN probabilities.
"""

import numpy as np

from .instance import Quota

# category: (values, share in the population, relative eagerness to volunteer)
ATTRIBUTES = {
    "køn": (["kvinde", "mand", "andet"], [0.50, 0.49, 0.01], [1.1, 0.9, 1.0]),
    "alder": (
        ["18-29", "30-44", "45-59", "60-74", "75+"],
        [0.19, 0.23, 0.26, 0.22, 0.10],
        [0.5, 0.8, 1.1, 1.5, 0.9],
    ),
    "bydel": (
        ["Nord", "Syd", "Øst", "Vest", "Centrum"],
        [0.22, 0.18, 0.20, 0.25, 0.15],
        [1.0, 0.8, 1.1, 0.9, 1.3],
    ),
    "uddannelse": (
        ["grundskole", "erhvervsfaglig", "kort/mellemlang", "lang"],
        [0.20, 0.32, 0.28, 0.20],
        [0.4, 0.7, 1.2, 2.0],
    ),
    "beskæftigelse": (
        ["i arbejde", "uden for arbejdsmarkedet", "under uddannelse"],
        [0.62, 0.28, 0.10],
        [1.0, 1.2, 0.6],
    ),
    "bolig": (["ejer", "lejer", "andel"], [0.50, 0.35, 0.15], [1.2, 0.7, 1.1]),
    "indkomst": (["lav", "mellem", "høj"], [0.33, 0.34, 0.33], [0.7, 1.0, 1.3]),
    "herkomst": (
        ["dansk", "vestlig", "ikke-vestlig"],
        [0.86, 0.05, 0.09],
        [1.05, 0.9, 0.5],
    ),
}


def synthetic_pool(
    size: int, k: int, seed: int = 0, categories: int = 6, slack: float = 0.15
) -> tuple[list[dict[str, str]], list[Quota]]:
    """Return (respondents, quotas) for a pool of `size` volunteers and panels of k."""
    rng = np.random.default_rng(seed)
    chosen = list(ATTRIBUTES.items())[:categories]
    rows = [{} for _ in range(size)]
    quotas = []
    for name, (values, population, eagerness) in chosen:
        volunteer = np.array(population) * np.array(eagerness)
        picks = rng.choice(len(values), size=size, p=volunteer / volunteer.sum())
        for row, pick in zip(rows, picks, strict=True):
            row[name] = values[pick]
        for value, share in zip(values, population, strict=True):
            target = share * k
            margin = max(1.0, slack * target)
            quotas.append(
                Quota(
                    name,
                    value,
                    max(0, int(np.floor(target - margin))),
                    int(np.ceil(target + margin)),
                )
            )
    return rows, quotas


def synthetic_population(size: int, seed: int = 0, districts: int = 98) -> dict[str, np.ndarray]:
    """Return a register extract as integer-coded columns: district, age band, gender,
    education and household id, with households of 1–5 people."""
    rng = np.random.default_rng(seed)
    households = rng.choice(5, size=size // 2, p=[0.38, 0.34, 0.12, 0.11, 0.05]) + 1
    household = np.repeat(np.arange(len(households), dtype=np.int64), households)[:size]
    if len(household) < size:
        extra = np.arange(size - len(household), dtype=np.int64) + len(households)
        household = np.concatenate([household, extra])
    return {
        "district": rng.integers(0, districts, size=size, dtype=np.int16),
        "age_band": rng.choice(
            8, size=size, p=[0.14, 0.16, 0.15, 0.16, 0.15, 0.12, 0.08, 0.04]
        ).astype(np.int8),
        "gender": rng.choice(2, size=size, p=[0.505, 0.495]).astype(np.int8),
        "education": rng.choice(4, size=size, p=[0.22, 0.33, 0.27, 0.18]).astype(np.int8),
        "household": household,
    }
