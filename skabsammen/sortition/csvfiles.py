"""Read the CSV files Danish users actually have: comma or semicolon separated, UTF-8
with or without a byte-order mark, or Windows-1252/Latin-1 as older Excel writes them.
Cells are kept as text (a date stays "24-12-1980", a decimal "1,5").

A column named id, person_id, respondent_id or løbenummer (any case) identifies people,
so a value in it may occur only once. Every problem is a SortitionError with a Danish
message that names the file.
"""

import codecs
import csv
import re
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from .errors import SortitionError, named
from .instance import Quota
from .stratified import Column

CHUNK = 1 << 20
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
WHOLE_NUMBER = re.compile(r"\+?[0-9]+")
ID_COLUMNS = ("id", "person_id", "respondent_id", "løbenummer")
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
    with open(path, "rb") as raw:
        if raw.read(2) in UTF16_BOMS:
            raise SortitionError(
                f"{path.name} er gemt som UTF-16 («Unicode-tekst»). Gem den som CSV "
                "(UTF-8 eller semikolonsepareret) og prøv igen."
            )
    handle = open(path, encoding=detect_encoding(path), newline="")  # noqa: SIM115
    try:
        first = handle.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
        check_header(path, header)
    except csv.Error as error:
        handle.close()
        raise _csv_error(path, error, 1) from error
    except BaseException:
        handle.close()
        raise
    return header, _rows(path, handle, reader, len(header))


def _rows(path, handle, reader, width) -> Iterator[list[str]]:
    with handle:
        try:
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != width:
                    raise SortitionError(
                        f"{path.name}, linje {reader.line_num}: {len(row)} felter, men "
                        f"overskriften har {width}. Tjek skilletegnet (komma eller semikolon) "
                        "og citationstegn."
                    )
                yield [cell.strip() for cell in row]
        except csv.Error as error:
            raise _csv_error(path, error, reader.line_num) from error


def _csv_error(path: Path, error: csv.Error, line: int) -> SortitionError:
    return SortitionError(f"{path.name}, linje {line}: filen kan ikke læses som CSV ({error}).")


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
            f"{path.name}: {named('kolonnen', 'kolonnerne', duplicates)} står mere end én "
            "gang i overskriften."
        )


def read_respondents(path: Path | str) -> list[dict[str, str]]:
    """Return one mapping per respondent (row number from 0 = id)."""
    path = Path(path)
    header, rows = read_rows(path)
    rows = list(rows)
    for position in id_columns(header):
        if found := first_duplicate(row[position] for row in rows):
            raise duplicate_id_error(path, header[position], found)
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_register(path: Path | str, wanted: list[str]) -> dict[str, Column]:
    """Read only the wanted columns of a large CSV, as integer codes (streaming).

    Ids are checked through their hashes, so that 6,000,000 of them fit in memory; only
    if two hashes agree is the file read again to find the ids themselves.
    """
    path = Path(path)
    header, rows = read_rows(path)
    missing = [w for w in wanted if w not in header]
    if missing:
        raise SortitionError(f"{path.name} mangler {named('kolonnen', 'kolonnerne', missing)}.")
    names = list(dict.fromkeys(wanted))
    positions, ids = [header.index(name) for name in names], id_columns(header)
    codes, hashes = [array("q") for _ in positions], [array("q") for _ in ids]
    labels: list[dict[str, int]] = [{} for _ in positions]
    for row in rows:
        for i, p in enumerate(positions):
            codes[i].append(labels[i].setdefault(row[p], len(labels[i])))
        for i, p in enumerate(ids):
            hashes[i].append(hash(row[p]))
    for p, column_hashes in zip(ids, hashes, strict=True):
        values, counts = np.unique(np.frombuffer(column_hashes, dtype=np.int64), return_counts=True)
        if suspects := set(values[counts > 1].tolist()):
            _, again = read_rows(path)
            if found := first_duplicate(r[p] if hash(r[p]) in suspects else "" for r in again):
                raise duplicate_id_error(path, header[p], found)
    return {name: _canonical(codes[i], labels[i]) for i, name in enumerate(names)}


def _canonical(codes: array, labels: dict[str, int]) -> Column:
    """Return the column with its labels in sorted order, so the codes are canonical."""
    order = sorted(labels)
    remap = np.empty(len(order), dtype=np.int64)
    for new, label in enumerate(order):
        remap[labels[label]] = new
    return Column(remap[np.frombuffer(codes, dtype=np.int64)], tuple(order))


def id_columns(header: list[str]) -> list[int]:
    """Return the positions of the columns that identify people."""
    return [i for i, name in enumerate(header) if name.casefold() in ID_COLUMNS]


def first_duplicate(ids: Iterable[str]) -> tuple[str, int, int] | None:
    """Return (id, first row, second row) for the first id seen twice; empty ids don't count."""
    seen: dict[str, int] = {}
    for row, value in enumerate(ids):
        if value and (first := seen.setdefault(value, row)) != row:
            return value, first, row
    return None


def duplicate_id_error(path: Path, column: str, found: tuple[str, int, int]) -> SortitionError:
    value, first, second = found
    return SortitionError(
        f"{path.name}: {column} «{value}» står både i række {first} og i række {second} "
        "(datarækker talt fra 0). Hver person må kun stå én gang i filen."
    )


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
            if not WHOLE_NUMBER.fullmatch(text):
                raise SortitionError(
                    f"{path.name}, linje {number}: {bound} skal være et helt tal ≥ 0, "
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
            f"{path.name} mangler {named('kolonnen', 'kolonnerne', missing)}: "
            "kategorifilen skal have kolonnerne category, feature, min og max."
        )
    return position
