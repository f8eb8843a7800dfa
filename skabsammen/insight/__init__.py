"""Insight: themes and similar texts in what citizens write, for Danish, without Django.

The Django app calls `embed_texts` when a text is saved (and stores the vector),
`find_themes` in the theme task, and `similar` for "others with the same idea".
"""

from .similar import nearest_neighbours, similar
from .text import clean, problems
from .themes import Theme, ThemeRun, find_themes
from .vectors import CharTfidf, E5Embedding, StemTfidf, embed_texts

__all__ = [
    "CharTfidf",
    "E5Embedding",
    "StemTfidf",
    "Theme",
    "ThemeRun",
    "clean",
    "embed_texts",
    "find_themes",
    "nearest_neighbours",
    "problems",
    "similar",
]
