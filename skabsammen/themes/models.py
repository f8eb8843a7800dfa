"""Themes (temaer) in what citizens tell the municipality.

Each text in the common stream (`CitizenInput`) has its embedding stored once
(`InputVector`), computed by a task when the text is saved. A `ThemeRun` clusters the
stored vectors into `Theme`s (a task; the page shows its progress); the newest run that
finished is the current one, so a run that fails leaves the last good themes in place.
Staff curate the current run's themes (name, hide, merge, pin quotes); the next run
inherits the curation by content (see `matching.py`).
"""

from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def run_lease() -> timedelta:
    """A run not finished this long after it was started has died with its worker."""
    return timedelta(seconds=settings.THEMES_RUN_LEASE_SECONDS)


NAME_MAX = 120


class InputVector(models.Model):
    """The stored embedding of one text: float32 bytes, and what they were computed from."""

    input = models.OneToOneField(
        "citizeninput.CitizenInput",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="vector",
    )
    vector = models.BinaryField()
    model = models.CharField(max_length=100)
    text_sha256 = models.CharField(max_length=64)
    # Indexed: the bridges' per-process arrays check the newest vector on every request.
    computed_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"vector of {self.input_id}"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ThemeRunQuerySet(models.QuerySet):
    def done(self):
        return self.filter(status=RunStatus.DONE).order_by("-finished_at", "-id")

    def current(self) -> "ThemeRun | None":
        """The run whose themes are shown: the newest one that finished."""
        return self.done().first()

    def active(self):
        return self.filter(
            status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
            created_at__gte=timezone.now() - run_lease(),
        )


class ThemeRun(models.Model):
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    message = models.CharField(max_length=40, blank=True)  # a step name, see views.STEPS
    k_requested = models.PositiveSmallIntegerField(null=True, blank=True)  # None: automatic
    k = models.PositiveSmallIntegerField(null=True, blank=True)
    seed = models.PositiveIntegerField(default=0)
    representation = models.CharField(max_length=20, blank=True)
    # Counts from the core: texts, themed, no_theme, duplicates, empty, one_word, html,
    # signature, long, foreign, seconds; and quarters (the growth axis), channels.
    summary = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ThemeRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"theme run {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def stalled_at(self):
        """When a run still queued or running counts as stopped (see `run_lease`)."""
        return self.created_at + run_lease() if self.is_active else None

    @property
    def is_stalled(self) -> bool:
        return self.stalled_at is not None and self.stalled_at <= timezone.now()

    @property
    def step(self) -> str:
        from .selectors import step_label

        return step_label(self.message)

    @property
    def k_automatic(self) -> bool:
        return self.k_requested is None


class ThemeQuerySet(models.QuerySet):
    def visible(self):
        """Themes to show and publish: not hidden, not merged into another."""
        return self.filter(hidden=False, merged_into__isnull=True)


class Theme(models.Model):
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()  # 0 is the largest theme of the run
    words = models.JSONField(default=list)
    # Size, growth, channels and districts include the themes merged into this one.
    size = models.PositiveIntegerField(default=0)
    own_size = models.PositiveIntegerField(default=0)
    growth = models.JSONField(default=dict)  # {"2024-Q1": count}
    channels = models.JSONField(default=dict)  # {channel: count}
    districts = models.JSONField(default=dict)  # {district: count}
    own = models.JSONField(default=dict)  # this theme's own growth/channels/districts
    # CitizenInput ids of quotable members nearest the theme's centre, best first.
    quotes = models.JSONField(default=list)
    # Curation
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    pinned = models.JSONField(default=list)  # CitizenInput ids
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    inherited_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overlap = models.FloatField(null=True, blank=True)  # Jaccard with inherited_from

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="themes_theme_run_number")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or ", ".join(self.words)

    @property
    def is_curated(self) -> bool:
        return bool(self.name or self.hidden or self.pinned or self.merged_into_id)


class Assignment(models.Model):
    """Which theme of a run a text belongs to (kept for the current and the previous run)."""

    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="assignments")
    input = models.ForeignKey(
        "citizeninput.CitizenInput", on_delete=models.CASCADE, related_name="theme_assignments"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "input"], name="themes_assignment_run_input")
        ]

    def __str__(self) -> str:
        return f"{self.input_id} → {self.theme_id}"


# The council's theme report ("Temaradar") ------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ThemeReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)


class ThemeReport(models.Model):
    """A report for the council on the themes of one run, chosen and ordered by staff.

    While it is a draft it shows its run's current figures; when it is published they are
    copied into `content`, so a later run or curation does not change what was published.
    """

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    run = models.ForeignKey(ThemeRun, null=True, on_delete=models.SET_NULL, related_name="reports")
    themes = models.ManyToManyField(Theme, through="ReportTheme", related_name="reports")
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    content = models.JSONField(default=dict, blank=True)  # the frozen figures, see reports.py
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ThemeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class ReportTheme(models.Model):
    """A theme in a report: its place in the order and the quotes chosen for it."""

    report = models.ForeignKey(ThemeReport, on_delete=models.CASCADE, related_name="items")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    quotes = models.JSONField(default=list)  # CitizenInput ids, in order

    class Meta:
        ordering = ["report", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "theme"], name="themes_reporttheme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.theme_id}"


class CandidateTopic(models.Model):
    """A topic the report suggests for a future task committee, with the theme behind it."""

    report = models.ForeignKey(ThemeReport, on_delete=models.CASCADE, related_name="topics")
    text = models.CharField(_("topic"), max_length=200)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.text
