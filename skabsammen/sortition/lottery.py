"""Lotteries over individual panels, and how a type-level lottery becomes one.

A type-level panel says how many volunteers of each type sit on it, not who. We turn it
into a small lottery over individual panels in which every volunteer of a type is chosen
equally often, so that each volunteer's probability is exactly E[x_t] / size_t:

* Per household class (see `instance`), with N households in a fixed order and X of
  them to be used (x_i of them for type i), an *option* is a rotation: the households at
  positions o, o+1, …, o+X-1 (mod N) are used, the first x_1 of them for type 1, the next
  x_2 for type 2, and so on; within a used household the member of the type is chosen
  by a second index l (member number l mod multiplicity). With o running over all N
  offsets and l over the lcm of the multiplicities, every household is used for type i
  in x_i of N offsets and every member of it equally often, so the options, taken with
  equal weight, give every volunteer of type i exactly the probability x_i / size_i.
  When a class has one type only, offsets o = j·X mod N for j < N / gcd(N, X) already
  tile the circle evenly, so fewer options are needed (one when X = 0 or X = N). A class
  of single-person households of one type (the common case without the household rule)
  is simply a type whose members take turns in blocks of X.
* Classes are combined by the *quantile coupling*: class c's options split [0, 1) into
  D_c equal parts; the union of all the split points cuts [0, 1) into intervals, and
  interval [a, b) gets weight b - a and, for each class, the option whose part contains
  a. Each class's options thus keep their equal weights, so the marginals stay exact,
  while the number of individual panels is only the number of distinct split points
  (at most 1 + Σ_c (D_c - 1)), not the product of the D_c.

The split points are exact fractions; only the final weights are floats.
"""

import math
import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .instance import HouseholdClass, Instance


@dataclass(frozen=True)
class Lottery:
    """A lottery over individual panels: `panels[i]` (sorted ids) has `weights[i]`."""

    panels: tuple[tuple[int, ...], ...]
    weights: tuple[float, ...]

    def probabilities(self, n: int) -> np.ndarray:
        """Return each of the n volunteers' probability of being on the drawn panel."""
        result = np.zeros(n)
        for panel, weight in zip(self.panels, self.weights, strict=True):
            result[list(panel)] += weight
        return result

    def draw(self, rng: random.Random) -> tuple[int, ...]:
        """Draw one panel with the given generator (one call to rng.random())."""
        target, total = rng.random(), 0.0
        for panel, weight in zip(self.panels, self.weights, strict=True):
            total += weight
            if target < total:
                return panel
        return self.panels[-1]

    def as_list(self) -> list[dict]:
        return [
            {"weight": w, "panel": list(p)} for p, w in zip(self.panels, self.weights, strict=True)
        ]


def from_weighted(panels: dict[tuple[int, ...], float]) -> Lottery:
    """Return the lottery with these panels, weights scaled to sum to one, in sorted order."""
    items = sorted((p, w) for p, w in panels.items() if w > 0)
    total = math.fsum(w for _, w in items)
    return Lottery(tuple(p for p, _ in items), tuple(w / total for _, w in items))


def individual_lottery(inst: Instance, panels: list[np.ndarray], weights: np.ndarray) -> Lottery:
    """Turn a type-level lottery into an individual one with the same type marginals."""
    merged: dict[tuple[int, ...], float] = {}
    for counts, weight in zip(panels, weights, strict=True):
        for panel, share in individual_panels(inst, counts):
            merged[panel] = merged.get(panel, 0.0) + float(weight) * share
    return from_weighted(merged)


def individual_panels(inst: Instance, counts: np.ndarray) -> list[tuple[tuple[int, ...], float]]:
    """Return the (panel, weight) pairs that realise one type-level panel (module docstring)."""
    fixed: list[int] = []
    varying: list[tuple[int, HouseholdClass, list[int]]] = []
    for cls in inst.classes:
        class_counts = [int(counts[t]) for t in cls.types]
        options = option_count(cls, class_counts)
        if options == 1:
            fixed.extend(class_option(cls, class_counts, 0))
        else:
            varying.append((options, cls, class_counts))
    points = sorted({Fraction(j, d) for d in {v[0] for v in varying} for j in range(d)})
    points = points or [Fraction(0)]
    result = []
    for start, end in zip(points, [*points[1:], Fraction(1)], strict=True):
        members = list(fixed)
        for options, cls, class_counts in varying:
            option = start.numerator * options // start.denominator
            members.extend(class_option(cls, class_counts, option))
        result.append((tuple(sorted(members)), float(end - start)))
    return result


def option_count(cls: HouseholdClass, counts: list[int]) -> int:
    """Return how many equally likely options class `cls` needs for these counts."""
    return _offset_count(cls, counts) * _member_cycle(cls, counts)


def class_option(cls: HouseholdClass, counts: list[int], option: int) -> list[int]:
    """Return the volunteers that option number `option` takes from class `cls`."""
    used = sum(counts)
    if used == 0:
        return []
    households = len(cls.households)
    cycle = _member_cycle(cls, counts)
    step = used if len(cls.types) == 1 else 1
    offset, member = (option // cycle) * step % households, option % cycle
    chosen, position = [], 0
    for i, count in enumerate(counts):
        for _ in range(count):
            house = cls.households[(offset + position) % households]
            chosen.append(house[i][member % cls.multiplicity[i]])
            position += 1
    return chosen


def _offset_count(cls: HouseholdClass, counts: list[int]) -> int:
    households, used = len(cls.households), sum(counts)
    if used == 0:
        return 1
    if len(cls.types) == 1:
        return households // math.gcd(households, used)
    return households


def _member_cycle(cls: HouseholdClass, counts: list[int]) -> int:
    return math.lcm(*(m for m, c in zip(cls.multiplicity, counts, strict=True) if c > 0), 1)
