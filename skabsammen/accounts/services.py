"""Sign-in by e-mail link, accounts and API tokens."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.mail.services import email_queue

from .models import ApiToken, Role, SignInLink, User, normalize_email, token_hash


class RateLimited(ValidationError):
    """Too many requests of one kind; the message is safe to show. Pages and the API
    answer 429."""

    def __init__(self):
        super().__init__(
            _("Too many attempts. Please wait a while and try again."), code="rate_limited"
        )


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


def check_rate_limit(*, recent_count: int, limit: int) -> None:
    if recent_count >= limit:
        raise RateLimited()


def _check_link_limits(*, email: str, client: str, purpose: str, created_by: User | None) -> None:
    """Limits per purpose, so that one kind of link cannot use up another's."""
    recent = SignInLink.objects.filter(
        purpose=purpose, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    check_rate_limit(
        recent_count=recent.filter(email=email).count(), limit=settings.SIGN_IN_LIMIT_PER_ADDRESS
    )
    if client:
        check_rate_limit(
            recent_count=recent.filter(client=client).count(),
            limit=settings.SIGN_IN_LIMIT_PER_CLIENT,
        )
    if created_by is not None:
        check_rate_limit(
            recent_count=recent.filter(created_by=created_by).count(),
            limit=settings.INVITATIONS_PER_HOUR,
        )


@transaction.atomic
def sign_in_link_create(
    *,
    email: str,
    purpose: str = SignInLink.Purpose.SIGN_IN,
    name: str = "",
    payload: dict | None = None,
    next_url: str = "",
    client: str = "",
    created_by: User | None = None,
    lifetime: timedelta | None = None,
    limited: bool = True,
) -> tuple[SignInLink, str]:
    """Create a link and return it with its secret token (which is not stored).

    `limited=False` skips the rate limits, for links made on the command line.
    """
    email = normalize_email(email)
    if limited:
        _check_link_limits(email=email, client=client, purpose=purpose, created_by=created_by)
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
        created_by=created_by,
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
    url = sign_in_link_url(token)
    email_queue(
        to=link.email,
        kind="sign_in",
        context={"url": url, "minutes": settings.SIGN_IN_LINK_MINUTES, "known": known},
        language=language,
        secret=url,
    )


def sign_in_link_check(token: str) -> SignInLink:
    """Return the unused, unexpired link for `token`, or raise LinkInvalid."""
    link = SignInLink.objects.filter(token_hash=token_hash(token)).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        raise LinkInvalid()
    return link


def sign_in_link_revoke(*, purpose: str, email: str, payload_filter: dict) -> int:
    """Make unused links of this kind stop working, e.g. before sending a new one."""
    links = SignInLink.objects.filter(
        purpose=purpose,
        email=normalize_email(email),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        **{f"payload__{key}": value for key, value in payload_filter.items()},
    )
    return links.update(expires_at=timezone.now())


@dataclass(frozen=True)
class Arrival:
    user: User
    next_url: str
    sign_in: bool


@transaction.atomic
def sign_in_link_use(*, token: str) -> Arrival:
    """Use a link once: mark it used, find or create the person, do what it carries.

    A link that carries something else than signing in (a confirmation, an
    invitation) lives longer than 15 minutes, so it signs in only citizens; staff
    carry out the action and then sign in with a fresh link.
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
    sign_in = link.purpose == SignInLink.Purpose.SIGN_IN or not user.is_municipal_staff
    audit_record(
        actor=user, action="account.follow_link", obj=user, purpose=link.purpose, sign_in=sign_in
    )
    return Arrival(user=user, next_url=next_url, sign_in=sign_in)


def user_get_or_create(*, email: str, name: str = "") -> User:
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, name=name or email.split("@")[0])
    except IntegrityError:  # made by a request running at the same moment
        return User.objects.get(email=email)
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


def validate_role(role: str, department) -> None:
    """Staff belong to a department: the one rule about roles, for services and admin."""
    if role not in Role.values:
        raise ValidationError(
            {
                "role": ValidationError(
                    _("Unknown role: %(role)s") % {"role": role}, code="unknown_role"
                )
            }
        )
    if role == Role.STAFF and department is None:
        raise ValidationError(
            {
                "department": ValidationError(
                    _("Staff must belong to a department."), code="department_required"
                )
            }
        )


@transaction.atomic
def user_set_role(*, actor: User | None, user: User, role: str, department=None) -> User:
    """Give `user` a role; staff belong to a department."""
    department = department or user.department
    validate_role(role, department)
    user.role = role
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
