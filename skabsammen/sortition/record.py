"""What makes a draw reproducible and checkable: the seed, the inputs' hash, the versions.

The seed is announced before the draw (any integer or string, e.g. the numbers of a
public lottery). Every random choice comes from a generator seeded with SHA-256 of the
seed and the purpose of the stream, so the same seed gives the same draw, and the
generator depends on nothing else (not the time, not the machine).
"""

import functools
import hashlib
import json
import platform
import random
import re
from importlib import metadata

import numpy as np

from .errors import SortitionError
from .highs import versions as solver_versions

INTEGER = re.compile(r"[+-]?\d+")


def normalise_seed(seed: int | str) -> int | str:
    """Return the seed as announced: an integer if it is one ("42" and 42 are the same)."""
    if isinstance(seed, bool) or not isinstance(seed, int | str):
        raise SortitionError("Frøet (seed) skal være et heltal eller en tekst.")
    if isinstance(seed, int):
        return seed
    text = seed.strip()
    if not text:
        raise SortitionError(
            "Frøet (seed) må ikke være tomt: det skal offentliggøres før trækningen."
        )
    return int(text) if INTEGER.fullmatch(text) else text


def seed_integer(seed: int | str, purpose: str) -> int:
    """Return a 256-bit integer derived from the seed for one purpose ("draw", …)."""
    material = f"skabsammen.sortition:{purpose}:{normalise_seed(seed)}".encode()
    return int.from_bytes(hashlib.sha256(material).digest(), "big")


def generator(seed: int | str, purpose: str) -> random.Random:
    """Return Python's Mersenne Twister seeded for `purpose` (stable across versions).

    Not a secret-keeping generator on purpose: a public lottery must be re-playable.
    """
    return random.Random(seed_integer(seed, purpose))  # noqa: S311


def digest(canonical: object) -> str:
    """Return the SHA-256 of a JSON-serialisable object in canonical form."""
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def versions() -> dict[str, str | None]:
    """Return the versions of everything a draw's result may depend on."""
    return dict(_versions())


@functools.cache
def _versions() -> dict[str, str | None]:  # looking them up costs more than a small draw
    try:
        own = metadata.version("skabsammen")
    except metadata.PackageNotFoundError:
        own = None
    return {
        "skabsammen": own,
        "python": platform.python_version(),
        "numpy": np.__version__,
        **solver_versions(),
    }
