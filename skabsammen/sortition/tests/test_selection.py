"""select(): bad input, infeasible quotas, LEGACY, reproducibility and the record."""

import re
import threading

import highspy
import numpy as np
import pytest

from skabsammen.sortition import Quota, SortitionError, select
from skabsammen.sortition.instance import build_instance
from skabsammen.sortition.legacy import Legacy
from skabsammen.sortition.record import generator
from skabsammen.sortition.synthetic import synthetic_pool

from .helpers import assert_lottery_ok, assert_panel_ok

POOL = [
    {"køn": g, "alder": a}
    for g, a in [
        ("k", "ung"),
        ("k", "ung"),
        ("m", "ung"),
        ("m", "gammel"),
        ("k", "gammel"),
        ("m", "gammel"),
    ]
]
QUOTAS = [
    Quota("køn", "k", 1, 2),
    Quota("køn", "m", 1, 2),
    Quota("alder", "ung", 1, 2),
    Quota("alder", "gammel", 1, 2),
]


def test_infeasible_quotas_name_the_conflict_and_the_smallest_relaxation():
    quotas = [*QUOTAS[:2], Quota("alder", "ung", 3, 3), Quota("alder", "gammel", 1, 1)]
    with pytest.raises(SortitionError) as error:
        select(POOL, quotas, 3, "leximin", seed=1)
    message = str(error.value)
    assert "kan ikke opfyldes" in message
    assert "Minimumskvoterne for «alder» giver tilsammen 4, mere end k=3" in message
    assert "- alder=ung: mindst 3\n- alder=gammel: mindst 1\n" in message
    assert "køn=" not in message  # the gender quotas take no part in the conflict
    assert "(i alt 1 plads)" in message  # one person's worth of relaxation suffices
    assert re.search(
        r"alder=(ung: sænk minimum fra 3 til 2|gammel: sænk minimum fra 1 til 0)", message
    )


def test_conflict_across_categories_is_named_in_full():
    # only one woman is old, so three women cannot sit on a panel without young people
    quotas = [
        Quota("køn", "k", 3, 3),
        Quota("køn", "m", 0, 3),
        Quota("alder", "ung", 0, 0),
        Quota("alder", "gammel", 0, 3),
    ]
    with pytest.raises(SortitionError) as error:
        select(POOL, quotas, 3, "leximin", seed=1)
    message = str(error.value)
    assert "- køn=k: mindst 3\n- alder=ung: højst 0\n" in message
    assert "(i alt 2 pladser)" in message


def test_quota_needing_more_volunteers_than_exist():
    quotas = [*QUOTAS[:3], Quota("alder", "gammel", 4, 4)]
    with pytest.raises(SortitionError, match="alder=gammel kræver mindst 4, men kun 3"):
        select(POOL, quotas, 4, "leximin", seed=1)


@pytest.mark.parametrize(
    ("pool", "quotas", "k", "household", "words"),
    [
        (POOL, QUOTAS, 7, None, "større end puljen"),
        (POOL, QUOTAS, 0, None, "mindst 1"),
        (POOL, [*QUOTAS, Quota("bydel", "Nord", 0, 2)], 3, None, "«bydel»"),
        (POOL, QUOTAS[:3], 3, None, "alder=gammel"),
        (POOL, [*QUOTAS, QUOTAS[0]], 3, None, "mere end én gang"),
        (POOL, [Quota("køn", "k", 3, 2)], 3, None, "ugyldig"),
        ([dict(p, hus="1") for p in POOL], QUOTAS, 2, "hus", "husstande"),
        (POOL, QUOTAS, 3, "hus", "Husstandskolonnen"),
    ],
)
def test_bad_input_gives_a_danish_message(pool, quotas, k, household, words):
    with pytest.raises(SortitionError, match=words):
        select(pool, quotas, k, "leximin", seed=1, household=household)


def test_unknown_algorithm_is_refused_not_replaced():
    with pytest.raises(SortitionError, match="Ukendt algoritme"):
        select(POOL, QUOTAS, 3, "nash", seed=1)


def test_legacy_needs_at_least_one_run():
    with pytest.raises(SortitionError, match="LEGACY-kørsler skal være mindst 1"):
        select(POOL, QUOTAS, 3, "legacy", seed=1, legacy_draws=0)


def test_works_after_another_highs_user_started_more_threads():
    """HiGHS keeps one scheduler per thread and refuses to run single-threaded on one
    that another caller started with several threads."""
    results = []

    def other_user_then_select():
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("threads", 2)
        solver.addVars(1, np.zeros(1), np.ones(1))
        solver.changeColsIntegrality(1, np.array([0], np.int32), np.ones(1, np.uint8))
        solver.run()
        results.append(select(POOL, QUOTAS, 3, "leximin", seed=7))

    thread = threading.Thread(target=other_user_then_select)
    thread.start()
    thread.join()
    assert results and results[0].panel == select(POOL, QUOTAS, 3, "leximin", seed=7).panel


def test_same_seed_same_panel_and_record():
    first = select(POOL, QUOTAS, 3, "leximin", seed="lodtrækning 2026")
    again = select(POOL, QUOTAS, 3, "leximin", seed="lodtrækning 2026")
    assert first.panel == again.panel
    assert first.record == again.record
    assert first.record["inputs_sha256"] and first.record["versions"]["highspy"]
    assert select(POOL, QUOTAS, 3, "leximin", seed="42").panel == (
        select(POOL, QUOTAS, 3, "leximin", seed=42).panel
    )
    panels = {tuple(select(POOL, QUOTAS, 3, "leximin", seed=s).panel) for s in range(30)}
    assert len(panels) > 1  # the seed matters
    changed = [dict(p) for p in POOL]
    changed[0]["køn"] = "m"
    assert (
        select(changed, QUOTAS, 3, "leximin", seed=1).record["inputs_sha256"]
        != (first.record["inputs_sha256"])
    )


def test_leximin_lottery_is_checkable():
    result = select(POOL, QUOTAS, 3, "leximin", seed=7)
    assert_lottery_ok(result, POOL, QUOTAS, 3)


def test_legacy_never_breaks_a_quota():
    pool, quotas = synthetic_pool(150, 15, seed=3, categories=4)
    inst = build_instance(pool, quotas, 15)
    legacy, rng = Legacy(inst), generator(5, "test")
    for _ in range(300):
        assert_panel_ok(list(legacy.draw(rng)), pool, quotas, 15)


def test_legacy_result_is_an_empirical_lottery_and_reproducible():
    result = select(POOL, QUOTAS, 3, "legacy", seed=3, legacy_draws=200)
    assert_lottery_ok(result, POOL, QUOTAS, 3)
    assert result.record["legacy_draws"] == 200
    assert select(POOL, QUOTAS, 3, "legacy", seed=3, legacy_draws=200).panel == result.panel


def test_legacy_with_households_keeps_one_per_household():
    pool = [dict(p, hus=str(i // 2)) for i, p in enumerate(POOL * 2)]
    result = select(pool, QUOTAS, 3, "legacy", seed=3, household="hus", legacy_draws=200)
    assert_lottery_ok(result, pool, QUOTAS, 3, household="hus")
