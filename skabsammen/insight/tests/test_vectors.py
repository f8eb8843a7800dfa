import numpy as np

from skabsammen.insight.similar import nearest_neighbours, similar
from skabsammen.insight.vectors import CharTfidf, e5_model, embed_texts


def test_stored_vectors_are_unit_rows_and_empty_text_is_zero(stored_vectors):
    assert stored_vectors.shape == (15, 384) and stored_vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(stored_vectors, axis=1), 1, atol=1e-5)
    empty = embed_texts(["", "<p></p>"])
    assert not empty.any()
    assert e5_model() is e5_model()  # loaded once per process


def test_similar_finds_the_same_idea(three_subjects, stored_vectors):
    _, truth = three_subjects
    query = embed_texts(["Vi mangler sikre cykelstier til skolebørn"])[0]
    found = similar(query, stored_vectors, top=3)
    assert [truth[row] for row, _ in found] == [0, 0, 0]
    assert found[0][1] >= found[1][1] >= found[2][1]
    assert all(row != 2 for row, _ in similar(stored_vectors[2], stored_vectors, exclude=[2]))
    assert similar(np.zeros(384), stored_vectors) == []
    share = np.mean(
        [truth[j] == truth[i] for i, j in enumerate(nearest_neighbours(stored_vectors))]
    )
    assert share == 1.0


def test_char_tfidf_is_the_same_interface(three_subjects):
    texts, truth = three_subjects
    tfidf = CharTfidf().fit(texts)
    matrix = tfidf.encode(texts)
    found = similar(tfidf.encode(["flere træer i parken"]).toarray()[0], matrix, top=2)
    assert [truth[row] for row, _ in found] == [2, 2]
