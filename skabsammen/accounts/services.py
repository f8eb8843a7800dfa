"""Sign-in by e-mail link, accounts and API tokens."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.mail.services import email_queue

from .models import ApiToken, Role, SignInLink, User, normalize_email, token_hash


class RateLimited(Exception):
    """Too many sign-in links asked for; the message is safe to show."""

    def __init__(self):
        super().__init__(_("Too many attempts. Please wait a while and try again."))


class LinkInvalid(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "This link no longer works. It may have been used already or have "
                "expired. You can ask for a new one."
            ),
            code="link_invalid",
        )


# What happens when a link with a purpose other than plain sign-in is followed:
# a function (user, link) -> URL to go to next, registered by the app that owns it.
ArrivalHandler = Callable[[User, SignInLink], str]
_arrival_handlers: dict[str, ArrivalHandler] = {}


def register_arrival_handler(purpose: str, handler: ArrivalHandler) -> None:
    _arrival_handlers[purpose] = handler


def client_fingerprint(ip_address: str) -> str:
    """Identify a client for rate limits without storing its address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (ip_address or "").encode(), hashlib.sha256).hexdigest()


def _check_rate_limits(*, email: str, client: str) -> None:
    since = timezone.now() - timedelta(hours=1)
    recent = SignInLink.objects.filter(created_at__gte=since)
    if recent.filter(email=email).count() >= settings.SIGN_IN_LIMIT_PER_ADDRESS:
        raise RateLimited()
    if client and recent.filter(client=client).count() >= settings.SIGN_IN_LIMIT_PER_CLIENT:
        raise RateLimited()


@transaction.atomic
def sign_in_link_create(
    *,
    email: str,
    purpose: str = SignInLink.Purpose.SIGN_IN,
    name: str = "",
    payload: dict | None = None,
    next_url: str = "",
    client: str = "",
    lifetime: timedelta | None = None,
    limited: bool = True,
) -> tuple[SignInLink, str]:
    """Create a link and return it with its secret token (which is not stored).

    `limited=False` skips the rate limits, for links made on the command line.
    """
    email = normalize_email(email)
    if limited:
        _check_rate_limits(email=email, client=client)
    token = secrets.token_urlsafe(32)
    lifetime = lifetime or timedelta(minutes=settings.SIGN_IN_LINK_MINUTES)
    link = SignInLink.objects.create(
        email=email,
        name=name,
        token_hash=token_hash(token),
        purpose=purpose,
        payload=payload or {},
        next_url=next_url,
        client=client,
        expires_at=timezone.now() + lifetime,
    )
    return link, token


def sign_in_link_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:follow_link", args=[token])


@transaction.atomic
def sign_in_link_request(
    *, email: str, client: str = "", next_url: str = "", language: str | None = None
) -> None:
    """Send a sign-in link to `email`, known or not: the answer is the same either way.

    An unknown address gets a link that creates a citizen account when followed, so
    the page never tells whether an address has an account.
    """
    link, token = sign_in_link_create(email=email, next_url=next_url, client=client)
    known = User.objects.filter(email=link.email, is_active=True).exists()
    email_queue(
        to=link.email,
        kind="sign_in",
        context={
            "url": sign_in_link_url(token),
            "minutes": settings.SIGN_IN_LINK_MINUTES,
            "known": known,
        },
        language=language,
    )


def sign_in_link_check(token: str) -> SignInLink:
    """Return the unused, unexpired link for `token`, or raise LinkInvalid."""
    link = SignInLink.objects.filter(token_hash=token_hash(token)).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        raise LinkInvalid()
    return link


@transaction.atomic
def sign_in_link_use(*, token: str) -> tuple[User, str]:
    """Use a link once: mark it used, find or create the person, do what it carries.

    Return the user to sign in and the URL to go to.
    """
    link = sign_in_link_check(token)
    used = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:  # another request used it a moment ago
        raise LinkInvalid()
    user = user_get_or_create(email=link.email, name=link.name)
    if not user.is_active:
        raise LinkInvalid()
    next_url = link.next_url or reverse("home")
    handler = _arrival_handlers.get(link.purpose)
    if handler is not None:
        next_url = handler(user, link)
    audit_record(actor=user, action="account.sign_in", obj=user, purpose=link.purpose)
    return user, next_url


def user_get_or_create(*, email: str, name: str = "") -> User:
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, name=name or email.split("@")[0])
        audit_record(actor=user, action="account.create", obj=user, role=user.role)
    return user


@transaction.atomic
def profile_update(
    *, actor: User, name: str, district=None, age_band: str = "", language: str | None = None
) -> User:
    actor.name = name
    actor.district = district
    actor.age_band = age_band
    fields = ["name", "district", "age_band"]
    if language:
        actor.language = language
        fields.append("language")
    actor.full_clean(exclude=["password"])
    actor.save(update_fields=fields)
    audit_record(actor=actor, action="account.profile_update", obj=actor)
    return actor


@transaction.atomic
def user_set_role(*, actor: User | None, user: User, role: str, department=None) -> User:
    """Give `user` a role; staff belong to a department."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role}, code="unknown_role")
    if role == Role.STAFF and department is None and user.department_id is None:
        raise ValidationError(_("Staff must belong to a department."), code="department_required")
    user.role = role
    if department is not None:
        user.department = department
    user.save(update_fields=["role", "department"])
    audit_record(
        actor=actor, action="account.set_role", obj=user, role=role, department=str(department)
    )
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> str:
    """Create a personal API token for `user` and return it; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, token_hash=token_hash(token), name=name)
    audit_record(actor=user, action="account.api_token_create", obj=user, name=name)
    return token


def api_token_user(token: str) -> User | None:
    found = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
    return found.user if found else None
