"""Anyone can run a draw again from its public page: the downloads are the command line's
own formats, and give the same panel and the same inputs' SHA-256."""

import html
import json

import pytest
from django.urls import reverse

from skabsammen.sortition.cli import main

from .factories import prepared

pytestmark = pytest.mark.django_db


def download(client, name: str, draw, path):
    response = client.get(reverse(f"lotteries:{name}", args=[draw.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    path.write_bytes(response.content)
    return response.content.decode()


@pytest.mark.parametrize(
    ("algorithm", "household_rule"), [("leximin", False), ("leximin", True), ("legacy", False)]
)
def test_the_command_line_on_the_downloads_gives_the_same_draw(
    secretariat, run, client, tmp_path, capsys, algorithm, household_rule
):
    draw = prepared(secretariat, algorithm=algorithm, household_rule=household_rule)
    published = draw.inputs_sha256
    draw = run(draw, secretariat, seed="Grøn 2026")

    page = client.get(draw.get_absolute_url()).content.decode()
    assert published in page
    categories = download(client, "categories", draw, tmp_path / "categories.csv")
    respondents = download(client, "respondents", draw, tmp_path / "respondents.csv")
    download(client, "result", draw, tmp_path / "result.json")
    assert categories.splitlines()[0] == "category,feature,min,max"
    assert respondents.splitlines()[0] == (
        "række,Køn,Alder,husstand" if household_rule else "række,Køn,Alder"
    )

    argv = [
        "select",
        "--categories",
        str(tmp_path / "categories.csv"),
        "--respondents",
        str(tmp_path / "respondents.csv"),
        "--k",
        str(draw.k),
        "--algorithm",
        algorithm,
        "--seed",
        "Grøn 2026",
    ]
    if household_rule:
        argv += ["--household", "husstand"]
    command = f"--k {draw.k} --algorithm {algorithm} --seed 'Grøn 2026'"
    assert command in html.unescape(page)
    assert main(argv) == 0
    again = json.loads(capsys.readouterr().out)
    stored = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert again["panel"] == stored["panel"] == draw.result["panel"]
    assert again["record"]["inputs_sha256"] == stored["record"]["inputs_sha256"] == published
    assert again["probabilities"] == pytest.approx(stored["probabilities"])
    for row in again["panel"]:
        assert f"<td>{row}</td>" in page


def test_the_hash_can_be_checked_before_the_seed_is_chosen(secretariat, client, tmp_path, capsys):
    draw = prepared(secretariat)
    download(client, "categories", draw, tmp_path / "categories.csv")
    download(client, "respondents", draw, tmp_path / "respondents.csv")
    assert client.get(reverse("lotteries:result", args=[draw.pk])).status_code == 404
    code = main(
        [
            "select",
            "--categories",
            str(tmp_path / "categories.csv"),
            "--respondents",
            str(tmp_path / "respondents.csv"),
            "--k",
            "4",
            "--algorithm",
            "leximin",
            "--seed",
            "any seed",
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["record"]["inputs_sha256"] == draw.inputs_sha256
