"""Draws (lodtrækninger): a frozen pool, quotas and k, a seed entered at run time, and the
result with every row's chance of being drawn.

The pool's names and e-mail addresses are private; everything else about a draw is
public, so that anyone can check it and run it again.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skabsammen.sortition import Quota

PURPOSE_MAX = 300
SEED_MAX = 200
# The two extra columns of respondents.csv; a category may not be called either.
ROW_COLUMN = "række"
HOUSEHOLD_COLUMN = "husstand"


class DrawStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    DRAWING = "drawing", _("Drawing")
    DRAWN = "drawn", _("Drawn")
    FAILED = "failed", _("Could not be made")


class Algorithm(models.TextChoices):
    LEXIMIN = "leximin", "LEXIMIN"
    LEGACY = "legacy", "LEGACY"


class DrawQuerySet(models.QuerySet):
    def public(self):
        return self.select_related("body").order_by("-created_at", "-id")


class Draw(models.Model):
    """One lottery: what it is for, the frozen inputs, the seed and the result.

    `quotas` is an ordered list of [category, value, min, max]; the order is part of the
    inputs' SHA-256, and categories.csv lists the quotas in this order.
    """

    purpose = models.CharField(_("purpose"), max_length=PURPOSE_MAX)
    body = models.ForeignKey(
        "committees.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draws",
        verbose_name=_("body"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DrawStatus.choices, default=DrawStatus.PREPARED
    )
    algorithm = models.CharField(
        _("method"), max_length=20, choices=Algorithm.choices, default=Algorithm.LEXIMIN
    )
    k = models.PositiveIntegerField(_("number to draw"))
    categories = models.JSONField(default=list)
    quotas = models.JSONField(default=list)
    household_rule = models.BooleanField(_("at most one per household"), default=False)
    pool_size = models.PositiveIntegerField(default=0)
    inputs_sha256 = models.CharField(max_length=64, blank=True)
    inputs_fixed_at = models.DateTimeField(null=True, blank=True)
    seed = models.CharField(_("seed"), max_length=SEED_MAX, blank=True)
    seed_set_at = models.DateTimeField(null=True, blank=True)
    # When the draw was last handed to a task (run, or run again after a stall).
    drawing_started_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    record = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    drawn_at = models.DateTimeField(null=True, blank=True)

    objects = DrawQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return self.purpose

    def get_absolute_url(self) -> str:
        return reverse("lotteries:draw", args=[self.pk])

    @property
    def quota_list(self) -> list[Quota]:
        return [Quota(c, v, int(lo), int(hi)) for c, v, lo, hi in self.quotas]

    @property
    def household_column(self) -> str | None:
        return HOUSEHOLD_COLUMN if self.household_rule else None

    @property
    def can_change(self) -> bool:
        """Quotas and k may change until a draw has been started."""
        return self.status in (DrawStatus.PREPARED, DrawStatus.FAILED)

    @property
    def is_drawn(self) -> bool:
        return self.status == DrawStatus.DRAWN

    @property
    def resumable_at(self):
        """When a draw still running counts as stalled (its worker died or never came)."""
        if self.status != DrawStatus.DRAWING:
            return None
        started = self.drawing_started_at or self.seed_set_at or self.updated_at
        return started + timedelta(seconds=settings.LOTTERY_DRAW_LEASE_SECONDS)

    @property
    def is_stalled(self) -> bool:
        return self.resumable_at is not None and self.resumable_at <= timezone.now()


class DrawEntry(models.Model):
    """One person in a draw's pool. `row` (from 0) is the only public name for her.

    `key` says where she came from ("committees.application:12"); `name`, `email` and
    `household` are never shown in public: downloads give the household as a number.
    """

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveIntegerField()
    key = models.CharField(max_length=100)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    features = models.JSONField(default=dict)
    household = models.CharField(max_length=200, blank=True)
    selected = models.BooleanField(default=False)
    probability = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["draw", "row"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "row"], name="draw_entry_row"),
            models.UniqueConstraint(fields=["draw", "key"], name="draw_entry_key"),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id}:{self.row}"

    @property
    def prefix(self) -> str:
        return self.key.split(":", 1)[0]
