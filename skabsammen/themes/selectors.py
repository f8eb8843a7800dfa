"""Reads: the themes page (a fixed number of queries, whatever the number of texts),
the published themes for the API, and similar texts from the stored vectors."""

import threading
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max, Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.insight import similar

from . import figures
from .models import InputVector, RunStatus, Theme, ThemeRun

QUOTES_SHOWN = 3
QUOTE_CHARS = 300


@dataclass
class Quote:
    input_id: int
    text: str
    pinned: bool


@dataclass
class ThemeView:
    theme: Theme
    share: float
    growth: list[tuple[str, int]]
    channels: list[tuple[str, int, float]]
    districts: list[tuple[str, int, float]]
    quotes: list[Quote] = field(default_factory=list)
    more_quotes: list[Quote] = field(default_factory=list)
    merged: list[Theme] = field(default_factory=list)


@dataclass
class ThemesPage:
    current: ThemeRun | None
    latest: ThemeRun | None  # the newest run, when it is not the current one
    themes: list[ThemeView]
    hidden: list[Theme]


def _rows(counts: dict[str, int], total: int) -> list[tuple[str, int, float]]:
    # Ranked on reading: PostgreSQL's jsonb does not keep the order of a dict's keys.
    ranked = figures.ranked(counts)
    return [(key, n, n / total if total else 0.0) for key, n in ranked.items()]


def quotable_texts(ids) -> dict[int, str]:
    """The texts of those of `ids` that may be quoted, shortened for a page."""
    return {
        pk: Truncator(" ".join(text.split())).chars(QUOTE_CHARS)
        for pk, text in CitizenInput.objects.filter(pk__in=set(ids), quotable=True).values_list(
            "pk", "text"
        )
    }


def quote_candidates(theme: Theme) -> list[int]:
    """The ids a page may quote for `theme`, pinned first; quotability is checked apart."""
    return list(dict.fromkeys([*theme.pinned, *theme.quotes]))


def with_voice(themes, texts: dict[int, str]) -> list[Theme]:
    """Those of `themes` that a text that may be quoted speaks for (`texts`: see
    `quotable_texts`). A theme of texts that may not be quoted has no quotes, and its words
    come from those texts alone: it is shown to staff only, never published."""
    return [t for t in themes if any(i in texts for i in quote_candidates(t))]


def themes_page() -> ThemesPage:
    """The current run's themes with their figures and quotes, and the newest run's state."""
    latest = ThemeRun.objects.select_related("by").first()
    current = latest if latest and latest.status == RunStatus.DONE else ThemeRun.objects.current()
    if current is None:
        return ThemesPage(None, latest, [], [])
    themes = list(current.themes.all())
    texts = quotable_texts(i for t in themes for i in (*t.pinned, *t.quotes))
    total = sum(t.size for t in themes if not t.merged_into_id) or 1
    merged: dict[int, list[Theme]] = {}
    for theme in themes:
        if theme.merged_into_id:
            merged.setdefault(theme.merged_into_id, []).append(theme)
    views = []
    for theme in themes:
        if theme.merged_into_id or theme.hidden:
            continue
        quotes = [Quote(p, texts[p], True) for p in theme.pinned if p in texts]
        quotes += [
            Quote(q, texts[q], False) for q in theme.quotes if q in texts and q not in theme.pinned
        ]
        shown = max(QUOTES_SHOWN, len(theme.pinned))
        views.append(
            ThemeView(
                theme=theme,
                share=theme.size / total,
                growth=[(figures.quarter_label(k), n) for k, n in sorted(theme.growth.items())],
                channels=_rows(theme.channels, theme.size),
                districts=_rows(theme.districts, theme.size),
                quotes=quotes[:shown],
                more_quotes=quotes[shown:],
                merged=merged.get(theme.pk, []),
            )
        )
    views.sort(key=lambda view: -view.theme.size)
    hidden = [t for t in themes if t.hidden and not t.merged_into_id]
    return ThemesPage(current, latest if latest != current else None, views, hidden)


def published_themes() -> tuple[ThemeRun | None, list[Theme], dict[int, str]]:
    """The current run, its visible themes that a quotable text speaks for, largest
    first, and the texts they may quote (for the API)."""
    run = ThemeRun.objects.current()
    if run is None:
        return None, [], {}
    themes = list(run.themes.visible().order_by("-size", "number"))
    texts = quotable_texts(i for theme in themes for i in quote_candidates(theme))
    return run, with_voice(themes, texts), texts


# Similar texts ---------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict = {}


def _all_vectors() -> tuple[np.ndarray, np.ndarray]:
    """Every stored vector (ids, matrix), cached per process until a vector changes."""
    stamp = InputVector.objects.aggregate(n=Count("pk"), at=Max("computed_at"))
    key = (stamp["n"], stamp["at"])
    with _cache_lock:
        if _cache.get("key") != key:
            pairs = list(InputVector.objects.order_by("input_id").values_list("input_id", "vector"))
            ids = np.fromiter((pk for pk, _ in pairs), dtype=np.int64, count=len(pairs))
            matrix = np.frombuffer(b"".join(bytes(v) for _, v in pairs), dtype=np.float32)
            _cache.update(key=key, ids=ids, matrix=matrix.reshape(len(pairs), -1))
        return _cache["ids"], _cache["matrix"]


def similar_inputs(
    citizen_input: CitizenInput, top: int = 10, *, min_similarity: float = -1.0
) -> list[tuple[CitizenInput, float]]:
    """The `top` other inputs most similar to `citizen_input` (cosine of the stored
    vectors), best first; empty if its vector is not computed yet."""
    ids, matrix = _all_vectors()
    if not len(ids):
        return []
    row = int(np.searchsorted(ids, citizen_input.pk))
    if row >= len(ids) or ids[row] != citizen_input.pk:
        return []
    found = similar(matrix[row], matrix, top=top, exclude=[row], min_similarity=min_similarity)
    inputs = CitizenInput.objects.in_bulk([int(ids[r]) for r, _ in found])
    return [(inputs[int(ids[r])], score) for r, score in found if int(ids[r]) in inputs]


def step_label(step: str) -> str:
    """The Danish words for a step of a run, as the core and the task report it."""
    return {
        "loading": _("Reading the texts"),
        "embedding": _("Computing the texts' vectors"),
        "cleaning": _("Cleaning the texts"),
        "representing": _("Representing the texts"),
        "choosing the number of themes": _("Choosing the number of themes"),
        "clustering": _("Grouping the texts into themes"),
        "labelling": _("Finding words and quotes"),
        "done": _("Done"),
    }.get(step, _("Waiting for the computer"))


# Themes that a set of texts falls in (the policies' "Fra politik til handling") ------


def themes_for_inputs(keys: list[tuple[str, str]]) -> list[Theme]:
    """The current run's visible themes that the texts with these stream keys
    ((source, key) pairs) fall in, with `count` set to how many of them, most first.

    A text in a theme merged into another counts for the one it was merged into; texts
    in hidden themes count for none.
    """
    run = ThemeRun.objects.current()
    if run is None or not keys:
        return []
    by_source: dict[str, list[str]] = {}
    for source, key in keys:
        by_source.setdefault(source, []).append(key)
    wanted = Q()
    for source, source_keys in by_source.items():
        wanted |= Q(input__source=source, input__key__in=source_keys)
    counts = Counter()
    assignments = run.assignments.filter(wanted).select_related("theme")
    for theme in (a.theme for a in assignments):
        target = theme.merged_into_id or theme.pk
        counts[target] += 1
    themes = Theme.objects.visible().filter(run=run, pk__in=counts).in_bulk()
    found = [themes[pk] for pk in counts if pk in themes]
    for theme in found:
        theme.count = counts[theme.pk]
    return sorted(found, key=lambda t: (-t.count, t.number))
