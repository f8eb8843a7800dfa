"""Themes: clusters of texts, each with its most characteristic words and quotes.

`find_themes(texts, vectors)` clusters the stored e5 vectors (or, without them, a
character TF-IDF of the texts) with k-means, choosing k by the silhouette unless it is
given. The space it clusters in joins two views of each text, equally weighted: its
embedding with the corpus' common direction removed, and its profile over the areas a
municipality works in (`areas.AREAS`). Texts that are identical once cleaned are
clustered once, with their count as weight; empty texts get no theme (-1). Labels are the
stems with the highest class-based TF-IDF, shown as the word most often written for them.
"""

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import silhouette_score

from .areas import AREAS
from .stopwords import ALL as STOP_WORDS
from .text import WORD, clean, problems, stem
from .vectors import CharTfidf, E5Embedding, _unit_rows

AREA_TEMPERATURE = 0.01  # the temperature e5 was trained with: its similarities' scale
K_RANGE = (4, 30)
SILHOUETTE_SAMPLE = 3000
LABEL_WORDS = 5
QUOTES = 3
NO_THEME = -1

Progress = Callable[[float, str], None]


@dataclass
class Theme:
    number: int
    size: int
    words: list[str]
    quotes: list[int]  # row numbers of the most representative texts, best first
    quote_texts: list[str]

    @property
    def label(self) -> str:
        return ", ".join(self.words)


@dataclass
class ThemeRun:
    assignments: np.ndarray  # theme number per input row, NO_THEME for empty texts
    themes: list[Theme]
    k: int
    k_automatic: bool
    representation: str
    seed: int
    summary: dict[str, int | float | str] = field(default_factory=dict)
    silhouettes: dict[int, float] = field(default_factory=dict)


def find_themes(
    texts: Sequence[str],
    vectors: np.ndarray | None = None,
    *,
    k: int | None = None,
    seed: int = 0,
    k_range: tuple[int, int] = K_RANGE,
    progress: Progress | None = None,
) -> ThemeRun:
    """Cluster `texts` (with their stored `vectors`, if any) into themes, reproducibly."""
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    report(0.0, "cleaning")
    cleaned = [clean(t or "") for t in texts]
    flags = Counter(p for t, c in zip(texts, cleaned, strict=True) for p in problems(t or "", c))
    keys = [" ".join(WORD.findall(c.lower())) for c in cleaned]
    usable = [i for i, key in enumerate(keys) if key]
    if vectors is not None:
        if len(vectors) != len(texts):
            raise ValueError("vectors and texts differ in length")
        usable = [i for i in usable if np.any(vectors[i])]
    first_of: dict[str, int] = {}
    unique, counts, owner = [], [], np.full(len(texts), -1)
    for i in usable:
        j = first_of.setdefault(keys[i], len(unique))
        if j == len(unique):
            unique.append(i)
            counts.append(0)
        counts[j] += 1
        owner[i] = j
    weights = np.asarray(counts, dtype=np.float64)
    summary = {
        "texts": len(texts),
        "themed": len(usable),
        "no_theme": len(texts) - len(usable),
        "duplicates": len(usable) - len(unique),
        **{
            name: flags.get(name, 0)
            for name in ("empty", "one_word", "html", "signature", "long", "foreign")
        },
    }
    if not unique:
        summary["seconds"] = round(time.perf_counter() - started, 3)
        return ThemeRun(np.full(len(texts), NO_THEME), [], 0, k is None, "none", seed, summary)

    report(0.1, "representing")
    unique_texts = [cleaned[i] for i in unique]
    if vectors is not None:
        space, representation = theme_space(np.asarray(vectors[unique], dtype=np.float32)), "e5"
    else:
        space, representation = tfidf_space(unique_texts, seed), "char_tfidf"
    report(0.3, "choosing the number of themes")
    silhouettes = {}
    if k is None:
        k, silhouettes = choose_k(space, weights, seed=seed, k_range=k_range)
        automatic = True
    else:
        automatic = False
    k = max(1, min(int(k), len(unique)))
    report(0.6, "clustering")
    model = KMeans(k, n_init=10 if len(unique) <= 20_000 else 3, random_state=seed)
    labels = model.fit_predict(space, sample_weight=weights)
    sizes = np.bincount(labels, weights=weights, minlength=k)
    order = np.argsort(-sizes, kind="stable")  # theme 0 is the largest
    renumber = np.empty(k, dtype=int)
    renumber[order] = np.arange(k)
    labels = renumber[labels]
    centroids = model.cluster_centers_[order]
    assignments = np.full(len(texts), NO_THEME)
    assignments[usable] = labels[owner[usable]]

    report(0.8, "labelling")
    words = label_words(unique_texts, labels, weights, k)
    themes = []
    for number in range(k):
        members = np.flatnonzero(labels == number)
        quotes = representative(members, space, centroids[number], unique_texts)
        themes.append(
            Theme(
                number=number,
                size=int(sizes[order][number]),
                words=words[number],
                quotes=[unique[j] for j in quotes],
                quote_texts=[_quote(unique_texts[j]) for j in quotes],
            )
        )
    summary["seconds"] = round(time.perf_counter() - started, 3)
    report(1.0, "done")
    return ThemeRun(assignments, themes, k, automatic, representation, seed, summary, silhouettes)


def theme_space(
    vectors: np.ndarray, *, area_weight: float = 0.5, temperature: float = AREA_TEMPERATURE
) -> np.ndarray:
    """Join each stored vector, centred on the corpus, with its profile over the areas."""
    centred = _unit_rows(vectors - vectors.mean(axis=0)) * np.float32(np.sqrt(1 - area_weight))
    if area_weight <= 0:
        return _unit_rows(centred)
    profile = area_profile(vectors, temperature) * np.float32(np.sqrt(area_weight))
    return _unit_rows(np.hstack([centred, profile]))


def area_profile(vectors: np.ndarray, temperature: float = AREA_TEMPERATURE) -> np.ndarray:
    """Return each vector's softmax over its similarities to the areas, square-rooted."""
    similarity = _unit_rows(vectors) @ area_vectors().T
    weights = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / temperature)
    weights /= weights.sum(axis=1, keepdims=True)
    return _unit_rows(np.sqrt(weights))


@lru_cache(maxsize=1)
def area_vectors() -> np.ndarray:
    return E5Embedding(cleaned=True).encode(list(AREAS))


def tfidf_space(texts: Sequence[str], seed: int) -> np.ndarray:
    """Character TF-IDF reduced to at most 100 dimensions (the fallback without vectors)."""
    matrix = CharTfidf(min_df=2 if len(texts) >= 50 else 1).fit(texts).encode(texts)
    dims = min(100, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dims < 2:
        return _unit_rows(matrix.toarray())
    reduced = TruncatedSVD(dims, random_state=seed).fit_transform(matrix)
    return _unit_rows(reduced.astype(np.float32))


def choose_k(
    space: np.ndarray, weights: np.ndarray, *, seed: int, k_range: tuple[int, int] = K_RANGE
) -> tuple[int, dict[int, float]]:
    """Return the k in `k_range` with the best cosine silhouette on a sample, and all scores."""
    n = len(space)
    low, high = k_range
    high = min(high, n - 1, max(low, n // 5))
    if n < 3 or high < 2:
        return max(1, min(n, low)), {}
    low = min(low, high)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(n, size=min(n, SILHOUETTE_SAMPLE), replace=False))
    scores = {}
    for k in range(max(2, low), high + 1):
        labels = KMeans(k, n_init=3, random_state=seed).fit_predict(
            space[sample], sample_weight=weights[sample]
        )
        if len(set(labels)) > 1:
            scores[k] = float(silhouette_score(space[sample], labels, metric="cosine"))
    if not scores:
        return 1, {}
    return max(scores, key=lambda k: (scores[k], -k)), scores


def label_words(
    texts: Sequence[str], labels: np.ndarray, weights: np.ndarray, k: int
) -> list[list[str]]:
    """Return each theme's most characteristic words (class-based TF-IDF over stems)."""
    surface: dict[str, Counter] = {}

    def analyse(text: str) -> list[str]:
        out = []
        for word in WORD.findall(text.lower()):
            if len(word) > 2 and word not in STOP_WORDS:
                root = stem(word)
                surface.setdefault(root, Counter())[word] += 1
                out.append(root)
        return out

    vectorizer = CountVectorizer(analyzer=analyse, binary=True)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:
        return [[] for _ in range(k)]
    counts = sparse.diags(weights) @ counts
    membership = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    per_theme = np.asarray((membership @ counts).todense())
    frequency = per_theme.sum(axis=0)
    average = per_theme.sum() / k
    tf = per_theme / np.maximum(per_theme.sum(axis=1, keepdims=True), 1)
    score = tf * np.log1p(average / np.maximum(frequency, 1))
    names = vectorizer.get_feature_names_out()
    sizes = np.bincount(labels, weights=weights, minlength=k)
    result = []
    for number in range(k):
        enough = per_theme[number] >= min(2, sizes[number])
        best = [j for j in np.argsort(-score[number]) if enough[j] and score[number, j] > 0]
        result.append([surface[names[j]].most_common(1)[0][0] for j in best[:LABEL_WORDS]])
    return result


def representative(
    members: np.ndarray, space: np.ndarray, centroid: np.ndarray, texts: Sequence[str]
) -> list[int]:
    """Return up to QUOTES members nearest the centroid, preferring texts of 3+ words."""
    if not len(members):
        return []
    closeness = space[members] @ centroid
    ranked = members[np.argsort(-closeness, kind="stable")]
    fuller = [j for j in ranked if len(WORD.findall(texts[j])) >= 3]
    rest = [j for j in ranked if len(WORD.findall(texts[j])) < 3]
    return (fuller + rest)[:QUOTES]


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
