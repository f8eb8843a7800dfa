"""Rank ideas, organisations and contacts for an idea: plain Python and NumPy, no Django.

The score of a candidate is in [0, 1]:

    score = TEXT_WEIGHT · text + TOPIC_WEIGHT · topics + DISTRICT_WEIGHT · district

- *text*: the cosine of the two texts in the themes' space (`project`): each stored e5
  vector centred on the ideas' mean and joined, with equal weight, to its profile over
  the municipality's areas of work (`skabsammen.insight.areas`), cut to [0, 1]. On 1,500
  labelled agenda titles this space finds a nearest neighbour with the same policy topic
  for 64.4 % of titles, against 60.8 % for the plain cosine of the stored vectors (see
  bench/README.md, "Bridges", for what else was tried).
- *topics*: the share of the idea's topics the candidate shares (0 when the idea has none).
- *district*: 1 when an idea is in the same district or an organisation or contact serves
  it explicitly; `MUNICIPALITY_WIDE` (½) when the organisation serves the whole
  municipality (no districts); 0 otherwise, and for all when the idea has no district.

The weights were measured (bench/bridges.py): with topics that are right 70 % of the time,
a topic weight of 0.08 raises the share of titles whose best suggestion has the same
policy topic from 0.644 to 0.786 (0.04: 0.733; 0.12: 0.787; 0.20: 0.774), and with all
bonuses at 0.13 the near-duplicate proposals still find each other first even when every
other proposal shares the idea's topic and district and the pair shares neither (their
text scores lead by 0.18 or more, times 0.87). Without a vector for the idea, topics and
district alone rank (`NO_TEXT_*`).

A contact is ranked by its organisation's text score and its own topics and districts
(its organisation's when it has none of its own).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from skabsammen.insight.stopwords import ALL as STOP_WORDS
from skabsammen.insight.text import clean, stem, words

TEXT_WEIGHT = 0.87
TOPIC_WEIGHT = 0.08
DISTRICT_WEIGHT = 0.05
NO_TEXT_TOPIC_WEIGHT = 0.6
NO_TEXT_DISTRICT_WEIGHT = 0.4
MUNICIPALITY_WIDE = 0.5
AREA_WEIGHT = 0.5  # the themes' choice (bench/README.md, "Insight")
AREA_TEMPERATURE = 0.01
MIN_CENTRE = 20  # fewer vectors than this give no reliable mean: do not centre
WORDS_SHOWN = 4


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1)).astype(np.float32)


def centre_of(vectors: np.ndarray) -> np.ndarray:
    """The mean of the non-zero rows, or zeros when there are too few to trust."""
    present = vectors[np.any(vectors, axis=1)] if len(vectors) else vectors
    if len(present) < MIN_CENTRE:
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else 0, dtype=np.float32)
    return present.mean(axis=0).astype(np.float32)


def project(vectors: np.ndarray, centre: np.ndarray, areas: np.ndarray) -> np.ndarray:
    """The themes' space: unit(vector − centre)·√(1−w) beside the area profile·√w.

    `areas` are the e5 vectors of the areas' descriptions (unit rows). The area profile is
    the softmax of the similarities to the areas at e5's temperature, square-rooted (so
    that profiles compare by Hellinger affinity). Zero rows (no vector) stay zero.
    """
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, areas.shape[1])
    present = np.any(vectors, axis=1)
    centred = unit_rows(vectors - centre) * np.float32(np.sqrt(1 - AREA_WEIGHT))
    similarity = unit_rows(vectors) @ areas.T
    weights = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / AREA_TEMPERATURE)
    weights /= weights.sum(axis=1, keepdims=True)
    profile = unit_rows(np.sqrt(weights)) * np.float32(np.sqrt(AREA_WEIGHT))
    out = unit_rows(np.hstack([centred, profile]))
    out[~present] = 0
    return out


@dataclass
class Candidates:
    """One row per candidate: `space` is its projected vector (zeros: none), `topics` and
    `districts` boolean matrices over the topics' and districts' columns, `everywhere`
    true for an organisation serving the whole municipality, `eligible` false for those
    never to be suggested (inactive, withdrawn, private for a citizen, …)."""

    ids: np.ndarray
    space: np.ndarray
    topics: np.ndarray
    districts: np.ndarray
    everywhere: np.ndarray
    eligible: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        ids: Sequence[int],
        space: np.ndarray,
        topics: Iterable[Iterable[int]],
        districts: Iterable[Iterable[int]],
        *,
        n_topics: int,
        n_districts: int,
        eligible: Sequence[bool] | None = None,
        everywhere_when_none: bool = False,
    ) -> "Candidates":
        """From per-candidate lists of topic and district columns."""
        n = len(ids)
        topic_matrix = _bits(topics, n, n_topics)
        district_matrix = _bits(districts, n, n_districts)
        everywhere = (
            ~district_matrix.any(axis=1) if everywhere_when_none else np.zeros(n, dtype=bool)
        )
        return cls(
            ids=np.asarray(ids, dtype=np.int64),
            space=np.asarray(space, dtype=np.float32),
            topics=topic_matrix,
            districts=district_matrix,
            everywhere=everywhere,
            eligible=np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, bool),
        )


def _bits(columns: Iterable[Iterable[int]], n: int, width: int) -> np.ndarray:
    matrix = np.zeros((n, max(width, 1)), dtype=bool)
    rows, cols = [], []
    for row, found in enumerate(columns):
        for col in found:
            rows.append(row)
            cols.append(col)
    if rows:
        matrix[rows, cols] = True
    return matrix


@dataclass
class Query:
    """The idea: its projected vector (None: not computed yet), its topics' columns, its
    district's column (None: no district). Columns are the topics' and districts' ids."""

    space: np.ndarray | None
    topics: tuple[int, ...] = ()
    district: int | None = None


@dataclass
class Parts:
    """A candidate's score and what it is made of."""

    total: np.ndarray
    text: np.ndarray
    topics: np.ndarray
    district: np.ndarray


def score(query: Query, candidates: Candidates, *, text: np.ndarray | None = None) -> Parts:
    """Score every candidate; `text` replaces the text part (a contact's organisation's)."""
    n = len(candidates)
    if text is None:
        if query.space is not None and n:
            text = np.clip(candidates.space @ query.space, 0, 1)
        else:
            text = np.zeros(n, dtype=np.float32)
    topics = np.zeros(n, dtype=np.float32)
    width = candidates.topics.shape[1]
    columns = [t for t in set(query.topics) if t < width]
    if columns and n:
        shared = candidates.topics[:, columns].sum(axis=1, dtype=np.float32)
        topics = shared / len(set(query.topics))
    district = np.zeros(n, dtype=np.float32)
    if query.district is not None and n:
        served = _served(candidates, query.district)
        district = np.where(served, 1.0, np.where(candidates.everywhere, MUNICIPALITY_WIDE, 0.0))
    if query.space is None:
        total = NO_TEXT_TOPIC_WEIGHT * topics + NO_TEXT_DISTRICT_WEIGHT * district
    else:
        total = TEXT_WEIGHT * text + TOPIC_WEIGHT * topics + DISTRICT_WEIGHT * district
    return Parts(total.astype(np.float32), text, topics, district.astype(np.float32))


def _served(candidates: Candidates, district: int):
    if district < candidates.districts.shape[1]:
        return candidates.districts[:, district]
    return np.zeros(len(candidates), dtype=bool)


def best(total: np.ndarray, mask: np.ndarray, top: int) -> np.ndarray:
    """The rows of the `top` highest positive scores among `mask`, best first (ties: the
    lower row first)."""
    scores = np.where(mask & (total > 0), total, -np.inf)
    found = int(np.isfinite(scores).sum())
    top = min(top, found)
    if top <= 0:
        return np.empty(0, dtype=np.int64)
    rows = np.argpartition(-scores, top - 1)[:top] if top < len(scores) else np.arange(len(scores))
    rows = rows[np.isfinite(scores[rows])]
    order = np.lexsort((rows, -scores[rows]))
    return rows[order][:top]


# Words too general to explain a match ("lave", "gerne"), besides the stop words.
GENERAL_WORDS = frozenset(
    {"lave", "laver", "lavet", "gerne", "bedre", "nye", "sted", "steder", "ting", "tid"}
    | {"folk", "idé", "ideen", "idéen"}
)
REASON_STOP_WORDS = STOP_WORDS | GENERAL_WORDS


def shared_words(text: str, other: str, *, limit: int = WORDS_SHOWN) -> list[str]:
    """Up to `limit` content words of `text` whose stem `other` has too, as written in
    `text` (lower case): the longest are chosen, shown in the order of `text`."""
    other_stems = {stem(w) for w in words(clean(other), stop_words=REASON_STOP_WORDS)}
    seen: dict[str, str] = {}
    for word in words(clean(text), stop_words=REASON_STOP_WORDS):
        key = stem(word)
        if key in other_stems and key not in seen and len(word) > 2:
            seen[key] = word
    written = list(seen.values())
    ranked = sorted(range(len(written)), key=lambda i: (-min(len(written[i]), 8), i))
    return [written[i] for i in sorted(ranked[:limit])]


@dataclass
class Reason:
    """What a suggestion's reason names: the shared topic columns, the district match
    ("same", "serves", "everywhere" or ""), and shared words."""

    topics: list[int] = field(default_factory=list)
    district: str = ""
    words: list[str] = field(default_factory=list)


def reason_for(
    query: Query,
    candidates: Candidates,
    row: int,
    *,
    kind_of_place: str,
    text: str = "",
    other_text: str = "",
) -> Reason:
    """The reason for `row`; `kind_of_place` is "idea" (same district) or "organisation"
    (serves the district, or the whole municipality)."""
    width = candidates.topics.shape[1]
    shared = sorted(t for t in set(query.topics) if t < width and candidates.topics[row, t])
    district = ""
    if query.district is not None:
        columns = candidates.districts.shape[1]
        if query.district < columns and candidates.districts[row, query.district]:
            district = "same" if kind_of_place == "idea" else "serves"
        elif candidates.everywhere[row]:
            district = "everywhere"
    found = shared_words(text, other_text) if text and other_text else []
    return Reason(topics=shared, district=district, words=found)
