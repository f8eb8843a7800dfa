"""People and how they sign in: e-mail links for the web, tokens for the API."""

import hashlib

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff")
    SECRETARIAT = "secretariat", _("Secretariat")
    ADMINISTRATOR = "administrator", _("Administrator")


MUNICIPAL_ROLES = frozenset({Role.STAFF, Role.SECRETARIAT, Role.ADMINISTRATOR})


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_24", _("18–24")
    FROM_25 = "25_34", _("25–34")
    FROM_35 = "35_44", _("35–44")
    FROM_45 = "45_54", _("45–54")
    FROM_55 = "55_64", _("55–64")
    FROM_65 = "65_74", _("65–74")
    FROM_75 = "75_plus", _("75 or over")


def normalize_email(address: str) -> str:
    return address.strip().lower()


def token_hash(token: str) -> str:
    """Store only a hash of each secret, so a copy of the database signs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, name: str = "", **fields):
        user = self.model(email=normalize_email(email), name=name, **fields)
        user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, name: str = "", password=None, **fields):
        return self.create_user(email, name, role=Role.ADMINISTRATOR, **fields)


class User(AbstractBaseUser):
    """A person with an e-mail address. Nobody has a password: they sign in by link."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    department = models.ForeignKey(
        "municipality.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    district = models.ForeignKey(
        "municipality.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_account_per_address_any_case")
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split()[0] if self.name else self.email

    @property
    def is_municipal_staff(self) -> bool:
        """Staff, secretariat and administrators all work for the municipality."""
        return self.is_active and self.role in MUNICIPAL_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.role == Role.ADMINISTRATOR

    # Django's admin site is for administrators; the platform's own rules live in rules.py.
    @property
    def is_staff(self) -> bool:
        return self.is_administrator

    @property
    def is_superuser(self) -> bool:
        return self.is_administrator

    def has_perm(self, perm: str, obj=None) -> bool:
        return self.is_administrator

    def has_perms(self, perm_list, obj=None) -> bool:
        return self.is_administrator

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_administrator


class SignInLink(models.Model):
    """A single-use link sent by e-mail. Following it signs the person in.

    It may carry something to do on arrival: create an idea that was submitted
    without an account, or take ownership of an idea registered on one's behalf.
    """

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign in")
        SUBMIT_INITIATIVE = "submit_initiative", _("Confirm a new idea")
        TAKE_OWNERSHIP = "take_ownership", _("Take ownership of an idea")

    email = models.EmailField(_("e-mail address"), db_index=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    payload = models.JSONField(default=dict, blank=True)
    next_url = models.CharField(max_length=300, blank=True)
    client = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        "User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.email}"


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user}: {self.name or self.pk}"
