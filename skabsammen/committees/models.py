"""Bodies (council, committees, councils, working groups), their members and meetings.

A meeting's agenda and minutes are its items: the same record is the agenda before the
meeting and the minutes after it. Closed items (Lukket) show only their title in public.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_MAX = 200
TITLE_MAX = 300
PLACE_MAX = 200
TEXT_MAX = 50_000
CASE_ID_MAX = 40


class BodyKind(models.TextChoices):
    MUNICIPAL_COUNCIL = "municipal_council", _("Municipal council")
    TASK_COMMITTEE = "task_committee", _("Task committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    COUNCIL = "council", _("Council")
    WORKING_GROUP = "working_group", _("Working group")


class Body(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX)
    slug = models.SlugField(_("address"), max_length=NAME_MAX, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_groups",
        verbose_name=_("belongs under"),
    )
    mandate = models.TextField(_("mandate"), blank=True)
    period_start = models.DateField(_("period starts"), null=True, blank=True)
    period_end = models.DateField(_("period ends"), null=True, blank=True)
    applications_open_until = models.DateField(
        _("applications open until"),
        null=True,
        blank=True,
        help_text=_("For task committees: citizens may apply until and including this day."),
    )
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Names the body has in documents, one a line; used when minutes are read."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="working_group", parent__isnull=False)
                | (~Q(kind="working_group") & Q(parent__isnull=True)),
                name="body_working_groups_have_a_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committees:body", args=[self.slug])

    @property
    def accepts_applications(self) -> bool:
        return (
            self.kind == BodyKind.TASK_COMMITTEE
            and self.applications_open_until is not None
            and self.applications_open_until >= timezone.localdate()
        )

    @property
    def names(self) -> list[str]:
        return [self.name, *filter(None, (n.strip() for n in self.other_names.splitlines()))]


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class MemberGroup(models.TextChoices):
    POLITICIAN = "politician", _("Politician")
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other")


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        """The seats held on `day`: begun by then, and not ended before it."""
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Membership(models.Model):
    """A person's seat in a body for a period; the person need not have an account."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    group = models.CharField(
        _("member as"), max_length=20, choices=MemberGroup.choices, default=MemberGroup.CITIZEN
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["body", "starts_on"], name="membership_body_period")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.body})"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
    HELD = "held", _("Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(_("meeting number"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=PLACE_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    closing_note = models.CharField(_("closing line"), max_length=300, blank=True)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    # Where an imported meeting came from: the file's SHA-256, its layout and the report.
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    source_layout = models.CharField(max_length=30, blank=True)
    import_report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["body", "starts_at"], name="meeting_once_per_time"),
        ]
        indexes = [models.Index(fields=["status", "-starts_at"], name="meeting_status_recent")]

    def __str__(self) -> str:
        return f"{self.body} {self.starts_at:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("committees:meeting", args=[self.pk])

    @property
    def agenda_is_public(self) -> bool:
        return self.status != MeetingStatus.PLANNED

    @property
    def minutes_are_public(self) -> bool:
        return self.status == MeetingStatus.MINUTES_APPROVED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    is_closed = models.BooleanField(_("closed item"), default=False)
    case_id = models.CharField(_("case ID"), max_length=CASE_ID_MAX, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    background = models.TextField(_("background"), blank=True)
    recommendation_intro = models.TextField(_("recommendation, introduction"), blank=True)
    recommendations = models.JSONField(_("recommendation"), default=list, blank=True)
    previous_decisions = models.TextField(_("previous decisions"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    other_sections = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Attachment(models.Model):
    """Bilag: a file, or only its title and document ID when read from old minutes."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    document_id = models.CharField(_("document ID"), max_length=60, blank=True)
    file = models.FileField(_("file"), upload_to="bilag/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["item", "number", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    SUBSTITUTED = "substituted", _("Absent, with substitute")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    presence = models.CharField(_("attendance"), max_length=20, choices=Presence.choices)
    substitute = models.CharField(_("substitute"), max_length=NAME_MAX, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_presence_display()}"


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary and lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational education")
    SHORT_HIGHER = "short_higher", _("Short higher education")
    MEDIUM_HIGHER = "medium_higher", _("Medium-length higher education")
    LONG_HIGHER = "long_higher", _("Long higher education")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPOINTED = "appointed", _("Appointed")
    NOT_APPOINTED = "not_appointed", _("Not appointed")
    INVITED = "invited", _("Invited to a working group")
    JOINED = "joined", _("Joined a working group")
    DECLINED = "declined", _("Declined the invitation")
    WITHDRAWN = "withdrawn", _("Withdrawn")


MOTIVATION_MAX = 3000


class Application(models.Model):
    """A citizen's application for a seat in a task committee.

    Age band, gender, district and education are optional and seen only by the
    secretariat: they let the selection make a committee that looks like the town.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    motivation = models.TextField(_("why you would like to take part"))
    age_band = models.CharField(_("age band"), max_length=10, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    district = models.ForeignKey(
        "municipality.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("district"),
    )
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
    )
    # How the seat was decided: by the secretariat now, by a lottery in time.
    decided_by = models.CharField(max_length=20, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    invited_to = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        verbose_name=_("invited to"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["body", "applicant"], name="application_once"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.body}"


class PrinciplesDocument(models.Model):
    """A body's principles as a living document: versions, comments on a draft, adoption."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="principles")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    slug = models.SlugField(max_length=80)

    class Meta:
        verbose_name = _("principles")
        verbose_name_plural = _("principles")
        constraints = [
            models.UniqueConstraint(fields=["body", "slug"], name="principles_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("committees:principles", args=[self.body.slug, self.slug])


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class PrinciplesVersion(models.Model):
    document = models.ForeignKey(
        PrinciplesDocument, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    introduction = models.TextField(_("introduction"), blank=True)
    comments_open = models.BooleanField(_("open for comments"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="principles_version"),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="draft"),
                name="principles_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


PRINCIPLE_TEXT_MAX = 5000
COMMENT_MAX = 3000


class Principle(models.Model):
    version = models.ForeignKey(
        PrinciplesVersion, on_delete=models.CASCADE, related_name="principles"
    )
    position = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self) -> str:
        return self.title


class PrincipleComment(models.Model):
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
