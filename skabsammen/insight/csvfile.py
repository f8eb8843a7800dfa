"""Read one text column from the CSV files Danish users have: comma or semicolon
separated, UTF-8 with or without a byte-order mark, or Windows-1252/Latin-1 from Excel.
Every problem is an InsightError with a Danish message."""

import csv
from pathlib import Path

from skabsammen.sortition.csvfiles import UTF16_BOMS, detect_encoding


class InsightError(ValueError):
    """Input that cannot give themes; `str(error)` is a Danish message for the user."""


def read_text_column(path: Path | str, column: str) -> list[str]:
    """Return the cells of `column`, one per data row (a short row gives an empty text)."""
    path = Path(path)
    if not path.is_file():
        raise InsightError(f"Filen {path} findes ikke.")
    with open(path, "rb") as raw:
        if raw.read(2) in UTF16_BOMS:
            raise InsightError(
                f"{path.name} er gemt som UTF-16 («Unicode-tekst»). Gem den som CSV "
                "(UTF-8 eller semikolonsepareret) og prøv igen."
            )
    with open(path, encoding=detect_encoding(path), newline="") as handle:
        first = handle.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
            if not header:
                raise InsightError(f"{path.name} er tom.")
            wanted = [i for i, name in enumerate(header) if name.lower() == column.lower()]
            if not wanted:
                shown = ", ".join(f"«{name}»" for name in header[:20])
                raise InsightError(
                    f"{path.name} har ingen kolonne «{column}». Kolonnerne er: {shown}."
                )
            if len(wanted) > 1:
                raise InsightError(f"{path.name} har kolonnen «{column}» mere end én gang.")
            index = wanted[0]
            return [row[index] if index < len(row) else "" for row in reader if row]
        except csv.Error as error:
            raise InsightError(
                f"{path.name} kan ikke læses som CSV (linje {reader.line_num}): {error}."
            ) from error
