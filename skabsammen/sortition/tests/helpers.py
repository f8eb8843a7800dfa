"""Shared checks for the sortition tests: quotas per panel, marginals, the example data."""

import re
from pathlib import Path

import numpy as np

from skabsammen.sortition.csvfiles import read_categories, read_respondents

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "sortition"


def example(name: str):
    """Return (respondents, quotas, k, paper's LEXIMIN minimum) of a shared example."""
    folder = DATA / name
    k = int(name.rsplit("_", 1)[1])
    return (
        read_respondents(folder / "respondents.csv"),
        read_categories(folder / "categories.csv"),
        k,
        paper_minimum(name),
    )


def paper_minimum(name: str) -> float:
    """Return the paper's exact LEXIMIN minimum probability for an instance."""
    text = (DATA / "reference_output" / f"{name}_statistics.txt").read_text(encoding="utf-8")
    match = re.search(r"LEXIMIN minimum probability \(exact\):\s*([\d.]+)%", text)
    return float(match.group(1)) / 100


def assert_panel_ok(panel, pool, quotas, k, household=None):
    """Assert that a panel of row numbers has k people and meets every quota."""
    assert len(panel) == k == len(set(panel))
    for quota in quotas:
        have = sum(pool[i][quota.category].strip() == quota.value for i in panel)
        assert quota.min <= have <= quota.max, (quota, have)
    if household:
        houses = [pool[i][household] for i in panel if pool[i][household]]
        assert len(houses) == len(set(houses))


def assert_lottery_ok(result, pool, quotas, k, household=None):
    """Assert a Result's lottery: weights, quotas in every panel, exact marginals."""
    weights = np.array([entry["weight"] for entry in result.lottery.as_list()])
    assert np.all(weights >= 0)
    assert abs(weights.sum() - 1) < 1e-9
    marginals = np.zeros(len(pool))
    for entry in result.lottery.as_list():
        assert_panel_ok(entry["panel"], pool, quotas, k, household)
        marginals[entry["panel"]] += entry["weight"]
    assert np.allclose(marginals, result.probabilities, atol=1e-6)
    assert abs(sum(result.probabilities) - k) < 1e-6
