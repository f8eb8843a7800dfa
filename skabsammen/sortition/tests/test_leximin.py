"""LEXIMIN: the paper's optimum on the shared examples, and an independent brute-force
check on tiny pools, for both of the solver's routes."""

import random

import numpy as np
import pytest

from skabsammen.sortition import Quota, select
from skabsammen.sortition.errors import SortitionError
from skabsammen.sortition.feasibility import ensure_feasible
from skabsammen.sortition.instance import build_instance
from skabsammen.sortition.leximin import by_levels, covering_panels, leximin
from skabsammen.sortition.lottery import individual_lottery
from skabsammen.sortition.pricing import PanelProgram

from .bruteforce import leximin_by_enumeration
from .helpers import assert_lottery_ok, example


@pytest.mark.parametrize("name", ["example_small_20", "example_large_200"])
def test_examples_reach_the_papers_optimum(name):
    pool, quotas, k, paper = example(name)
    result = select(pool, quotas, k, "leximin", seed=2026)
    assert abs(result.min_probability - paper) <= 0.001
    assert_lottery_ok(result, pool, quotas, k)
    assert result.panel in [entry["panel"] for entry in result.lottery.as_list()]


def tiny_instance(seed: int):
    """Return a random tiny feasible pool (5–10 people, 1–3 categories, maybe households)."""
    rng = random.Random(seed)
    while True:
        n = rng.randint(5, 10)
        k = rng.randint(2, min(5, n - 1))
        values = [[f"v{j}" for j in range(rng.randint(2, 3))] for _ in range(rng.randint(1, 3))]
        people = [{f"c{c}": rng.choice(v) for c, v in enumerate(values)} for _ in range(n)]
        houses = [str(rng.randint(0, n - 2)) for _ in range(n)] if rng.random() < 0.35 else None
        quotas = []
        for c, names in enumerate(values):
            for value in names:
                low = rng.randint(0, 1)
                quotas.append(Quota(f"c{c}", value, low, rng.randint(low, k)))
        if houses:
            for person, house in zip(people, houses, strict=True):
                person["hus"] = house
        try:
            ensure_feasible(build_instance(people, quotas, k, "hus" if houses else None))
        except SortitionError:
            continue
        return people, quotas, k, houses


# Found by search: here the relaxation's leximin point is no lottery over panels, so
# LEXIMIN must go level by level.
LEVELS_POOL = [
    ("v1", "v1", "v1"),
    ("v1", "v0", "v1"),
    ("v1", "v1", "v0"),
    ("v0", "v1", "v1"),
    ("v1", "v1", "v0"),
    ("v0", "v0", "v0"),
    ("v0", "v1", "v1"),
]
LEVELS_QUOTAS = [
    Quota("c0", "v0", 2, 2),
    Quota("c0", "v1", 0, 3),
    Quota("c1", "v0", 0, 2),
    Quota("c1", "v1", 1, 2),
    Quota("c2", "v0", 0, 1),
    Quota("c2", "v1", 0, 2),
]


def both_routes(pool, quotas, k, household):
    """Return the individual probabilities by `leximin` and by the level route alone."""
    inst = build_instance(pool, quotas, k, household)
    ensure_feasible(inst)
    chosen = leximin(inst)
    pricing = PanelProgram(inst)
    forced = by_levels(inst, pricing, covering_panels(pricing, inst.num_types), [0])
    return [
        individual_lottery(inst, lot.panels, lot.weights).probabilities(inst.n)
        for lot in (chosen, forced)
    ], chosen.route


def reference(pool, quotas, k, houses):
    features = [{q.category: person[q.category] for q in quotas} for person in pool]
    return leximin_by_enumeration(
        features, [(q.category, q.value, q.min, q.max) for q in quotas], k, houses
    )


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_on_tiny_pools(seed):
    pool, quotas, k, houses = tiny_instance(seed)
    results, _ = both_routes(pool, quotas, k, "hus" if houses else None)
    expected = reference(pool, quotas, k, houses)
    for probabilities in results:
        assert np.allclose(probabilities, expected, atol=1e-5)


def test_level_route_when_the_relaxation_is_out_of_reach():
    pool = [{f"c{c}": v for c, v in enumerate(person)} for person in LEVELS_POOL]
    results, route = both_routes(pool, LEVELS_QUOTAS, 3, None)
    assert route == "levels"
    expected = reference(pool, LEVELS_QUOTAS, 3, None)
    for probabilities in results:
        assert np.allclose(probabilities, expected, atol=1e-5)


def test_same_type_same_probability_and_exact_marginals_with_households():
    pool = [
        {"køn": g, "alder": a, "hus": h}
        for g, a, h in [
            ("k", "ung", "1"),
            ("m", "ung", "1"),
            ("k", "ung", "2"),
            ("m", "ung", "2"),
            ("k", "ung", "3"),
            ("m", "ung", "3"),
            ("k", "gammel", "4"),
            ("m", "gammel", ""),
            ("k", "gammel", ""),
            ("m", "gammel", "5"),
            ("m", "gammel", "5"),
            ("k", "ung", ""),
        ]
    ]
    quotas = [
        Quota("køn", "k", 2, 3),
        Quota("køn", "m", 2, 3),
        Quota("alder", "ung", 2, 3),
        Quota("alder", "gammel", 1, 3),
    ]
    result = select(pool, quotas, 5, "leximin", seed="husstand", household="hus")
    assert_lottery_ok(result, pool, quotas, 5, household="hus")
    expected = reference(pool, quotas, 5, [p["hus"] or f"#{i}" for i, p in enumerate(pool)])
    assert np.allclose(result.probabilities, expected, atol=1e-5)
    # the three "k, ung" members of two-person households are alike
    assert len({round(result.probabilities[i], 9) for i in (0, 2, 4)}) == 1
