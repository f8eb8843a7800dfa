"""GET /api/v1/themes: the current visible themes for anyone, without personal data."""

import pytest

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import services

from .conftest import make_inputs

pytestmark = pytest.mark.django_db
URL = "/api/v1/themes"


def test_no_themes_yet(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "run_id": None,
        "found_at": None,
        "texts": 0,
        "k_automatic": None,
        "themes": [],
    }


def test_the_current_visible_themes_without_personal_data(client, staff, run_themes):
    inputs = make_inputs(quotable=lambda i: i % 2 == 0)
    run = run_themes(staff, k=4)
    first, second, *_ = run.themes.order_by("number")
    services.theme_rename(actor=staff, theme=first, name="Trafik")
    services.theme_hide(actor=staff, theme=second)

    data = client.get(URL).json()

    assert data["run_id"] == run.pk and data["texts"] == len(inputs)
    labels = [theme["label"] for theme in data["themes"]]
    assert "Trafik" in labels and second.label not in labels and len(labels) == 3
    theme = data["themes"][labels.index("Trafik")]
    assert theme["size"] == first.size and theme["words"] == first.words
    assert [g["quarter"] for g in theme["growth"]] == list(first.growth)
    quotes = {q for t in data["themes"] for q in t["quotes"]}
    assert quotes and quotes <= {i.text for i in inputs if i.quotable}
    assert set(theme) == {"number", "label", "name", "words", "size", "growth", "quotes"}
    body = str(data)
    for private in ("Dyssegård", "library", "outreach", "phone", "@"):
        assert private not in body


def test_a_text_no_longer_quotable_leaves_the_api(client, staff, run_themes):
    inputs = make_inputs()
    run_themes(staff, k=4)
    for item in inputs:
        item.quotable = False
        item.save()
    assert all(t["quotes"] == [] for t in client.get(URL).json()["themes"])


def test_a_theme_no_quotable_text_speaks_for_is_left_out(client, staff, run_themes):
    """Its words would come from texts that may not be quoted."""
    make_inputs()
    run = run_themes(staff, k=4)
    silent = run.themes.get(number=0)
    members = silent.assignments.values_list("input_id", flat=True)
    CitizenInput.objects.filter(pk__in=list(members)).update(quotable=False)
    labels = [theme["label"] for theme in client.get(URL).json()["themes"]]
    assert len(labels) == 3 and silent.label not in labels
