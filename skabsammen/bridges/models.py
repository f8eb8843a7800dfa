"""Bridges (broer): who could help a citizen's idea, and introductions with consent.

The *directory* holds organisations (departments, institutions, associations, local
businesses, other public bodies) and their contacts; staff keep it, an association can
update its own entry through a link, and a register of associations can be imported.
*Suggestions* rank organisations, contacts and other ideas for an idea, each with its
reason in words (see `ranking.py`); staff can dismiss one for good (`Dismissal`).
An *introduction* puts an idea's owners in touch with a contact or with the owners of
another idea, and shares anybody's contact details only when both sides have said yes.
"""

import hashlib
import re
import secrets
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_MAX = 200
DESCRIPTION_MAX = 2000
NOTE_MAX = 1000
# Applying 5,000 rows takes about 15 s; a worker that has not finished in this long died.
IMPORT_APPLY_LEASE = timedelta(minutes=15)
PHONE_MAX = 30


def normal_name(name: str) -> str:
    """An organisation's name as compared when merging: casefolded, without punctuation,
    spaces collapsed ("Ordrup  Boldklub." and "ordrup boldklub" are the same)."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A secret for a link, and the hash that is stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Municipal department or centre")
    INSTITUTION = "institution", _("Institution")
    ASSOCIATION = "association", _("Association")
    BUSINESS = "business", _("Local business")
    PUBLIC_BODY = "public_body", _("Other public body")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    """Everything here but the self-update link is public (the directory page, the API);
    the people are in `Contact` and are never public."""

    name = models.CharField(_("name"), max_length=NAME_MAX)
    normal_name = models.CharField(max_length=NAME_MAX, db_index=True, editable=False)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ASSOCIATION,
    )
    description = models.TextField(_("what it does"), max_length=DESCRIPTION_MAX, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The organisation's own address (info@…), not a person's.
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=PHONE_MAX, blank=True)
    # The number in the municipality's register of associations, or a CVR number: rows of
    # an import with the same number are the same organisation.
    register_id = models.CharField(_("register number"), max_length=40, blank=True, db_index=True)
    department = models.ForeignKey(
        "municipality.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    topics = models.ManyToManyField(
        "municipality.Topic", verbose_name=_("topics"), blank=True, related_name="organisations"
    )
    # None: the whole municipality.
    districts = models.ManyToManyField(
        "municipality.District",
        verbose_name=_("districts served"),
        blank=True,
        related_name="organisations",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The link through which the organisation updates its own entry (hash only).
    update_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    update_token_expires_at = models.DateTimeField(null=True, blank=True)
    updated_by_itself_at = models.DateTimeField(_("last updated by itself"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normal_name = normal_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normal_name"}
        super().save(*args, **kwargs)


class Contact(models.Model):
    """A person at an organisation whom staff may introduce a citizen to. Never public;
    shown to a citizen only after both sides of an introduction said yes."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=PHONE_MAX, blank=True)
    topics = models.ManyToManyField(
        "municipality.Topic", verbose_name=_("topics"), blank=True, related_name="contacts"
    )
    districts = models.ManyToManyField(
        "municipality.District",
        verbose_name=_("districts served"),
        blank=True,
        related_name="contacts",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class OrganisationVector(models.Model):
    """The stored embedding of an organisation's description, topics and contacts' roles
    (float32 bytes), and what it was computed from."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="vector"
    )
    vector = models.BinaryField()
    model = models.CharField(max_length=100)
    text_sha256 = models.CharField(max_length=64)
    computed_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"vector of {self.organisation_id}"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class SuggestionKind(models.TextChoices):
    INITIATIVE = "initiative", _("Similar idea")
    ORGANISATION = "organisation", _("Organisation")
    CONTACT = "contact", _("Contact")


class Dismissal(models.Model):
    """A suggestion staff dismissed for an idea; it is not suggested for that idea again."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="bridge_dismissals"
    )
    kind = models.CharField(max_length=20, choices=SuggestionKind.choices)
    target_id = models.PositiveIntegerField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "target_id"], name="one_dismissal_per_suggestion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: not {self.kind} {self.target_id}"


class DirectoryImport(models.Model):
    """An uploaded register of organisations: first read and reported (nothing changes),
    then applied by staff. `rows` holds what applying will do, row by row."""

    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Applying runs as a task: queued when staff ask, done when `applied_at` is set. A
    # task that has not finished `IMPORT_APPLY_LEASE` after it was queued has died with
    # its worker (applying is one transaction, so nothing of it was kept): staff may ask
    # again.
    apply_queued_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_created = models.PositiveIntegerField(default=0)
    applied_merged = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list)
    accepted = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_applying(self) -> bool:
        """Queued, not applied, and not yet given up as lost with a dead worker."""
        return (
            self.applied_at is None
            and self.apply_queued_at is not None
            and timezone.now() - self.apply_queued_at < IMPORT_APPLY_LEASE
        )


class IntroductionStatus(models.TextChoices):
    # The idea's owners are asked first: nothing about them reaches the other side
    # before they have said yes.
    ASKING_OWNERS = "asking_owners", _("Waiting for the idea's owners")
    ASKING_OTHER = "asking_other", _("Waiting for the other side")
    ACCEPTED = "accepted", _("Both said yes")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_INTRODUCTION = (IntroductionStatus.ASKING_OWNERS, IntroductionStatus.ASKING_OTHER)
# An introduction in one of these blocks another for the same pair; after one that
# expired or was withdrawn, the pair may be proposed again.
BLOCKING_INTRODUCTION = (
    *OPEN_INTRODUCTION,
    IntroductionStatus.ACCEPTED,
    IntroductionStatus.DECLINED,
)


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Introduction(models.Model):
    """Side A: the owners of `initiative`. Side B: `contact` (asked by an e-mail link, no
    account) or the owners of `other_initiative` (asked in their idea's thread).

    Side A is asked first (unless its owners asked for the introduction themselves);
    side B only after A said yes. Each side has `settings.BRIDGES_ANSWER_DAYS` to answer.
    """

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="introductions"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="introductions"
    )
    # The contact's organisation when proposed: kept for the figures if the contact goes.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introductions",
    )
    other_initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="introductions_received",
    )
    # "12-c5" (idea 12 and contact 5) or "9-i12" (ideas 9 and 12, the lower id first).
    pair_key = models.CharField(max_length=40)
    requested_by_owner = models.BooleanField(default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why, in the proposer's words: shown to both sides.
    note = models.TextField(_("why you two"), max_length=NOTE_MAX, blank=True)
    # The suggestion's reason in words and its score, when it came from one.
    reason = models.CharField(max_length=300, blank=True)
    score = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=IntroductionStatus.choices, default=IntroductionStatus.ASKING_OWNERS
    )
    owners_answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    owners_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    owners_answered_at = models.DateTimeField(null=True, blank=True)
    other_answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    other_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_answered_at = models.DateTimeField(null=True, blank=True)
    # The contact's single-use answer link (hash only; emptied when used).
    contact_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    asked_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair_key"],
                condition=Q(status__in=[s.value for s in BLOCKING_INTRODUCTION]),
                name="one_introduction_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=True) | Q(other_initiative__isnull=True),
                name="introduction_one_other_side",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="introduction_open_expiry"),
        ]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")

    def __str__(self) -> str:
        return f"introduction {self.pair_key} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_INTRODUCTION

    @staticmethod
    def pair_key_for(initiative_id: int, *, contact_id=None, other_initiative_id=None) -> str:
        if contact_id is not None:
            return f"{initiative_id}-c{contact_id}"
        low, high = sorted((initiative_id, other_initiative_id))
        return f"{low}-i{high}"
