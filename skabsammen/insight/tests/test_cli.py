import csv

from skabsammen.insight.cli import main

from .conftest import CYCLING, ELDERLY, NATURE


def read_assignments(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_semicolon_latin1_file_gives_one_theme_per_row(tmp_path, capsys):
    source = tmp_path / "idéer.csv"
    lines = ["id;tekst"] + [f"{i};{t}" for i, t in enumerate(CYCLING + ELDERLY + NATURE)]
    source.write_bytes("\r\n".join(lines).encode("cp1252"))
    output = tmp_path / "themes.csv"
    args = ["themes", "--input", str(source), "--text-column", "tekst", "--output", str(output)]
    assert main([*args, "--k", "3", "--seed", "2", "--tfidf"]) == 0
    rows = read_assignments(output)
    assert rows[0] == ["row", "theme"]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(15)]
    assert {r[1] for r in rows[1:]} == {"0", "1", "2"}
    printed = capsys.readouterr().out
    assert printed.startswith("3 temaer (givet), char_tfidf, frø 2")
    assert "ældre" in printed and "opsummering: texts=15" in printed


def test_utf8_bom_comma_file_with_embeddings(tmp_path, capsys):
    source = tmp_path / "input.csv"
    with open(source, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "kanal"])
        writer.writerows([t, "idé"] for t in CYCLING + ELDERLY + ["", *NATURE])
    output = tmp_path / "themes.csv"
    assert (
        main(
            [
                "themes",
                "--input",
                str(source),
                "--text-column",
                "TEXT",
                "--output",
                str(output),
                "--k",
                "3",
            ]
        )
        == 0
    )
    rows = read_assignments(output)
    assert len(rows) == 17 and rows[11] == ["10", "-1"]
    assert "e5" in capsys.readouterr().out


def test_bad_input_exits_2_with_a_danish_message(tmp_path, capsys):
    output = tmp_path / "out.csv"
    missing = [
        "themes",
        "--input",
        str(tmp_path / "nej.csv"),
        "--text-column",
        "text",
        "--output",
        str(output),
    ]
    assert main(missing) == 2
    assert "findes ikke" in capsys.readouterr().err
    source = tmp_path / "in.csv"
    source.write_text("titel,dato\nCykelsti,2024\n", encoding="utf-8")
    assert (
        main(["themes", "--input", str(source), "--text-column", "text", "--output", str(output)])
        == 2
    )
    assert "ingen kolonne «text»" in capsys.readouterr().err
    source.write_bytes("\ufefftext\n".encode("utf-16"))
    assert (
        main(["themes", "--input", str(source), "--text-column", "text", "--output", str(output)])
        == 2
    )
    assert "UTF-16" in capsys.readouterr().err
    source.write_text("text\n", encoding="utf-8")
    assert (
        main(["themes", "--input", str(source), "--text-column", "text", "--output", str(output)])
        == 2
    )
    assert "ingen rækker" in capsys.readouterr().err
    assert (
        main(
            [
                "themes",
                "--input",
                str(source),
                "--text-column",
                "text",
                "--output",
                str(output),
                "--k",
                "0",
            ]
        )
        == 2
    )
    assert not output.exists()
