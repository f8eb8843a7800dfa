"""The command line: JSON shape, Danish CSV quirks and exit code 2 on bad input."""

import json
import subprocess
import sys

import pytest

from skabsammen.sortition.cli import main

from .helpers import DATA, paper_minimum

CATEGORIES = (
    "category,feature,min,max\nkøn,kvinde,1,2\nkøn,mand,1,2\nalder,ung,1,2\nalder,gammel,1,2\n"
)
RESPONDENTS = "køn,alder,navn\n" + "".join(
    f"{g},{a},Person {i}\n"
    for i, (g, a) in enumerate(
        [
            ("kvinde", "ung"),
            ("kvinde", "ung"),
            ("mand", "ung"),
            ("mand", "gammel"),
            ("kvinde", "gammel"),
            ("mand", "gammel"),
        ]
    )
)


def run(tmp_path, capsys, *args, categories=CATEGORIES, respondents=RESPONDENTS, encoding="utf-8"):
    (tmp_path / "c.csv").write_bytes(categories.encode(encoding))
    (tmp_path / "r.csv").write_bytes(respondents.encode(encoding))
    code = main(
        [
            "select",
            "--categories",
            str(tmp_path / "c.csv"),
            "--respondents",
            str(tmp_path / "r.csv"),
            *args,
        ]
    )
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_shape(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, "--k", "3", "--algorithm", "leximin", "--seed", "42")
    assert code == 0
    result = json.loads(out)
    assert list(result) == [
        "panel",
        "probabilities",
        "min_probability",
        "distribution",
        "algorithm",
        "seed",
        "record",
    ]
    assert result["algorithm"] == "leximin" and result["seed"] == 42
    assert len(result["panel"]) == 3 and len(result["probabilities"]) == 6
    assert result["panel"] in [entry["panel"] for entry in result["distribution"]]
    assert abs(sum(d["weight"] for d in result["distribution"]) - 1) < 1e-9
    marginals = [0.0] * 6
    for entry in result["distribution"]:
        assert sorted(entry) == ["panel", "weight"] and len(entry["panel"]) == 3
        for person in entry["panel"]:
            marginals[person] += entry["weight"]
    assert marginals == pytest.approx(result["probabilities"], abs=1e-12)
    assert result["min_probability"] == min(result["probabilities"])
    assert result["record"]["seed"] == 42 and result["record"]["inputs_sha256"]


@pytest.mark.parametrize(
    ("transform", "encoding"),
    [
        (lambda text: text.replace(",", ";"), "utf-8"),
        (lambda text: "\ufeff" + text, "utf-8"),
        (lambda text: text.replace(",", ";").replace("ung", "ældre"), "cp1252"),
        (lambda text: text.replace("\n", "\r\n"), "latin-1"),
    ],
)
def test_danish_csv_variants(tmp_path, capsys, transform, encoding):
    code, out, err = run(
        tmp_path,
        capsys,
        "--k",
        "3",
        "--algorithm",
        "legacy",
        "--seed",
        "1",
        "--draws",
        "50",
        categories=transform(CATEGORIES),
        respondents=transform(RESPONDENTS),
        encoding=encoding,
    )
    assert code == 0, err
    assert len(json.loads(out)["panel"]) == 3


@pytest.mark.parametrize(
    ("respondents", "words"),
    [
        ("køn,køn,alder\nkvinde,kvinde,ung\n", "mere end én gang"),
        ("køn,navn\nkvinde,A\n", "«alder»"),
        ("køn,alder\nkvinde,ung,ekstra\n", "3 felter"),
    ],
)
def test_bad_files_exit_2(tmp_path, capsys, respondents, words):
    code, out, err = run(
        tmp_path,
        capsys,
        "--k",
        "1",
        "--algorithm",
        "leximin",
        "--seed",
        "1",
        respondents=respondents,
    )
    assert code == 2 and not out
    assert words in err


@pytest.mark.parametrize(
    ("k", "respondents", "words"),
    [
        ("5", RESPONDENTS, "hæv maksimum fra 2 til 3"),  # the maxima allow only 4
        ("7", RESPONDENTS, "større end puljen"),
        ("1", "id,køn,alder\n1,kvinde,ung\n1,mand,gammel\n", "id «1» står både i række 0"),
    ],
)
def test_bad_requests_exit_2_and_write_nothing(tmp_path, capsys, k, respondents, words):
    output = tmp_path / "panel.json"
    code, out, err = run(
        tmp_path,
        capsys,
        *("--k", k, "--algorithm", "leximin", "--seed", "1", "--output", str(output)),
        respondents=respondents,
    )
    assert code == 2 and not out and words in err
    assert list(tmp_path.glob("panel.json*")) == []


def test_output_file_holds_the_result(tmp_path, capsys):
    output = tmp_path / "panel.json"
    args = ("--k", "3", "--algorithm", "leximin", "--seed", "1")
    code, out, _ = run(tmp_path, capsys, *args, "--output", str(output))
    assert code == 0 and not out
    assert json.loads(output.read_text(encoding="utf-8")) == json.loads(
        run(tmp_path, capsys, *args)[1]
    )


def test_sample_command(tmp_path, capsys):
    lines = ["id;bydel;køn;hus"] + [
        f"{i};{'Nord' if i % 3 else 'Syd'};{'km'[i % 2]};{i // 2}" for i in range(300)
    ]
    (tmp_path / "p.csv").write_text("\n".join(lines), encoding="utf-8")
    code = main(
        [
            "sample",
            "--population",
            str(tmp_path / "p.csv"),
            "--size",
            "30",
            "--strata",
            "bydel,køn",
            "--seed",
            "9",
            "--household",
            "hus",
        ]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and len(result["rows"]) == 30
    assert len({r // 2 for r in result["rows"]}) == 30
    assert sum(s["allocated"] for s in result["strata"]) == 30


def test_module_entry_point_on_the_small_example():
    folder = DATA / "example_small_20"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "skabsammen.sortition",
            "select",
            "--categories",
            str(folder / "categories.csv"),
            "--respondents",
            str(folder / "respondents.csv"),
            "--k",
            "20",
            "--algorithm",
            "leximin",
            "--seed",
            "2026",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(completed.stdout)
    assert abs(result["min_probability"] - paper_minimum("example_small_20")) <= 0.001
    assert len(result["panel"]) == 20
