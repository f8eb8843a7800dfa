"""Stratified samples: largest-remainder allocation, proportions, households, seed."""

import numpy as np
import pytest

from skabsammen.sortition import SortitionError, stratified_sample
from skabsammen.sortition.stratified import largest_remainder
from skabsammen.sortition.synthetic import synthetic_population


def test_largest_remainder_by_hand():
    rng = np.random.default_rng(0)
    # 10 places over 60/25/15 people: exact 6.0, 2.5, 1.5 -> 6, 2, 1 and one to a tie
    allocated = largest_remainder(np.array([60, 25, 15]), 10, rng)
    assert allocated[0] == 6 and sorted(allocated[1:]) == [2, 2]
    # 7 over 50/30/20: exact 3.5, 2.1, 1.4 -> 3, 2, 1 and the extra to the largest remainder
    assert largest_remainder(np.array([50, 30, 20]), 7, rng).tolist() == [4, 2, 1]


def test_sample_follows_the_population():
    population = {
        "bydel": ["Nord"] * 600 + ["Syd"] * 300 + ["Øst"] * 100,
        "køn": (["k", "m"] * 500),
    }
    sample = stratified_sample(population, ["bydel", "køn"], 50, seed=1)
    assert len(sample.rows) == 50 == len(set(sample.rows.tolist()))
    chosen = [population["bydel"][i] for i in sample.rows]
    # strata are bydel × køn: 15, 15, 7.5, 7.5, 2.5, 2.5 -> two of the .5s round up
    assert chosen.count("Nord") == 30
    assert chosen.count("Syd") + chosen.count("Øst") == 20
    assert 14 <= chosen.count("Syd") <= 16
    for stratum in sample.strata:
        assert stratum.allocated in (int(stratum.exact), int(stratum.exact) + 1)
        drawn = sum(
            (population["bydel"][i], population["køn"][i]) == stratum.values for i in sample.rows
        )
        assert drawn == stratum.allocated


def test_one_per_household_and_reproducible():
    population = synthetic_population(20_000, seed=4, districts=8)
    attributes = ["district", "age_band", "gender"]
    first = stratified_sample(population, attributes, 500, seed="invitation", household="household")
    houses = population["household"][first.rows]
    assert len(set(houses.tolist())) == 500
    again = stratified_sample(population, attributes, 500, seed="invitation", household="household")
    assert np.array_equal(first.rows, again.rows)
    assert first.record["inputs_sha256"] == again.record["inputs_sha256"]
    other = stratified_sample(population, attributes, 500, seed="andet", household="household")
    assert not np.array_equal(first.rows, other.rows)


def test_within_a_stratum_everyone_has_the_same_chance():
    population = {"g": ["a"] * 10 + ["b"] * 10}
    hits = np.zeros(20)
    for seed in range(2000):
        hits[stratified_sample(population, ["g"], 4, seed=seed).rows] += 1
    assert np.allclose(hits / 2000, 0.2, atol=0.03)


@pytest.mark.parametrize(
    ("columns", "n", "attributes", "household", "words"),
    [
        ({"g": ["a"] * 20}, 0, ["g"], None, "mellem 1 og 20"),
        ({"g": ["a"] * 20}, 21, ["g"], None, "mellem 1 og 20"),
        ({"g": ["a"] * 20}, 5, ["bydel"], None, "mangler kolonnen «bydel»"),
        ({"g": ["a"] * 20}, 5, [], None, "mindst én kolonne"),
        ({"g": ["a"] * 20, "hus": ["1"] * 19}, 5, ["g"], "hus", "ikke lige mange rækker"),
        ({"g": ["a"] * 10 + ["b"] * 10, "hus": ["1"] * 20}, 2, ["g"], "hus", "husstande nok"),
    ],
)
def test_bad_requests(columns, n, attributes, household, words):
    with pytest.raises(SortitionError, match=words):
        stratified_sample(columns, attributes, n, seed=1, household=household)


def test_an_empty_household_cell_is_a_household_of_one():
    population = {"g": ["a"] * 6, "hus": ["", "", "", "", "1", "1"]}
    sample = stratified_sample(population, ["g"], 5, seed=1, household="hus")
    assert sorted(sample.rows.tolist())[:4] == [0, 1, 2, 3]
