"""Theme runs: a task finds the themes; a failed run leaves the last good themes."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from skabsammen.audit.models import AuditEvent
from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import services
from skabsammen.themes.models import Assignment, RunStatus, Theme, ThemeRun

from .conftest import SUBJECTS, TEXTS, make_inputs, store_vectors

pytestmark = pytest.mark.django_db


def test_a_run_stores_themes_assignments_figures_and_the_summary(inputs, staff, run_themes):
    CitizenInput.objects.create(source="initiative", key="empty", text="   ")
    CitizenInput.objects.create(
        source="initiative", key="html", text="<p>Flere <b>cykelstier</b> ved skolen</p>"
    )
    run = run_themes(staff)

    assert run.status == RunStatus.DONE and run.progress == 100
    assert run.k_automatic and 4 <= run.k <= 7
    assert run.representation == "char_tfidf"
    assert run.summary["texts"] == len(TEXTS) + 2
    assert run.summary["empty"] == 1 and run.summary["html"] == 1
    assert run.summary["no_theme"] == 1
    themes = list(run.themes.all())
    assert len(themes) == run.k
    assert sum(t.size for t in themes) == len(TEXTS) + 1
    assert Assignment.objects.filter(run=run).count() == len(TEXTS) + 1
    biggest = themes[0]
    assert biggest.words and sum(biggest.growth.values()) <= biggest.size
    assert list(biggest.growth) == run.summary["quarters"] and len(biggest.growth) == 8
    assert sum(biggest.channels.values()) == biggest.size
    assert sum(biggest.districts.values()) == biggest.size
    assert AuditEvent.objects.filter(action="themes.run_done", object_id=str(run.pk)).exists()


def test_staff_choose_the_number_of_themes(inputs, staff, run_themes):
    run = run_themes(staff, k=3)
    assert run.k == 3 and not run.k_automatic
    assert run.themes.count() == 3


@pytest.mark.parametrize("k", [1, 41, "3"])
def test_a_bad_number_of_themes_is_refused(inputs, staff, k):
    with pytest.raises(ValidationError) as error:
        services.theme_run_start(actor=staff, k=k)
    assert "k" in error.value.message_dict
    assert not ThemeRun.objects.exists()


def test_only_staff_start_runs(inputs, citizen):
    with pytest.raises(PermissionDenied):
        services.theme_run_start(actor=citizen)
    assert not ThemeRun.objects.exists()


def test_one_run_at_a_time(inputs, staff):
    services.theme_run_start(actor=staff)  # queued: the on-commit task does not run here
    with pytest.raises(ValidationError, match="allerede"):
        services.theme_run_start(actor=staff)


def test_a_run_that_fails_leaves_the_last_good_themes(inputs, staff, run_themes):
    good = run_themes(staff)
    labels = [t.label for t in good.themes.all()]
    with mock.patch("skabsammen.insight.find_themes", side_effect=MemoryError):
        failed = run_themes(staff)

    assert failed.status == RunStatus.FAILED
    assert "teknisk fejl" in failed.failure
    assert ThemeRun.objects.current() == good
    assert [t.label for t in ThemeRun.objects.current().themes.all()] == labels
    assert not Theme.objects.filter(run=failed).exists()
    assert Assignment.objects.filter(run=good).count() == len(TEXTS)


def test_a_run_without_texts_fails_with_a_reason(db, staff, run_themes):
    run = run_themes(staff)
    assert run.status == RunStatus.FAILED
    assert "ingen tekster" in run.failure


def test_a_task_run_twice_runs_once(inputs, staff, run_themes):
    run = run_themes(staff)
    again = services.theme_run_perform(run_id=run.pk)
    assert again.status == RunStatus.DONE
    assert Theme.objects.filter(run=run).count() == run.k


def test_quotes_come_only_from_texts_that_may_be_quoted(db, staff, run_themes):
    inputs = make_inputs(quotable=lambda i: i % 3 == 0)
    run = run_themes(staff)
    quotable = {item.pk for item in inputs if item.quotable}
    quotes = [q for theme in run.themes.all() for q in theme.quotes]
    assert quotes and set(quotes) <= quotable


def test_a_run_on_stored_vectors_finds_the_subjects(db, staff, run_themes, settings, text_vectors):
    settings.THEMES_REPRESENTATION = "e5"
    inputs = make_inputs()
    store_vectors(inputs, text_vectors)
    with mock.patch("skabsammen.insight.embed_texts") as embed:
        run = run_themes(staff, k=4)
    embed.assert_not_called()  # every vector was stored: nothing is embedded again
    assert run.representation == "e5"
    theme_of = dict(Assignment.objects.filter(run=run).values_list("input_id", "theme__number"))
    found = [theme_of[item.pk] for item in inputs]
    # Most texts of a subject share its theme.
    for subject in range(4):
        members = [f for f, s in zip(found, SUBJECTS, strict=True) if s == subject]
        assert max(members.count(n) for n in set(members)) >= 6
