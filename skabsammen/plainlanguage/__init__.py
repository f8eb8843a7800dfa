"""A plain-language checker for Danish: LIX and bureaucratic phrases with plain alternatives.

Plain Python, no Django, so it can run anywhere text is written.
"""

from dataclasses import dataclass

from .lix import count
from .wordlist import Flag, find

__all__ = ["Assessment", "Flag", "assess"]


@dataclass(frozen=True)
class Assessment:
    lix: float
    """LIX rounded to one decimal."""
    words: int
    sentences: int
    long_words: int
    flagged: list[Flag]


def assess(text: str) -> Assessment:
    counts = count(text)
    return Assessment(
        lix=round(counts.lix, 1),
        words=counts.words,
        sentences=counts.sentences,
        long_words=counts.long_words,
        flagged=find(text),
    )
