"""Similar texts: the nearest stored vectors to any input (cosine similarity)."""

from collections.abc import Iterable

import numpy as np

from .vectors import _unit_rows


def similar(
    query: np.ndarray,
    vectors: np.ndarray,
    *,
    top: int = 10,
    exclude: Iterable[int] = (),
    min_similarity: float = -1.0,
) -> list[tuple[int, float]]:
    """Return (row, similarity) of the `top` rows of `vectors` nearest `query`, best first.

    `vectors` holds unit rows (as `embed_texts` stores them; a sparse TF-IDF matrix works
    too); rows in `exclude` (e.g. the text itself) and zero rows are never returned.
    """
    query = _unit_rows(np.asarray(query, dtype=np.float32).reshape(1, -1))[0]
    if not np.any(query):
        return []
    scores = np.asarray(vectors @ query).ravel().astype(np.float64)
    if isinstance(vectors, np.ndarray):
        scores[~vectors.any(axis=1)] = -np.inf
    scores[[i for i in exclude if 0 <= i < len(scores)]] = -np.inf
    scores[scores < min_similarity] = -np.inf
    top = min(top, len(scores))
    if top <= 0:
        return []
    best = np.argpartition(-scores, top - 1)[:top]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [(int(i), float(scores[i])) for i in best if np.isfinite(scores[i])]


def nearest_neighbours(vectors: np.ndarray, *, block: int = 2048) -> np.ndarray:
    """Return each row's nearest other row (cosine), in blocks to bound memory."""
    vectors = _unit_rows(np.asarray(vectors, dtype=np.float32))
    out = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), block):
        scores = vectors[start : start + block] @ vectors.T
        rows = np.arange(scores.shape[0])
        scores[rows, rows + start] = -np.inf
        out[start : start + block] = scores.argmax(axis=1)
    return out
