"""Command line: `python -m skabsammen.insight themes --input FILE.csv --text-column text
--output ASSIGNMENTS.csv [--k N] [--seed S] [--tfidf]`.

Writes `row,theme` (rows from 0; -1 for a text with no content) and prints each theme's
number, size and label, then the run's summary, on standard output. Bad input prints a
Danish message on standard error and exits with 2.
"""

import argparse
import csv
import os
import sys
from pathlib import Path

from .csvfile import InsightError, read_text_column

EXIT_BAD_INPUT = 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m skabsammen.insight",
        description="Temaer i borgernes tekster: klynger med deres mest karakteristiske ord.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    themes = commands.add_parser(
        "themes",
        help="find temaer i en kolonne af tekster",
        description="Skriver ét temanummer pr. række (row,theme; rækker fra 0, -1 uden "
        "indhold) og temaernes ord på standard output.",
    )
    themes.add_argument("--input", required=True, type=Path, help="CSV-fil med teksterne")
    themes.add_argument("--text-column", required=True, help="kolonnen med teksten")
    themes.add_argument("--output", required=True, type=Path, help="hvor row,theme skrives")
    themes.add_argument("--k", type=int, help="antal temaer (ellers vælges det automatisk)")
    themes.add_argument("--seed", type=int, default=0, help="frø for reproducerbarhed")
    themes.add_argument(
        "--tfidf", action="store_true", help="brug tegn-n-gram TF-IDF i stedet for e5-vektorer"
    )
    return main


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    args = parser().parse_args(argv)
    try:
        if args.k is not None and args.k < 1:
            raise InsightError("--k skal være et helt tal på mindst 1.")
        texts = read_text_column(args.input, args.text_column)
        if not texts:
            raise InsightError(f"{args.input.name} har ingen rækker med tekst.")
        from .themes import find_themes
        from .vectors import embed_texts

        vectors = None if args.tfidf else embed_texts(texts)
        run = find_themes(texts, vectors, k=args.k, seed=args.seed)
        write_assignments(args.output, run.assignments)
    except InsightError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(
            f"Fejl: {error.filename or ''} kan ikke læses eller skrives ({error.strerror}).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    how = "valgt automatisk" if run.k_automatic else "givet"
    print(f"{run.k} temaer ({how}), {run.representation}, frø {run.seed}")
    for theme in run.themes:
        print(f"{theme.number}\t{theme.size}\t{theme.label}")
    print("opsummering: " + ", ".join(f"{key}={value}" for key, value in run.summary.items()))
    return 0


def write_assignments(path: Path, assignments) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "theme"])
        writer.writerows((row, int(theme)) for row, theme in enumerate(assignments))
    os.replace(temporary, path)
