"""Staff curate themes; a curated theme survives the next run, matched by content.

The rule (skabsammen/themes/matching.py): a new theme inherits a curated theme when their
members overlap by a Jaccard index of at least 0.3 and it is the best such pair, taken
greedily from the highest overlap down, one to one.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import services
from skabsammen.themes.matching import jaccard, match_themes
from skabsammen.themes.models import ThemeRun

from .conftest import make_inputs, store_vectors

pytestmark = pytest.mark.django_db


def test_jaccard():
    assert jaccard({1, 2, 3}, {2, 3, 4}) == 0.5
    assert jaccard(set(), set()) == 0.0


def test_the_best_overlap_inherits_one_to_one():
    # old theme 1: inputs 0-9; old theme 2: inputs 10-19
    old = dict.fromkeys(range(10), 1) | dict.fromkeys(range(10, 20), 2)
    # new theme A takes 0-7 and 10-11; new B takes 8-9 and 12-19
    new = dict.fromkeys([*range(8), 10, 11], "A") | dict.fromkeys([8, 9, *range(12, 20)], "B")
    result = match_themes(old, new)
    assert result["A"][0] == 1 and result["B"][0] == 2
    assert result["A"][1] == pytest.approx(8 / 12)


def test_an_overlap_below_the_threshold_inherits_nothing():
    old = dict.fromkeys(range(10), 1)
    new = (
        dict.fromkeys(range(3), "A")
        | dict.fromkeys(range(3, 10), "B")
        | dict.fromkeys(range(100, 120), "A")
    )
    assert match_themes(old, new) == {"B": (1, 0.7)}
    shifted = dict.fromkeys(range(2, 12), "A")  # 8 of 12: 0.67
    assert match_themes(dict.fromkeys(range(10), 1), shifted, threshold=0.7) == {}
    # 3 shared of 10 + 20 - 3 = 27: 0.11 < 0.3
    assert "A" not in match_themes(old, dict.fromkeys([*range(3), *range(100, 120)], "A"))


def test_each_new_theme_inherits_from_at_most_one_old_theme():
    old = dict.fromkeys(range(10), 1) | dict.fromkeys(range(10, 20), 2)
    new = dict.fromkeys(range(20), "A")
    result = match_themes(old, new)
    assert list(result) == ["A"] and result["A"][0] == 1  # a tie goes to the lower old theme


@pytest.fixture
def current(inputs, staff, run_themes, settings, text_vectors):
    """A run over the stored e5 vectors, which find the four subjects run after run."""
    settings.THEMES_REPRESENTATION = "e5"
    store_vectors(inputs, text_vectors)
    return run_themes(staff, k=4)


def themes_of(run):
    return list(run.themes.order_by("number"))


def test_a_renamed_hidden_and_pinned_theme_survives_the_next_run(
    current, staff, run_themes, text_vectors
):
    first, second, third, _ = themes_of(current)
    services.theme_rename(actor=staff, theme=first, name="  Trafik   og cykler ")
    services.theme_hide(actor=staff, theme=second)
    services.theme_pin_quote(actor=staff, theme=third, input_id=third.quotes[-1])
    added = CitizenInput.objects.create(
        source="initiative", key="new", text="Endnu en cykelsti til skolen, tak", quotable=True
    )
    store_vectors([added], text_vectors[[4]])

    new = run_themes(staff, k=4)

    heirs = {t.inherited_from_id: t for t in new.themes.exclude(inherited_from=None)}
    assert heirs[first.pk].name == "Trafik og cykler"
    assert heirs[second.pk].hidden
    assert heirs[third.pk].pinned == [third.quotes[-1]]
    assert all(t.overlap >= 0.3 for t in heirs.values())
    assert new.summary["inherited"] == 3
    assert new.themes.filter(name="").count() == 3


def test_a_merge_survives_the_next_run(current, staff, run_themes):
    first, second, *_ = themes_of(current)
    merged = services.theme_merge(actor=staff, theme=second, into=first)
    assert merged.size == first.size + second.size
    assert sum(merged.channels.values()) == merged.size

    new = run_themes(staff, k=4)

    heir = new.themes.get(inherited_from=first)
    assert new.themes.get(inherited_from=second).merged_into == heir
    assert heir.size == first.size + second.size
    assert new.themes.visible().count() == 3


def test_no_theme_inherits_when_the_texts_are_new(current, staff, run_themes, text_vectors):
    services.theme_rename(actor=staff, theme=themes_of(current)[0], name="Trafik")
    CitizenInput.objects.all().delete()
    store_vectors(make_inputs(prefix="new"), text_vectors)

    new = run_themes(staff, k=4)

    assert not new.themes.exclude(name="").exists()
    assert new.summary["inherited"] == 0


def test_only_staff_curate(current, citizen):
    theme = themes_of(current)[0]
    with pytest.raises(PermissionDenied):
        services.theme_rename(actor=citizen, theme=theme, name="Mit navn")
    theme.refresh_from_db()
    assert theme.name == ""


def test_only_the_current_themes_can_be_curated(current, staff, run_themes):
    old = themes_of(current)[0]
    run_themes(staff, k=4)
    with pytest.raises(ValidationError, match="aktuelle"):
        services.theme_hide(actor=staff, theme=old)


def test_only_quotable_members_can_be_pinned(db, staff, run_themes):
    inputs = make_inputs(quotable=lambda i: i % 2 == 0)
    run = run_themes(staff, k=4)
    theme = run.themes.get(number=0)
    members = set(theme.assignments.values_list("input_id", flat=True))
    secret = next(i for i in inputs if not i.quotable and i.pk in members)
    outsider = next(i for i in inputs if i.quotable and i.pk not in members)
    for item in (secret, outsider):
        with pytest.raises(ValidationError, match="citeres"):
            services.theme_pin_quote(actor=staff, theme=theme, input_id=item.pk)
    theme.refresh_from_db()
    assert theme.pinned == []


def test_a_theme_cannot_be_merged_into_itself(current, staff):
    theme = themes_of(current)[0]
    with pytest.raises(ValidationError):
        services.theme_merge(actor=staff, theme=theme, into=theme)
    assert ThemeRun.objects.current().themes.visible().count() == 4
