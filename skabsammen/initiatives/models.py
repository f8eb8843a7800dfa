"""A citizen's idea (initiative), its dialogue, its public timeline and partner roles."""

from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skabsammen.common.calendar import work_calendar

TITLE_MAX = 120
DESCRIPTION_MAX = 5000
PLACE_MAX = 200
MESSAGE_MAX = 5000
NEXT_STEP_MAX = 300
REASON_MAX = 2000
PARTNER_ROLE_MAX = 300


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_DIALOGUE = "in_dialogue", _("In dialogue")
    BRIDGING = "bridging", _("Building bridges")
    TRIAL = "trial", _("Trying it out on a small scale")
    UNDERWAY = "underway", _("Underway")
    REALISED = "realised", _("Realised")
    DECLINED = "declined", _("The municipality is not taking part")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Open ideas: the municipality owes an answer or a next step.
ACTIVE_STATUSES = (
    Status.RECEIVED,
    Status.IN_DIALOGUE,
    Status.BRIDGING,
    Status.TRIAL,
    Status.UNDERWAY,
)
# Decided by the owner alone; the owner can return to the status the idea had before.
OWNER_STATUSES = (Status.PAUSED, Status.WITHDRAWN, Status.REALISED)
# Set by the contact person; all but `declined` need a next step and its date.
STAFF_STATUSES = (
    Status.IN_DIALOGUE,
    Status.BRIDGING,
    Status.TRIAL,
    Status.UNDERWAY,
    Status.DECLINED,
)
# Listen first: none of these before the municipality has written to the citizen.
NEEDS_DIALOGUE = (
    Status.IN_DIALOGUE,
    Status.BRIDGING,
    Status.TRIAL,
    Status.UNDERWAY,
    Status.DECLINED,
)


class HelpKind(models.TextChoices):
    """What a citizen may ask for, and what the municipality may contribute."""

    SPARRING = "sparring", _("Sparring")
    PREMISES = "premises", _("Premises")
    PERMITS = "permits", _("Permits")
    FUNDING = "funding", _("Funding")
    CONTACTS = "contacts", _("Contacts")
    COMMUNICATION = "communication", _("Communication")


class Channel(models.TextChoices):
    WEB = "web", _("Online")
    LIBRARY = "library", _("At the library")
    PHONE = "phone", _("By phone")
    EVENT = "event", _("At an event")
    MEETING = "meeting", _("At a meeting")
    EMAIL = "email", _("By e-mail")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def overdue(self, today: date | None = None):
        """Open ideas past a response-time target or past their next step's date."""
        today = today or timezone.localdate()
        calendar = work_calendar()
        contact_cutoff = calendar.last_on_time_start(
            today, settings.RESPONSE_TARGET_CONTACT_PERSON_DAYS
        )
        reply_cutoff = calendar.last_on_time_start(today, settings.RESPONSE_TARGET_FIRST_REPLY_DAYS)
        return self.active().filter(
            Q(contact_person__isnull=True, submitted_at__lt=_start_of(contact_cutoff))
            | Q(first_reply_at__isnull=True, submitted_at__lt=_start_of(reply_cutoff))
            | Q(next_step_due__lt=today)
        )

    def unassigned(self):
        return self.active().filter(contact_person__isnull=True)


class Initiative(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    help_wanted = models.JSONField(_("help wanted"), default=list, blank=True)
    topics = models.ManyToManyField(
        "municipality.Topic", verbose_name=_("topics"), blank=True, related_name="initiatives"
    )
    district = models.ForeignKey(
        "municipality.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    place = models.CharField(_("place"), max_length=PLACE_MAX, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    # The status to return to when the owner resumes a paused, withdrawn or realised idea.
    resume_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Ownership",
        related_name="owned_initiatives",
        verbose_name=_("owners"),
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for",
    )
    # An idea registered on a citizen's behalf has no owner until she accepts; until
    # then she is told of messages and decisions at this address.
    pending_owner_email = models.EmailField(_("invited owner"), blank=True)
    pending_owner_name = models.CharField(max_length=150, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_step = models.CharField(_("next step"), max_length=NEXT_STEP_MAX, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=REASON_MAX, blank=True)
    decline_referral = models.TextField(_("where else to turn"), max_length=REASON_MAX, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    contact_assigned_at = models.DateTimeField(null=True, blank=True)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(
                fields=["is_public", "-submitted_at", "-id"], name="initiative_public_recent"
            ),
            models.Index(fields=["status", "-submitted_at"], name="initiative_status_recent"),
            models.Index(fields=["contact_person", "status"], name="initiative_contact_status"),
            models.Index(fields=["next_step_due"], name="initiative_next_step_due"),
            models.Index(fields=["updated_at"], name="initiative_updated"),
        ]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def awaits_first_reply_from(self, user) -> bool:
        """Listen first: the contact person's first message takes the idea into dialogue."""
        return (
            self.first_reply_at is None
            and self.status == Status.RECEIVED
            and user.is_authenticated
            and self.contact_person_id == user.pk
        )

    def get_help_wanted_display(self) -> list[str]:
        labels = dict(HelpKind.choices)
        return [labels[code] for code in self.help_wanted if code in labels]


class Ownership(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="one_ownership_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} owns {self.initiative}"


class Message(models.Model):
    """A message in the dialogue between owners and contact person, or a staff note."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"), max_length=MESSAGE_MAX)
    internal = models.BooleanField(_("internal note"), default=False)
    lix = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["initiative", "created_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.text[:40]}"


class TimelineEvent(models.Model):
    """One line of an idea's public history: what changed, and what happens next."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Idea received")
        CONTACT_ASSIGNED = "contact_assigned", _("Contact person assigned")
        STATUS_CHANGED = "status_changed", _("Status changed")
        NEXT_STEP = "next_step", _("Next step updated")
        EDITED = "edited", _("Idea updated by its owner")
        OWNER_ADDED = "owner_added", _("Co-owner added")
        PARTNER_ROLE = "partner_role", _("The municipality takes on a role")
        PARTNER_ROLE_ENDED = "partner_role_ended", _("A role of the municipality ended")
        BRIDGE = "bridge", _("A bridge was built")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    previous_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # A channel (for `submitted`) or a kind of help (for partner roles), shown in the
    # reader's language.
    code = models.CharField(max_length=20, blank=True)
    next_step = models.CharField(max_length=NEXT_STEP_MAX, blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["initiative", "created_at"], name="timeline_order")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.kind}"

    @property
    def code_label(self) -> str:
        labels = (
            dict(Channel.choices) if self.kind == self.Kind.SUBMITTED else dict(HelpKind.choices)
        )
        return labels.get(self.code, "")


class PartnerRole(models.Model):
    """What the municipality contributes to an idea, without taking it over."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="partner_roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=HelpKind.choices)
    description = models.CharField(_("what the municipality does"), max_length=PARTNER_ROLE_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class Reminder(models.Model):
    """A reminder e-mail about overdue ideas, recorded before it is queued.

    One per person, kind and day, so the daily task can run twice without sending twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20)
    day = models.DateField()
    initiatives = models.ManyToManyField(Initiative, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"], name="one_reminder_per_person_kind_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder to {self.recipient} on {self.day}"
