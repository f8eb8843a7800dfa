"""Select a panel from a pool of volunteers: LEXIMIN or LEGACY, then one seeded draw."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import SortitionError
from .feasibility import ensure_feasible
from .instance import Instance, Quota, build_instance
from .legacy import legacy_lottery
from .leximin import leximin
from .lottery import Lottery, individual_lottery
from .record import digest, generator, normalise_seed, versions

ALGORITHMS = ("leximin", "legacy")
LEGACY_DRAWS = 1_000


@dataclass(frozen=True)
class Result:
    """A drawn panel, the lottery it was drawn from, and the record of the draw."""

    panel: list[int]
    probabilities: list[float]
    lottery: Lottery
    algorithm: str
    seed: int | str
    record: dict

    @property
    def min_probability(self) -> float:
        return min(self.probabilities)

    def as_json(self) -> dict:
        """Return the result in the command line's JSON shape."""
        return {
            "panel": self.panel,
            "probabilities": self.probabilities,
            "min_probability": self.min_probability,
            "distribution": self.lottery.as_list(),
            "algorithm": self.algorithm,
            "seed": self.seed,
            "record": self.record,
        }


def select(
    pool: Sequence[Mapping[str, str]],
    quotas: Sequence[Quota],
    k: int,
    algorithm: str,
    seed: int | str,
    household: str | None = None,
    legacy_draws: int = LEGACY_DRAWS,
) -> Result:
    """Compute the lottery with `algorithm` and draw one panel from it with `seed`.

    `pool` holds one mapping per volunteer (row number = id, from 0) with a value for
    every quota's category, and the household key under `household` if the rule applies.
    LEXIMIN's lottery is exact; LEGACY's is the empirical one of `legacy_draws` runs, so
    its probabilities are estimates. Infeasible quotas raise a SortitionError that says
    which quotas conflict and how little to relax them; nothing falls back to anything.
    """
    if algorithm not in ALGORITHMS:
        raise SortitionError(f"Ukendt algoritme «{algorithm}»: vælg leximin eller legacy.")
    if algorithm == "legacy" and legacy_draws < 1:
        raise SortitionError(f"Antallet af LEGACY-kørsler skal være mindst 1 (fik {legacy_draws}).")
    seed = normalise_seed(seed)
    inst = build_instance(pool, quotas, k, household)
    ensure_feasible(inst)
    if algorithm == "leximin":
        type_lottery = leximin(inst)
        lottery = individual_lottery(inst, type_lottery.panels, type_lottery.weights)
    else:
        lottery = legacy_lottery(inst, generator(seed, "legacy"), legacy_draws)
    panel = lottery.draw(generator(seed, "draw"))
    return Result(
        panel=list(panel),
        probabilities=lottery.probabilities(inst.n).tolist(),
        lottery=lottery,
        algorithm=algorithm,
        seed=seed,
        record=draw_record(pool, inst, household, algorithm, seed, legacy_draws),
    )


def canonical_inputs(pool, inst: Instance, household: str | None) -> dict:
    """Return the inputs that determine the draw, in a canonical form for hashing.

    Only the columns used count (quota categories and the household column), so the
    hash can be checked against anonymised inputs.
    """
    categories = list(dict.fromkeys(q.category for q in inst.quotas))
    columns = categories + ([household] if household else [])
    return {
        "quotas": [[q.category, q.value, q.min, q.max] for q in inst.quotas],
        "k": inst.k,
        "household": household,
        "columns": columns,
        "pool": [[(row.get(c) or "").strip() for c in columns] for row in pool],
    }


def draw_record(pool, inst: Instance, household, algorithm: str, seed, legacy_draws) -> dict:
    """Return the audit record: seed, inputs' SHA-256, algorithm and versions."""
    record = {
        "seed": seed,
        "inputs_sha256": digest(canonical_inputs(pool, inst, household)),
        "algorithm": algorithm,
        "pool_size": inst.n,
        "k": inst.k,
        "household_rule": household is not None,
        "types": inst.num_types,
        "versions": versions(),
    }
    if algorithm == "legacy":
        record["legacy_draws"] = legacy_draws
    return record
