"""Personal invitations to a random sample of residents ("personlig henvendelse").

A campaign imports a register extract, draws a stratified sample from it, and invites
each person drawn: by e-mail with a personal link, or by a Digital Post letter with a
short personal code. The answers need no account. When the campaign closes, the
register extract and everything that names a person are deleted; the anonymous figures
(population and answers by stratum) and the answers' texts remain.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skabsammen.accounts.models import AgeBand
from skabsammen.committees.models import Education, Gender


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # register imported (or not), sample not drawn
    SAMPLED = "sampled", _("Sample drawn")  # invitations exist, none sent
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")  # answers are open
    CLOSED = "closed", _("Closed")  # personal data deleted


class LettersPdfStatus(models.TextChoices):
    NONE = "", _("Not made")
    MAKING = "making", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=200)
    # What the invitation says the campaign is for, in the municipality's words.
    purpose = models.TextField(_("purpose"))
    question = models.CharField(
        _("question"),
        max_length=300,
        default=_("What would you like the municipality to work on?"),
    )
    # The citizens' assembly or committee volunteers may be drawn for (optional).
    body = models.ForeignKey(
        "committees.Body",
        verbose_name=_("citizens' assembly or committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    answer_until = models.DateField(_("answers until"), null=True, blank=True)
    remind_after_days = models.PositiveSmallIntegerField(_("remind after (days)"), default=10)

    # The register extract as imported (the rows themselves are RegisterPerson).
    register_filename = models.CharField(_("register file"), max_length=200, blank=True)
    register_sha256 = models.CharField(max_length=64, blank=True)
    register_rows = models.PositiveIntegerField(_("people in the register"), default=0)
    register_report = models.JSONField(default=dict, blank=True)
    # Anonymous counts of the register by attribute value ({"district": {"Hellerup": 812}}),
    # kept after the campaign closes so that the respondents can still be compared.
    population = models.JSONField(default=dict, blank=True)

    # The sample design and the draw's record (seed, inputs' hash, versions).
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    strata = models.JSONField(_("strata"), default=list, blank=True)
    one_per_household = models.BooleanField(_("at most one per household"), default=True)
    seed = models.CharField(_("seed"), max_length=100, blank=True)
    sample_record = models.JSONField(default=dict, blank=True)

    # The letters as one PDF, made by a task (thousands of pages take minutes). The file
    # names people: it lies in the default storage, which is not served, is downloaded
    # only through the secretariat's view, and is deleted when the campaign closes.
    letters_pdf = models.FileField(_("letters (PDF)"), upload_to="outreach/letters/", blank=True)
    letters_pdf_status = models.CharField(
        max_length=10, choices=LettersPdfStatus.choices, default=LettersPdfStatus.NONE, blank=True
    )
    letters_pdf_requested_at = models.DateTimeField(null=True, blank=True)
    letters_pdf_at = models.DateTimeField(_("letters made"), null=True, blank=True)
    letters_pdf_count = models.PositiveIntegerField(default=0)
    letters_pdf_error = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sampled_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outreach campaign")
        verbose_name_plural = _("outreach campaigns")

    def __str__(self) -> str:
        return self.title

    @property
    def letters_pdf_stalled(self) -> bool:
        """True when the PDF has been in the making for longer than its worker could take."""
        if self.letters_pdf_status != LettersPdfStatus.MAKING or not self.letters_pdf_requested_at:
            return False
        lease = timedelta(seconds=settings.OUTREACH_LETTERS_PDF_LEASE_SECONDS)
        return self.letters_pdf_requested_at < timezone.now() - lease


class RegisterPerson(models.Model):
    """One row of the register extract; deleted when the campaign closes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="register")
    row = models.PositiveIntegerField()  # the row in the imported file, from 1
    external_id = models.CharField(_("pseudonymous id"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4)
    city = models.CharField(_("city"), max_length=80, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    # The normalised address and postcode: one person per household when asked.
    household = models.CharField(max_length=250)

    class Meta:
        ordering = ["row"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "external_id"], name="outreach_register_unique_id"
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Digital Post letter")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Not sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Invitation(models.Model):
    """A personal invitation to one person in the sample.

    The stratum (district, age band, gender) is copied here, so that the response
    rates survive the deletion of the register.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.OneToOneField(
        RegisterPerson, null=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The personal link's token and the letter's short code; emptied when the campaign closes.
    token = models.CharField(max_length=64, blank=True, db_index=True)
    code = models.CharField(_("personal code"), max_length=12, blank=True, db_index=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
        db_index=True,
    )
    error = models.TextField(blank=True)
    # When the SMTP server refused the e-mail for good (5xx) and the invitation became a
    # letter instead, with the same code and link.
    fell_back_at = models.DateTimeField(null=True, blank=True)
    # When the SMTP server first refused the e-mail for now (4xx: greylisting, a full
    # mailbox). It is tried again; after OUTREACH_DEFER_HOURS it becomes a letter.
    deferred_at = models.DateTimeField(null=True, blank=True)
    # When a worker claimed the e-mail for sending (pending → sending): a claim older than
    # OUTREACH_SEND_LEASE_SECONDS belongs to a worker that died, and is taken over.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="outreach_code_unique"
            ),
            models.UniqueConstraint(
                fields=["token"], condition=~models.Q(token=""), name="outreach_token_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.pk}"


class Answer(models.Model):
    """What an invited resident answered. The text is anonymous and stays; the contact
    details of a volunteer are deleted when the campaign closes."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="answer")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("what the municipality should work on"), blank=True)
    wants_assembly = models.BooleanField(_("would join a citizens' assembly"), default=False)
    wants_working_group = models.BooleanField(_("would join a working group"), default=False)
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    # Only for volunteers, and only until the campaign closes.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.invitation_id}"

    @property
    def volunteers(self) -> bool:
        return self.wants_assembly or self.wants_working_group


class CodeAttempt(models.Model):
    """A code typed on the answer page that matched no invitation: counted per client
    (a keyed hash of the address, as for sign-in links) to limit guessing."""

    client = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"
