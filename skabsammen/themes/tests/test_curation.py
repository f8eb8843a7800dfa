"""Staff curate themes; a curated theme survives the next run, matched by content.

The rule (skabsammen/themes/matching.py): a new theme inherits a curated theme when their
members overlap by a Jaccard index of at least 0.3 and it is the best such pair, taken
greedily from the highest overlap down, one to one.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from skabsammen.audit.models import AuditEvent
from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import services, tasks
from skabsammen.themes.matching import jaccard, match_themes
from skabsammen.themes.models import Assignment, Theme, ThemeRun

from .conftest import SUBJECTS, TEXTS, make_inputs, store_vectors

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


# Splitting a theme -----------------------------------------------------------------


def members_of(theme) -> set[int]:
    return set(theme.assignments.values_list("input_id", flat=True))


def test_a_theme_is_split_in_two_new_themes_of_the_same_run(current, staff, client):
    theme = themes_of(current)[0]
    members = members_of(theme)
    services.theme_rename(actor=staff, theme=theme, name="Alt om trafik")

    first, second = services.theme_split(actor=staff, theme=theme)

    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert (first.run, first.number, second.number) == (current, 4, 5)
    assert members_of(first) | members_of(second) == members
    assert not members_of(first) & members_of(second)
    assert first.size + second.size == len(members) and first.size >= second.size >= 1
    assert Assignment.objects.filter(run=current).count() == len(TEXTS)
    for part in (first, second):
        part.refresh_from_db()
        assert part.words and set(part.quotes) <= members_of(part)
        assert part.size == part.own_size == sum(part.channels.values())
        assert sum(part.districts.values()) == part.size
        assert list(part.growth) == current.summary["quarters"]
        assert not part.is_curated and part.inherited_from is None  # they start uncurated
    assert current.themes.visible().count() == 5
    event = AuditEvent.objects.get(action="themes.split", object_id=str(theme.pk))
    assert event.actor == staff and event.data["into"] == [first.pk, second.pk]
    numbers = [t["number"] for t in client.get("/api/v1/themes").json()["themes"]]
    assert sorted(numbers) == [1, 2, 3, 4, 5]


def test_the_split_follows_the_subjects(db, staff, run_themes, settings, text_vectors):
    """Two subjects in one theme come apart again."""
    settings.THEMES_REPRESENTATION = "e5"
    inputs = make_inputs()
    store_vectors(inputs, text_vectors)
    run = run_themes(staff, k=3)
    subject_of = {item.pk: s for item, s in zip(inputs, SUBJECTS, strict=True)}
    mixed = max(run.themes.all(), key=lambda t: len({subject_of[i] for i in members_of(t)}))
    assert len({subject_of[i] for i in members_of(mixed)}) >= 2

    parts = services.theme_split(actor=staff, theme=mixed)

    for part in parts:
        subjects = [subject_of[i] for i in members_of(part)]
        assert max(subjects.count(s) for s in set(subjects)) >= 0.75 * len(subjects)


def test_a_theme_of_fewer_than_four_texts_cannot_be_split(current, staff):
    theme = themes_of(current)[0]
    CitizenInput.objects.filter(pk__in=sorted(members_of(theme))[3:]).delete()
    with pytest.raises(ValidationError, match="færre end 4 tekster"):
        services.theme_split(actor=staff, theme=theme)
    assert Theme.objects.filter(pk=theme.pk).exists()
    assert current.themes.count() == 4


def test_only_staff_split_and_only_themes_not_merged(current, staff, citizen):
    first, second, *_ = themes_of(current)
    with pytest.raises(PermissionDenied):
        services.theme_split(actor=citizen, theme=first)
    services.theme_merge(actor=staff, theme=second, into=first)
    with pytest.raises(ValidationError, match="lagt sammen"):
        services.theme_split(actor=staff, theme=first)
    with pytest.raises(ValidationError, match="lagt sammen"):
        services.theme_split(actor=staff, theme=second)
    assert current.themes.count() == 4


def test_a_large_theme_is_split_by_a_task(
    current, staff, monkeypatch, django_capture_on_commit_callbacks
):
    theme = themes_of(current)[0]
    monkeypatch.setattr(services, "SPLIT_INLINE_MAX", 3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.theme_split(actor=staff, theme=theme) == []
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert current.themes.visible().count() == 5
    assert AuditEvent.objects.filter(action="themes.split_queued").count() == 1
    # The task run twice finds the theme gone and does nothing.
    assert tasks.theme_split_execute.call(theme.pk, staff.pk) == []
    assert current.themes.count() == 5


def test_a_split_does_not_survive_the_next_run(current, staff, run_themes):
    """A run clusters all texts afresh; the parts are matched like any curated theme
    (`matching.py`), so a named part passes its name on to the theme that takes its
    texts, and the other part's texts are in that theme again."""
    theme = themes_of(current)[0]
    members = members_of(theme)
    first, second = services.theme_split(actor=staff, theme=theme)
    services.theme_rename(actor=staff, theme=first, name="Cykelstier")

    new = run_themes(staff, k=4)

    assert new.themes.count() == 4
    heir = new.themes.get(inherited_from=first)
    assert heir.name == "Cykelstier"
    assert members_of(heir) >= members_of(second) and members_of(heir) == members
    assert not new.themes.filter(inherited_from=second).exists()


def test_a_split_task_that_runs_after_a_new_run_does_nothing(current, staff, run_themes):
    theme = themes_of(current)[0]
    new = run_themes(staff, k=4)
    assert tasks.theme_split_execute.call(theme.pk, staff.pk) == []
    assert Theme.objects.filter(pk=theme.pk).exists() and new.themes.count() == 4
