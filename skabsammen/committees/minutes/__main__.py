"""Print what the reader makes of a document: `python -m skabsammen.committees.minutes FILE`."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from datetime import datetime
from pathlib import Path

from . import MinutesError, read_minutes


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Brug: python -m skabsammen.committees.minutes FIL", file=sys.stderr)
        return 2
    path = Path(argv[0])
    started = time.perf_counter()
    try:
        minutes = read_minutes(path.read_bytes(), path.name)
    except MinutesError as error:
        print(f"{error.code}: {error.message}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(json.dumps(dataclasses.asdict(minutes), default=_plain, ensure_ascii=False, indent=2))
    print(f"Læst på {elapsed:.3f} s", file=sys.stderr)
    return 0


def _plain(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
