"""Reading Danish CSV files: encodings, separators, dates kept as text, ids, bad files."""

import codecs

import numpy as np
import pytest

from skabsammen.sortition import SortitionError
from skabsammen.sortition.csvfiles import read_categories, read_register, read_respondents

ROWS = [
    {"id": "1", "køn": "kvinde", "alder": "ældre", "født": "24-12-1950", "højde": "1,62"},
    {"id": "2", "køn": "mand", "alder": "ung", "født": "01-02-2001", "højde": "1,80"},
]


def write(tmp_path, text: str, encoding: str, bom: bytes = b"", name="r.csv"):
    path = tmp_path / name
    path.write_bytes(bom + text.encode(encoding))
    return path


def as_csv(rows, separator: str, newline: str = "\n") -> str:
    lines = [separator.join(rows[0])] + [separator.join(row.values()) for row in rows]
    return newline.join(lines) + newline


@pytest.mark.parametrize(
    ("separator", "encoding", "bom", "newline"),
    [
        (";", "utf-8", b"", "\n"),
        (";", "utf-8", codecs.BOM_UTF8, "\r\n"),
        (";", "cp1252", b"", "\r\n"),
        (";", "latin-1", b"", "\n"),
        (",", "utf-8", codecs.BOM_UTF8, "\n"),
    ],
)
def test_danish_variants_read_to_the_same_text(tmp_path, separator, encoding, bom, newline):
    # semicolon files keep decimal commas and dd-mm-yyyy dates exactly as written
    rows = (
        ROWS if separator == ";" else [{k: v for k, v in r.items() if k != "højde"} for r in ROWS]
    )
    path = write(tmp_path, as_csv(rows, separator, newline), encoding, bom)
    assert read_respondents(path) == rows


def test_duplicate_ids_are_named(tmp_path):
    path = write(tmp_path, "ID;køn\n7;kvinde\n8;mand\n7;mand\n", "utf-8")
    with pytest.raises(SortitionError, match="ID «7» står både i række 0 og i række 2"):
        read_respondents(path)


def test_duplicate_ids_in_a_register_are_found_through_their_hashes(tmp_path):
    lines = ["løbenummer;bydel"] + [f"{i};Nord" for i in range(1000)] + ["17;Syd"]
    path = write(tmp_path, "\n".join(lines), "utf-8")
    with pytest.raises(
        SortitionError, match="løbenummer «17» står både i række 17 og i række 1000"
    ):
        read_register(path, ["bydel"])
    unique = write(tmp_path, "\n".join(lines[:-1]), "utf-8", name="ok.csv")
    column = read_register(unique, ["bydel"])["bydel"]
    assert column.labels == ("Nord",) and np.all(column.codes == 0)


@pytest.mark.parametrize(
    ("text", "encoding", "words"),
    [
        ("category,feature,min,max\nkøn,k,²,3\n", "utf-8", "min skal være et helt tal"),
        ("category,feature,min,max\nkøn,k,-1,3\n", "utf-8", "min skal være et helt tal"),
        ("category,feature,min\nkøn,k,1\n", "utf-8", "mangler kolonnen «max»"),
        ("category,feature,min,max\n", "utf-16", "UTF-16"),
        ('category,feature,min,max\nkøn,"' + "x" * 200_000 + '",1,2\n', "utf-8", "som CSV"),
    ],
)
def test_bad_category_files(tmp_path, text, encoding, words):
    with pytest.raises(SortitionError, match=words):
        read_categories(write(tmp_path, text, encoding))
