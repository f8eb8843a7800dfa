"""The ranking's core, without a database: scores, bonuses, picking the best, reasons."""

import numpy as np

from skabsammen.bridges import ranking

DIM = 384


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def near(vector, noise, seed):
    mixed = vector + noise * unit(1000 + seed)
    return mixed / np.linalg.norm(mixed)


AREAS = np.stack([unit(500 + i) for i in range(36)])
ZERO = np.zeros(DIM, dtype=np.float32)


def candidates(vectors, topics=None, districts=None, **kwargs):
    raw = np.stack(vectors).astype(np.float32)
    n = len(vectors)
    return ranking.Candidates.build(
        list(range(1, n + 1)),
        ranking.project(raw, np.zeros(DIM, np.float32), AREAS),
        topics or [[] for _ in range(n)],
        districts or [[] for _ in range(n)],
        n_topics=10,
        n_districts=10,
        **kwargs,
    )


def query(vector, topics=(), district=None):
    space = None if vector is None else ranking.project(vector, np.zeros(DIM), AREAS)[0]
    return ranking.Query(space=space, topics=tuple(topics), district=district)


def order(parts, mask=None, top=10):
    mask = np.ones(len(parts.total), bool) if mask is None else mask
    return [int(r) for r in ranking.best(parts.total, mask, top)]


def test_the_projection_keeps_missing_vectors_empty_and_others_unit():
    space = ranking.project(np.stack([unit(1), ZERO]), np.zeros(DIM), AREAS)
    assert np.isclose(np.linalg.norm(space[0]), 1) and not space[1].any()


def test_scores_lie_between_0_and_1_and_a_text_scores_1_against_itself():
    base = unit(1)
    found = candidates([base, unit(2), ZERO], topics=[[1], [1], [1]], districts=[[2], [2], [2]])
    parts = ranking.score(query(base, topics=[1], district=2), found)
    assert np.all(parts.total >= 0) and np.all(parts.total <= 1)
    assert np.isclose(parts.total[0], 1, atol=1e-5)


def test_a_shared_topic_ranks_an_equally_similar_text_first():
    base = unit(1)
    other = near(base, 0.6, 1)
    found = candidates([other, other], topics=[[], [3]])
    parts = ranking.score(query(base, topics=[3, 4]), found)
    assert order(parts) == [1, 0]
    assert np.isclose(parts.total[1] - parts.total[0], ranking.TOPIC_WEIGHT / 2)


def test_the_same_district_ranks_an_equally_similar_idea_first():
    base = unit(1)
    other = near(base, 0.6, 1)
    found = candidates([other, other], districts=[[5], [2]])
    assert order(ranking.score(query(base, district=2), found)) == [1, 0]


def test_an_organisation_in_the_district_before_one_for_the_whole_municipality_before_others():
    base = unit(1)
    other = near(base, 0.6, 1)
    found = candidates([other, other, other], districts=[[5], [], [2]], everywhere_when_none=True)
    parts = ranking.score(query(base, district=2), found)
    assert order(parts) == [2, 1, 0]
    assert np.isclose(parts.district[1], ranking.MUNICIPALITY_WIDE)


def test_a_near_duplicate_beats_an_unrelated_text_with_topic_and_district():
    base = unit(1)
    found = candidates([unit(7), near(base, 0.3, 2)], topics=[[1], []], districts=[[2], []])
    assert order(ranking.score(query(base, topics=[1], district=2), found))[0] == 1


def test_without_the_ideas_vector_topics_and_district_rank_alone():
    found = candidates([unit(2), unit(3), unit(4)], topics=[[1], [], []], districts=[[], [2], []])
    parts = ranking.score(query(None, topics=[1], district=2), found)
    assert order(parts) == [0, 1]  # the third shares nothing and is not suggested
    assert np.isclose(parts.total[0], ranking.NO_TEXT_TOPIC_WEIGHT)


def test_a_contact_is_ranked_by_its_organisations_text_and_its_own_topics():
    found = candidates([ZERO, ZERO], topics=[[], [1]])
    parts = ranking.score(query(unit(1), topics=[1]), found, text=np.array([0.5, 0.5]))
    assert order(parts) == [1, 0]
    assert np.isclose(parts.total[0], ranking.TEXT_WEIGHT * 0.5)


def test_best_leaves_out_masked_rows_and_keeps_the_top_best_first():
    total = np.array([0.2, 0.9, 0.5, 0.0, 0.7, 0.5], dtype=np.float32)
    mask = np.array([True, False, True, True, True, True])
    assert [int(r) for r in ranking.best(total, mask, 3)] == [4, 2, 5]
    assert [int(r) for r in ranking.best(total, mask, 10)] == [4, 2, 5, 0]
    assert len(ranking.best(total, np.zeros(6, bool), 3)) == 0


def test_shared_words_are_shown_as_written_in_the_idea_never_as_stems():
    text = "Vi vil passe på skoven og samle affaldet sammen med frivillige"
    other = "Foreningen fjerner affald i skov og park; frivillig hjælp er velkommen"
    found = ranking.shared_words(text, other)
    assert found == ["skoven", "affaldet", "frivillige"]
    assert not {"vi", "og", "med", "på"} & set(found)


def test_at_most_four_shared_words():
    text = "cykelsti skolevej trafik fodgængere parkering vejbump"
    assert len(ranking.shared_words(text, text)) == ranking.WORDS_SHOWN


def test_the_reason_names_the_shared_topics_district_and_words():
    base = unit(1)
    found = candidates(
        [base, base],
        topics=[[1, 2], [3]],
        districts=[[2], []],
        everywhere_when_none=True,
    )
    q = query(base, topics=[1, 3, 2], district=2)
    first = ranking.reason_for(
        q, found, 0, kind_of_place="organisation", text="Nye træer i parken", other_text="park"
    )
    assert first.topics == [1, 2] and first.district == "serves" and first.words == ["parken"]
    second = ranking.reason_for(q, found, 1, kind_of_place="organisation")
    assert second.topics == [3] and second.district == "everywhere" and second.words == []
    same = ranking.reason_for(q, found, 0, kind_of_place="idea")
    assert same.district == "same"


def test_the_centre_is_used_only_with_enough_vectors():
    few = np.stack([unit(i) for i in range(ranking.MIN_CENTRE - 1)] + [ZERO])
    assert not ranking.centre_of(few).any()
    many = np.stack([unit(i) for i in range(ranking.MIN_CENTRE)])
    assert np.allclose(ranking.centre_of(many), many.mean(axis=0))


def test_words_too_general_to_explain_a_match_are_not_given_as_the_reason():
    found = ranking.shared_words(
        "Vi vil gerne lave en fælleshave", "De vil gerne lave en fælleshave ved søen"
    )
    assert found == ["fælleshave"]
