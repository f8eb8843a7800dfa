import numpy as np
from sklearn.metrics import adjusted_rand_score

from skabsammen.insight.themes import NO_THEME, find_themes


def test_fallback_finds_the_three_subjects_reproducibly(three_subjects):
    texts, truth = three_subjects
    run = find_themes(texts, k=3, seed=7)
    assert run.representation == "char_tfidf"
    assert adjusted_rand_score(truth, run.assignments) == 1.0
    again = find_themes(texts, k=3, seed=7)
    assert np.array_equal(run.assignments, again.assignments)
    labels = {word for theme in run.themes for word in theme.words[:3]}
    assert labels & {"cykelstier", "cykelsti", "cyklister"}  # words as written, not stems
    assert labels & {"ældre", "plejehjem", "plejehjemmet"}
    assert sorted(t.size for t in run.themes) == [5, 5, 5]
    assert [t.number for t in run.themes] == [0, 1, 2]
    for theme in run.themes:
        assert len(theme.quotes) == 3
        assert all(run.assignments[row] == theme.number for row in theme.quotes)


def test_embeddings_find_the_three_subjects(three_subjects, stored_vectors):
    texts, truth = three_subjects
    run = find_themes(texts, stored_vectors, k=3, seed=0)
    assert run.representation == "e5"
    assert adjusted_rand_score(truth, run.assignments) == 1.0
    auto = find_themes(texts, stored_vectors, seed=0, k_range=(2, 5))
    assert auto.k_automatic and 2 <= auto.k <= 5
    assert set(auto.silhouettes) <= set(range(2, 6))


def test_bad_input_is_reported_not_fatal(three_subjects):
    texts, _ = three_subjects
    bad = [
        "",
        "   ",
        "Parkering",
        "<html><body><p>Flere <b>cykelstier</b> ved skolen!</p></body></html>",
        "Flere træer i parken.\n\nMed venlig hilsen\nJens Jensen\njens@example.dk",
        texts[0],
        "We would like more bicycle lanes near the school, please do it now",
        "Mere natur og flere træer i byen. " * 600,
    ]
    run = find_themes(texts + bad, seed=1)
    summary = run.summary
    assert summary["texts"] == 23
    assert summary["no_theme"] == 2 and summary["empty"] == 2
    assert summary["one_word"] == 1 and summary["html"] == 1 and summary["signature"] == 1
    assert summary["duplicates"] == 1 and summary["long"] == 1 and summary["foreign"] == 1
    assert list(run.assignments[15:17]) == [NO_THEME, NO_THEME]
    assert run.assignments[20] == run.assignments[0]  # the duplicate goes with its twin
    assert all(0 <= theme < run.k for theme in run.assignments[17:])


def test_tiny_and_empty_inputs():
    assert find_themes([]).themes == []
    assert list(find_themes(["", "  "]).assignments) == [NO_THEME, NO_THEME]
    one = find_themes(["Flere cykelstier"])
    assert one.k == 1 and list(one.assignments) == [0]
    assert find_themes(["Flere cykelstier", "Flere træer"], k=5).k == 2
    same = find_themes(["Flere cykelstier"] * 4)
    assert list(same.assignments) == [0] * 4 and same.summary["duplicates"] == 3
