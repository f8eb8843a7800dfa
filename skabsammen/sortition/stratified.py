"""Stratified random sample from a register extract (e.g. for personal invitations).

The strata are the combinations of the chosen attributes' values that occur. Stratum s
with N_s of the N people gets n·N_s/N places rounded by the largest-remainder (Hamilton)
method: everyone gets the whole part, and the places left over go to the strata with
the largest fractional parts (compared exactly, as integers n·N_s mod N; ties broken by
the seeded generator). Within a stratum the sample is uniform without replacement.

With the household rule at most one person per household is drawn: people are taken in
one random order of the whole register, each accepted if their stratum still has room
and nobody from their household is in the sample yet. Each household then has at most
one invitation, and a person in a large household has a correspondingly smaller chance
than one living alone, as with address-based sampling.

Everything is vectorised with numpy over integer codes, so 10,000 from 6,000,000 takes
seconds and well under a gigabyte. The generator is numpy's PCG64 seeded from SHA-256
of the seed; the numpy version is in the record, since numpy does not promise the same
stream across versions.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import SortitionError, named
from .record import normalise_seed, seed_integer, versions


@dataclass(frozen=True)
class Column:
    """A categorical column: integer codes per person and the label of each code."""

    codes: np.ndarray
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Stratum:
    """One combination of attribute values and its share of the sample."""

    values: tuple[str, ...]
    population: int
    exact: float  # n·N_s/N
    allocated: int


@dataclass(frozen=True)
class StratifiedSample:
    """The sampled row numbers (from 0, sorted), the allocation and the record."""

    rows: np.ndarray
    attributes: tuple[str, ...]
    strata: tuple[Stratum, ...]
    record: dict

    def as_json(self) -> dict:
        return {
            "rows": self.rows.tolist(),
            "attributes": list(self.attributes),
            "strata": [
                {
                    "values": list(s.values),
                    "population": s.population,
                    "exact": s.exact,
                    "allocated": s.allocated,
                }
                for s in self.strata
            ],
            "seed": self.record["seed"],
            "record": self.record,
        }


def encode(values: Sequence | np.ndarray) -> Column:
    """Return a Column for raw values (the labels sorted, so the codes are canonical)."""
    if isinstance(values, Column):
        return values
    labels, codes = np.unique(np.asarray(values), return_inverse=True)
    return Column(codes.astype(np.int64), tuple(str(label) for label in labels))


def stratified_sample(
    columns: Mapping[str, Column | Sequence | np.ndarray],
    attributes: Sequence[str],
    n: int,
    seed: int | str,
    household: str | None = None,
) -> StratifiedSample:
    """Draw n people stratified by `attributes`; see the module docstring."""
    seed = normalise_seed(seed)
    size = population_size(columns, attributes, household)
    if not 1 <= n <= size:
        raise SortitionError(f"Stikprøven skal have mellem 1 og {size} personer (fik {n}).")
    encoded = {a: encode(columns[a]) for a in attributes}
    rng = np.random.Generator(np.random.PCG64(seed_integer(seed, "stratified") % 2**128))
    strata, keys, counts = _strata(encoded, attributes, size)
    allocated = largest_remainder(counts, n, rng)
    houses = household_codes(columns[household]) if household else None
    rows = _draw(strata, counts, allocated, houses, rng)
    table = tuple(
        Stratum(
            values=tuple(encoded[a].labels[v] for a, v in zip(attributes, key, strict=True)),
            population=int(c),
            exact=n * int(c) / size,
            allocated=int(m),
        )
        for key, c, m in zip(keys, counts, allocated, strict=True)
    )
    record = {
        "seed": seed,
        "inputs_sha256": _digest(encoded, attributes, houses, n),
        "method": "stratified, largest remainder",
        "population": size,
        "n": n,
        "household_rule": household is not None,
        "versions": versions(),
    }
    return StratifiedSample(np.sort(rows), tuple(attributes), table, record)


def population_size(columns: Mapping, attributes: Sequence[str], household: str | None) -> int:
    """Return the number of people, refusing missing columns and columns of unequal length."""
    used = [*attributes, *([household] if household else [])]
    if not used:
        raise SortitionError("Angiv mindst én kolonne at stratificere efter (fx bydel).")
    missing = [name for name in used if name not in columns]
    if missing:
        raise SortitionError(f"Registret mangler {named('kolonnen', 'kolonnerne', missing)}.")
    sizes = {name: len(getattr(columns[name], "codes", columns[name])) for name in used}
    if len(set(sizes.values())) > 1:
        raise SortitionError(
            "Registrets kolonner har ikke lige mange rækker: "
            + ", ".join(f"{name} {size}" for name, size in sizes.items())
            + "."
        )
    return sizes[used[0]]


def household_codes(values) -> np.ndarray:
    """Return a household code per person; an empty cell is a household of one, as in
    `select`, not one big household of everyone without an address."""
    column = encode(values)
    if "" not in column.labels:
        return column.codes
    alone = column.codes == column.labels.index("")
    codes = column.codes.copy()
    codes[alone] = len(column.labels) + np.arange(int(alone.sum()))
    return codes


def _strata(encoded: dict[str, Column], attributes, size):
    """Return each person's stratum number, the strata's value codes and their sizes."""
    combined = np.zeros(size, dtype=np.int64)
    for a in attributes:
        combined = combined * len(encoded[a].labels) + encoded[a].codes
    present, strata, counts = np.unique(combined, return_inverse=True, return_counts=True)
    keys = []
    for code in present.tolist():
        key = []
        for a in reversed(attributes):
            code, value = divmod(code, len(encoded[a].labels))
            key.append(value)
        keys.append(tuple(reversed(key)))
    return strata.astype(np.int64), keys, counts


def largest_remainder(counts: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Return n places split over strata of these sizes by the largest-remainder method."""
    total = int(counts.sum())
    exact = counts.astype(object) * n  # Python integers: exact for any register size
    whole = np.array([int(e // total) for e in exact], dtype=np.int64)
    remainder = np.array([int(e % total) for e in exact], dtype=np.int64)
    left = n - int(whole.sum())
    order = np.lexsort((rng.random(len(counts)), -remainder))
    whole[order[:left]] += 1
    return whole


def _draw(strata, counts, allocated, houses, rng) -> np.ndarray:
    """Return the sampled row numbers: one random order, first come first served."""
    permutation = rng.permutation(len(strata))
    position = np.argsort(strata[permutation], kind="stable")
    ordered = permutation[position]  # grouped by stratum, random order within
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    if houses is None:
        picks = [ordered[s : s + m] for s, m in zip(starts, allocated, strict=True)]
        return np.concatenate(picks)
    return _draw_by_household(ordered, position, starts, counts, allocated, houses)


def _draw_by_household(ordered, rank, starts, counts, allocated, houses) -> np.ndarray:
    """Scan people in the global random order (rank), at most one per household.

    Only each stratum's first `depth` people in that order can be needed as long as the
    stratum fills before its candidates run out; if one does not, the depth is doubled.
    """
    depth = np.minimum(counts, 2 * allocated + 8)
    while True:
        slots = np.concatenate([np.arange(s, s + d) for s, d in zip(starts, depth, strict=True)])
        stratum_of = np.repeat(np.arange(len(counts)), depth)
        order = np.argsort(rank[slots], kind="stable")
        people = ordered[slots[order]]
        taken, used, chosen = np.zeros(len(counts), dtype=np.int64), set(), []
        for person, house, stratum in zip(
            people.tolist(), houses[people].tolist(), stratum_of[order].tolist(), strict=True
        ):
            if taken[stratum] < allocated[stratum] and house not in used:
                used.add(house)
                taken[stratum] += 1
                chosen.append(person)
        short = taken < allocated
        if not short.any():
            return np.array(chosen, dtype=np.int64)
        if np.all(depth[short] == counts[short]):
            raise SortitionError(
                "Der er ikke husstande nok til at fylde alle strata med højst én person pr. "
                f"husstand ({int(short.sum())} strata mangler personer)."
            )
        depth = np.where(short, np.minimum(counts, 2 * depth), depth)


def _digest(encoded, attributes, houses, n) -> str:
    """Return the SHA-256 of the codes and labels the sample depends on."""
    hasher = hashlib.sha256(f"n={n};attributes={list(attributes)}".encode())
    for a in attributes:
        hasher.update(repr(encoded[a].labels).encode())
        hasher.update(np.ascontiguousarray(encoded[a].codes, dtype=np.int64).tobytes())
    if houses is not None:
        hasher.update(np.ascontiguousarray(houses, dtype=np.int64).tobytes())
    return hasher.hexdigest()
