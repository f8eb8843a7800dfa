"""Read the CSV files Danish users actually have: comma or semicolon separated, UTF-8
with or without a byte-order mark, or Windows-1252/Latin-1 as older Excel writes them.

Every problem is a SortitionError with a Danish message that names the file.
"""

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from .errors import SortitionError
from .instance import Quota

CHUNK = 1 << 20
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
CATEGORY_COLUMNS = {
    "category": ("category", "kategori"),
    "feature": ("feature", "value", "værdi", "vaerdi"),
    "min": ("min", "minimum"),
    "max": ("max", "maks", "maksimum", "maximum"),
}


def detect_encoding(path: Path) -> str:
    """Return "utf-8-sig" if the whole file is UTF-8, else "cp1252" or "latin-1"."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen_undefined = False
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            seen_undefined = seen_undefined or not CP1252_UNDEFINED.isdisjoint(chunk)
    return "latin-1" if seen_undefined else "cp1252"


def read_rows(path: Path | str) -> tuple[list[str], Iterator[list[str]]]:
    """Return the header and an iterator over the data rows (blank lines skipped)."""
    path = Path(path)
    if not path.is_file():
        raise SortitionError(f"Filen {path} findes ikke.")
    handle = open(path, encoding=detect_encoding(path), newline="")  # noqa: SIM115
    first = handle.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    handle.seek(0)
    reader = csv.reader(handle, delimiter=delimiter)
    header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
    check_header(path, header)
    return header, _rows(path, handle, reader, len(header))


def _rows(path, handle, reader, width) -> Iterator[list[str]]:
    with handle:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                raise SortitionError(
                    f"{path.name}, linje {reader.line_num}: {len(row)} felter, men overskriften "
                    f"har {width}. Tjek skilletegnet (komma eller semikolon) og citationstegn."
                )
            yield [cell.strip() for cell in row]


def check_header(path: Path, header: list[str]) -> None:
    """Refuse an empty header, a column without a name and a column named twice."""
    if not header:
        raise SortitionError(f"{path.name} er tom: den skal have en overskriftslinje.")
    for number, name in enumerate(header, start=1):
        if not name:
            raise SortitionError(
                f"{path.name}: kolonne nr. {number} i overskriften har intet navn."
            )
    lowered = [name.casefold() for name in header]
    duplicates = sorted({name for name in header if lowered.count(name.casefold()) > 1})
    if duplicates:
        raise SortitionError(
            f"{path.name}: kolonnen {', '.join(f'«{d}»' for d in duplicates)} står mere end én "
            "gang i overskriften."
        )


def read_respondents(path: Path | str) -> list[dict[str, str]]:
    """Return one mapping per respondent (row number from 0 = id)."""
    header, rows = read_rows(path)
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_categories(path: Path | str) -> list[Quota]:
    """Return the quotas of a `category,feature,min,max` file (Danish names accepted)."""
    path = Path(path)
    header, rows = read_rows(path)
    position = _category_positions(path, header)
    quotas = []
    for number, row in enumerate(rows, start=2):
        bounds = []
        for bound in ("min", "max"):
            text = row[position[bound]]
            if not text.lstrip("+").isdigit():
                raise SortitionError(
                    f"{path.name}, række {number}: {bound} skal være et helt tal ≥ 0, "
                    f"ikke «{text}»."
                )
            bounds.append(int(text))
        quotas.append(Quota(row[position["category"]], row[position["feature"]], *bounds))
    return quotas


def _category_positions(path: Path, header: list[str]) -> dict[str, int]:
    lowered = [name.casefold() for name in header]
    position, missing = {}, []
    for column, names in CATEGORY_COLUMNS.items():
        found = [i for i, name in enumerate(lowered) if name in names]
        if len(found) > 1:
            raise SortitionError(f"{path.name}: kolonnen «{column}» står mere end én gang.")
        if found:
            position[column] = found[0]
        else:
            missing.append(column)
    if missing:
        raise SortitionError(
            f"{path.name} mangler kolonnen {', '.join(f'«{m}»' for m in missing)}: "
            "kategorifilen skal have kolonnerne category, feature, min og max."
        )
    return position
