"""LEGACY: the greedy selection practitioners used before LEXIMIN (the baseline in
Flanigan et al., 2021).

One volunteer at a time: among the feature values whose minimum is not yet reached,
take the one that is hardest to fill, i.e. with the largest ratio of places still
needed to volunteers still available, and pick a volunteer with that value uniformly at
random. When every minimum is reached, pick any available volunteer uniformly. A value
that reaches its maximum makes its remaining volunteers unavailable, and so does a chosen
volunteer's household under the household rule. A run that gets stuck, or ends with a
minimum not reached, is thrown away and the draw starts again.

Volunteers of one type are interchangeable here too, so a run works on type counts and
then picks the individuals uniformly within each type (and household class).
"""

import random
from dataclasses import dataclass

from .errors import SortitionError
from .instance import Instance
from .lottery import Lottery, from_weighted

MAX_ATTEMPTS = 10_000


@dataclass
class _State:
    """The volunteers still available and the places filled, during one run."""

    houses: list[int]  # households left per class
    blocked: list[bool]  # per type: a value of it reached its maximum
    available: list[int]  # per quota: volunteers still available with the value
    selected: list[int]  # per quota: panel members with the value
    counts: list[int]  # per type: panel members of the type


class Legacy:
    """Run LEGACY on one instance; `draw` returns one panel of volunteer ids."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.type_quotas = [[] for _ in range(inst.num_types)]
        for q, types in enumerate(inst.quota_types):
            for t in types:
                self.type_quotas[t].append(q)
        self.multiplicity = [0] * inst.num_types
        for cls in inst.classes:
            for t, m in zip(cls.types, cls.multiplicity, strict=True):
                self.multiplicity[t] = m
        self.type_class = inst.type_class.tolist()
        self.quota_types = [types.tolist() for types in inst.quota_types]
        self.all_types = list(range(inst.num_types))

    def draw(self, rng: random.Random) -> tuple[int, ...]:
        """Return one LEGACY panel; retry failed runs up to MAX_ATTEMPTS times."""
        for _ in range(MAX_ATTEMPTS):
            counts = self._run(rng)
            if counts is not None:
                return self._individuals(counts, rng)
        raise SortitionError(
            f"LEGACY fandt intet panel, der opfylder kvoterne, på {MAX_ATTEMPTS} forsøg. "
            "Kvoterne kan opfyldes, men den grådige metode rammer dem for sjældent; "
            "brug LEXIMIN eller lemp kvoterne."
        )

    def _fresh(self) -> _State:
        inst = self.inst
        return _State(
            houses=[len(cls.households) for cls in inst.classes],
            blocked=[False] * inst.num_types,
            available=[int(inst.type_size[types].sum()) for types in inst.quota_types],
            selected=[0] * len(inst.quotas),
            counts=[0] * inst.num_types,
        )

    def _available(self, state: _State, t: int) -> int:
        if state.blocked[t]:
            return 0
        return state.houses[self.type_class[t]] * self.multiplicity[t]

    def _run(self, rng: random.Random) -> list[int] | None:
        """Return the type counts of one run, or None if it failed."""
        state, quotas = self._fresh(), self.inst.quotas
        for _ in range(self.inst.k):
            needy = [q for q, quota in enumerate(quotas) if state.selected[q] < quota.min]
            if needy:
                if any(state.available[q] == 0 for q in needy):
                    return None
                ratio = {q: (quotas[q].min - state.selected[q]) / state.available[q] for q in needy}
                top = max(ratio.values())
                hardest = rng.choice([q for q in needy if ratio[q] == top])
                candidates = self.quota_types[hardest]
            else:
                candidates = self.all_types
            t = self._pick(state, candidates, rng)
            if t is None:
                return None
            self._take(state, t)
        ok = all(state.selected[q] >= quota.min for q, quota in enumerate(quotas))
        return state.counts if ok else None

    def _pick(self, state: _State, candidates: list[int], rng: random.Random) -> int | None:
        """Pick a type with probability proportional to its available volunteers."""
        weights = [self._available(state, t) for t in candidates]
        total = sum(weights)
        if total == 0:
            return None
        target = rng.randrange(total)
        for t, weight in zip(candidates, weights, strict=True):
            if target < weight:
                return t
            target -= weight
        raise AssertionError("unreachable")

    def _take(self, state: _State, t: int) -> None:
        """Put a volunteer of type t on the panel and update what is available."""
        cls = self.inst.classes[self.type_class[t]]
        for other in cls.types:  # the household leaves the pool
            if not state.blocked[other]:
                for q in self.type_quotas[other]:
                    state.available[q] -= self.multiplicity[other]
        state.houses[self.type_class[t]] -= 1
        state.counts[t] += 1
        for q in self.type_quotas[t]:
            state.selected[q] += 1
            if state.selected[q] == self.inst.quotas[q].max:
                for full in self.quota_types[q]:
                    self._block(state, full)

    def _block(self, state: _State, t: int) -> None:
        if not state.blocked[t]:
            for q in self.type_quotas[t]:
                state.available[q] -= self._available(state, t)
            state.blocked[t] = True

    def _individuals(self, counts: list[int], rng: random.Random) -> tuple[int, ...]:
        """Choose who: households uniformly in each class, a member uniformly in each."""
        chosen = []
        for cls in self.inst.classes:
            wanted = [counts[t] for t in cls.types]
            houses = rng.sample(range(len(cls.households)), sum(wanted))
            for i, number in enumerate(wanted):
                for h in houses[:number]:
                    chosen.append(rng.choice(cls.households[h][i]))
                houses = houses[number:]
        return tuple(sorted(chosen))


def legacy_lottery(inst: Instance, rng: random.Random, draws: int) -> Lottery:
    """Return the empirical lottery of `draws` LEGACY runs, each with weight 1/draws."""
    legacy = Legacy(inst)
    tally: dict[tuple[int, ...], float] = {}
    for _ in range(draws):
        panel = legacy.draw(rng)
        tally[panel] = tally.get(panel, 0.0) + 1.0
    return from_weighted(tally)
