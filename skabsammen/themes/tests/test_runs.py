"""Theme runs: a task finds the themes; a failed run leaves the last good themes."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

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


def test_a_technical_error_fails_the_run_and_is_raised_for_the_task_log(inputs, staff):
    run = services.theme_run_start(actor=staff)  # queued: the task is called below
    with (
        mock.patch("skabsammen.insight.find_themes", side_effect=MemoryError),
        pytest.raises(MemoryError),
    ):
        services.theme_run_perform(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "teknisk fejl" in run.failure


# A run whose worker died -------------------------------------------------------------


def stall(run: ThemeRun, minutes: int = 31, status=RunStatus.RUNNING) -> ThemeRun:
    ThemeRun.objects.filter(pk=run.pk).update(
        status=status, created_at=timezone.now() - timedelta(minutes=minutes)
    )
    run.refresh_from_db()
    return run


def test_a_stalled_run_is_failed_and_started_again_with_its_settings(
    inputs, staff, django_capture_on_commit_callbacks
):
    old = stall(services.theme_run_start(actor=staff, k=3, seed=7))
    assert old.is_stalled

    with django_capture_on_commit_callbacks(execute=True):
        new = services.theme_run_restart(actor=staff, run=old)

    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == RunStatus.FAILED
    assert old.failure == "Kørslen stoppede uden at blive færdig."
    assert (new.k_requested, new.seed, new.by) == (3, 7, staff)
    assert new.status == RunStatus.DONE and new.themes.count() == 3
    assert AuditEvent.objects.filter(action="themes.run_fail", object_id=str(old.pk)).exists()
    start = AuditEvent.objects.get(action="themes.run_start", object_id=str(new.pk))
    assert start.data["restarts"] == old.pk


def test_a_run_within_its_lease_is_not_started_again(inputs, staff, settings, citizen):
    run = stall(services.theme_run_start(actor=staff), minutes=20)
    with pytest.raises(ValidationError, match="arbejder måske stadig"):
        services.theme_run_restart(actor=staff, run=run)
    with pytest.raises(PermissionDenied):
        services.theme_run_restart(actor=citizen, run=run)
    settings.THEMES_RUN_LEASE_SECONDS = 10 * 60  # the lease is a setting
    run.refresh_from_db()
    assert run.is_stalled
    with pytest.raises(PermissionDenied):
        services.theme_run_restart(actor=citizen, run=run)
    services.theme_run_restart(actor=staff, run=run)
    assert ThemeRun.objects.count() == 2
    with pytest.raises(ValidationError, match="kører ikke længere"):
        services.theme_run_restart(actor=staff, run=run)


def test_a_queued_run_that_no_worker_took_can_be_started_again(inputs, staff):
    run = stall(services.theme_run_start(actor=staff), status=RunStatus.QUEUED)
    new = services.theme_run_restart(actor=staff, run=run)
    # The old task, if a worker takes it after all, finds its run failed and does nothing.
    assert services.theme_run_perform(run_id=run.pk).status == RunStatus.FAILED
    assert services.theme_run_perform(run_id=new.pk).status == RunStatus.DONE
    assert not Theme.objects.filter(run=run).exists()


def test_a_late_original_task_does_not_overwrite_the_newer_run(inputs, staff):
    from skabsammen.insight import find_themes

    good = services.theme_run_start(actor=staff)
    services.theme_run_perform(run_id=good.pk)
    old = services.theme_run_start(actor=staff)
    restarted = {}

    def slow(*args, **kwargs):
        # While the first worker clusters, staff find it stalled and start it again.
        stall(old)
        restarted["run"] = services.theme_run_restart(actor=staff, run=old)
        return find_themes(*args, **kwargs)

    with mock.patch("skabsammen.insight.find_themes", side_effect=slow):
        late = services.theme_run_perform(run_id=old.pk)

    assert late.status == RunStatus.FAILED and "uden at blive færdig" in late.failure
    assert not Theme.objects.filter(run=old).exists()
    assert ThemeRun.objects.current() == good
    new = services.theme_run_perform(run_id=restarted["run"].pk)
    assert new.status == RunStatus.DONE and ThemeRun.objects.current() == new
    assert Assignment.objects.filter(run=new).count() == len(TEXTS)


def test_a_late_task_that_fails_leaves_the_restarted_runs_reason(inputs, staff):
    old = services.theme_run_start(actor=staff)

    def broken(*args, **kwargs):
        stall(old)
        services.theme_run_restart(actor=staff, run=old)
        raise MemoryError

    with (
        mock.patch("skabsammen.insight.find_themes", side_effect=broken),
        pytest.raises(MemoryError),
    ):
        services.theme_run_perform(run_id=old.pk)
    old.refresh_from_db()
    assert old.failure == "Kørslen stoppede uden at blive færdig."
