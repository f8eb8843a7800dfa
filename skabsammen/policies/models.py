"""The municipality's policies and strategies, and what citizens and the municipality do
under them ("Fra politik til handling").

Ideas link to a policy through `PolicyInitiative`, which records who linked them and when;
committees and councils link to a policy directly.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
SUMMARY_MAX = 3000
GOAL_MAX = 300
GOALS_MAX = 30
LINK_MAX = 500


class PolicyKind(models.TextChoices):
    POLICY = "policy", _("Policy")
    STRATEGY = "strategy", _("Strategy")


class PolicyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Policy(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    slug = models.SlugField(_("address"), max_length=TITLE_MAX, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PolicyKind.choices, default=PolicyKind.POLICY
    )
    adopted_on = models.DateField(_("adopted on"))
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    # The policy's goals in order, one text each.
    goals = models.JSONField(_("goals"), default=list, blank=True)
    link = models.URLField(_("link"), max_length=LINK_MAX, blank=True)
    department = models.ForeignKey(
        "municipality.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policies",
    )
    is_active = models.BooleanField(_("active"), default=True)
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        through="PolicyInitiative",
        related_name="policies",
        verbose_name=_("ideas"),
        blank=True,
    )
    bodies = models.ManyToManyField(
        "committees.Body",
        related_name="policies",
        verbose_name=_("committees and councils"),
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        indexes = [models.Index(fields=["is_active", "title"], name="policy_active_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policies:detail", args=[self.slug])


class PolicyInitiative(models.Model):
    """An idea linked to a policy: by whom and when."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="initiative_links")
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="policy_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        ordering = ["linked_at", "id"]
        verbose_name = _("idea under a policy")
        verbose_name_plural = _("ideas under policies")
        constraints = [
            models.UniqueConstraint(fields=["policy", "initiative"], name="policy_initiative_once")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} → {self.policy_id}"
