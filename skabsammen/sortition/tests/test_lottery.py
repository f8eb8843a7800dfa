"""Type-level panels become individual panels with exactly equal chances per type."""

import numpy as np

from skabsammen.sortition import Quota
from skabsammen.sortition.instance import build_instance
from skabsammen.sortition.lottery import individual_lottery, individual_panels


def household_instance():
    pool, houses = [], []
    layout = [("a", "a"), ("a", "b"), ("a", "b"), ("a", "b"), ("b",), ("b",), ("a", "a"), ("a",)]
    for h, members in enumerate(layout):
        for value in members:
            pool.append({"x": value, "hus": str(h)})
            houses.append(h)
    quotas = [Quota("x", "a", 0, 5), Quota("x", "b", 0, 5)]
    return build_instance(pool, quotas, 4, "hus"), houses


def test_marginals_are_exact_for_every_type_level_panel():
    inst, houses = household_instance()
    rng = np.random.default_rng(0)
    for _ in range(50):
        counts = np.zeros(inst.num_types, dtype=np.int64)
        for cls in inst.classes:  # any split of at most N households over the types
            room = len(cls.households)
            for t in cls.types:
                counts[t] = rng.integers(0, room + 1)
                room -= counts[t]
        panels = individual_panels(inst, counts)
        assert abs(sum(w for _, w in panels) - 1) < 1e-12
        marginal = np.zeros(inst.n)
        for panel, weight in panels:
            assert len({houses[p] for p in panel}) == len(panel)  # one per household
            got = np.bincount(inst.person_type[list(panel)], minlength=inst.num_types)
            assert np.array_equal(got, counts)
            marginal[list(panel)] += weight
        expected = counts[inst.person_type] / inst.type_size[inst.person_type]
        assert np.allclose(marginal, expected, atol=1e-12)


def test_rotation_keeps_the_number_of_panels_small():
    pool = [{"x": "a"} for _ in range(1000)] + [{"x": "b"} for _ in range(999)]
    inst = build_instance(pool, [Quota("x", "a", 0, 200), Quota("x", "b", 0, 200)], 200)
    counts = np.array([100, 100])
    panels = individual_panels(inst, counts)
    # type a: 1000/gcd(1000,100) = 10 options, type b: 999 options; union of split points
    assert len(panels) == len({j / 10 for j in range(10)} | {j / 999 for j in range(999)})
    lottery = individual_lottery(inst, [counts], np.array([1.0]))
    assert np.allclose(lottery.probabilities(inst.n), [0.1] * 1000 + [100 / 999] * 999)
