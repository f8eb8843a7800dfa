"""Introductions with consent from both sides.

Side A (the idea's owners) is asked first, side B (a contact, or the owners of another
idea) only after A said yes; contact details are shared, in one e-mail to everybody, only
when both said yes. A no, no answer in time, or staff withdrawing it closes it, and the
side that had said yes is told the same words whichever it was.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import Forbidden, require
from skabsammen.initiatives.models import Initiative, Status, TimelineEvent
from skabsammen.mail.services import email_queue

from ..models import (
    BLOCKING_INTRODUCTION,
    NOTE_MAX,
    OPEN_INTRODUCTION,
    Answer,
    Contact,
    Introduction,
    IntroductionStatus,
    new_token,
    token_hash,
)

# A citizen may have this many requests for contact open per idea at a time.
OPEN_REQUESTS_MAX = 5
REASON_MAX = 300

# Codes of refusals that are about the introduction's state (the API answers 409).
DUPLICATE, CLOSED, ALREADY_ANSWERED = "duplicate", "closed", "already_answered"
# Refusals about the introduction's state (409 Conflict in pages and the API).
CONFLICTS = frozenset({DUPLICATE, CLOSED, ALREADY_ANSWERED})


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _deadline(now: datetime) -> datetime:
    return now + timedelta(days=settings.BRIDGES_ANSWER_DAYS)


def owners_of(initiative: Initiative | None) -> list:
    """The active owners of an idea: they answer for it and hear about it."""
    if initiative is None:
        return []
    return list(initiative.owners.filter(is_active=True).order_by("pk"))


def _idea_url(initiative: Initiative) -> str:
    return settings.SITE_URL + initiative.get_absolute_url()


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": too_long(_("The note"), NOTE_MAX)})
    return note


def _check_pair_is_free(pair_key: str) -> None:
    taken = Introduction.objects.filter(pair_key=pair_key, status__in=BLOCKING_INTRODUCTION)
    if taken.exists():
        raise _refused(
            _("These two have already been introduced, or an introduction of them is open."),
            DUPLICATE,
        )


def _create(**fields) -> Introduction:
    """Create the introduction; the database refuses a second one for the same pair."""
    try:
        with transaction.atomic():
            return Introduction.objects.create(**fields)
    except IntegrityError:  # proposed at the same moment by somebody else
        _check_pair_is_free(fields["pair_key"])
        raise


def _check_side_a(initiative: Initiative) -> list:
    if initiative.status == Status.WITHDRAWN:
        raise _refused(_("The idea is withdrawn."), "initiative_withdrawn")
    owners = owners_of(initiative)
    if not owners:
        raise _refused(
            _("The idea has no owner yet, so nobody can answer for it."), "initiative_no_owner"
        )
    return owners


def _check_other_initiative(initiative: Initiative, other: Initiative, owners: list) -> list:
    if other.pk == initiative.pk:
        raise _refused(_("An idea cannot be introduced to itself."), "same_initiative")
    if other.status == Status.WITHDRAWN:
        raise _refused(_("The other idea is withdrawn."), "other_withdrawn")
    other_owners = owners_of(other)
    if not other_owners:
        raise _refused(
            _("The other idea has no owner yet, so nobody can answer for it."), "other_no_owner"
        )
    if {user.pk for user in owners} & {user.pk for user in other_owners}:
        raise _refused(
            _("The two ideas have the same owners: they already know each other."),
            "same_owners",
        )
    return other_owners


@transaction.atomic
def introduction_propose(
    *,
    actor,
    initiative: Initiative,
    contact: Contact | None = None,
    other_initiative: Initiative | None = None,
    note: str = "",
    reason: str = "",
    score: float | None = None,
) -> Introduction:
    """Staff propose to put the idea's owners in touch with a contact or with the owners
    of another idea; the idea's owners are asked first."""
    require(
        "bridges.propose_introduction",
        actor,
        initiative,
        _("Only the municipality's staff can propose an introduction."),
    )
    if (contact is None) == (other_initiative is None):
        raise _refused(_("Choose a contact or another idea to introduce."), "no_other_side")
    note = _clean_note(note)
    owners = _check_side_a(initiative)
    if contact is not None:
        if not contact.is_active or not contact.organisation.is_active:
            raise _refused(_("The contact is no longer active."), "contact_inactive")
        pair_key = Introduction.pair_key_for(initiative.pk, contact_id=contact.pk)
    else:
        _check_other_initiative(initiative, other_initiative, owners)
        pair_key = Introduction.pair_key_for(initiative.pk, other_initiative_id=other_initiative.pk)
    _check_pair_is_free(pair_key)
    now = timezone.now()
    introduction = _create(
        initiative=initiative,
        contact=contact,
        organisation=contact.organisation if contact is not None else None,
        other_initiative=other_initiative,
        pair_key=pair_key,
        proposed_by=actor,
        note=note,
        reason=(reason or "").strip()[:REASON_MAX],
        score=score,
        status=IntroductionStatus.ASKING_OWNERS,
        asked_at=now,
        expires_at=_deadline(now),
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="bridges.introduction_propose",
        obj=introduction,
        initiative=initiative.pk,
        pair_key=pair_key,
    )
    for owner in owners:
        email_queue(
            to=owner.email,
            kind="bridges_intro_asked_owners",
            language=owner.language,
            context={
                "recipient": owner,
                "initiative": initiative,
                "other": other_side_for_owners(introduction),
                "introduction": introduction,
                "url": _idea_url(initiative),
            },
        )
    return introduction


@transaction.atomic
def introduction_request(
    *, actor, initiative: Initiative, other_initiative: Initiative, note: str = ""
) -> Introduction:
    """A citizen asks for contact with the owners of a public idea like hers: she has
    said yes by asking, so the other idea's owners are asked at once."""
    require(
        "bridges.request_contact",
        actor,
        initiative,
        _("Only the idea's owners can ask for contact with another idea's owners."),
    )
    note = _clean_note(note)
    owners = _check_side_a(initiative)
    if not other_initiative.is_public:
        # The same words as for an idea that does not exist: a private idea stays unseen.
        raise _refused(_("We cannot find a public idea with that number."), "not_public")
    if other_initiative.pk != initiative.pk and any(
        user.pk == actor.pk for user in owners_of(other_initiative)
    ):
        raise _refused(_("That is your own idea."), "own_initiative")
    _check_other_initiative(initiative, other_initiative, owners)
    pair_key = Introduction.pair_key_for(initiative.pk, other_initiative_id=other_initiative.pk)
    _check_pair_is_free(pair_key)
    open_requests = Introduction.objects.filter(
        initiative=initiative, requested_by_owner=True, status__in=OPEN_INTRODUCTION
    )
    if open_requests.count() >= OPEN_REQUESTS_MAX:
        raise _refused(
            _(
                "You can have at most %(max)d requests for contact open at a time. Wait "
                "for an answer to one of them."
            )
            % {"max": OPEN_REQUESTS_MAX},
            "rate_limited",
        )
    now = timezone.now()
    introduction = _create(
        initiative=initiative,
        other_initiative=other_initiative,
        pair_key=pair_key,
        requested_by_owner=True,
        proposed_by=actor,
        note=note,
        status=IntroductionStatus.ASKING_OWNERS,
        owners_answer=Answer.YES,
        owners_answered_by=actor,
        owners_answered_at=now,
        asked_at=now,
        expires_at=_deadline(now),
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="bridges.introduction_request",
        obj=introduction,
        initiative=initiative.pk,
        pair_key=pair_key,
    )
    _ask_other_side(introduction, now)
    return introduction


# What each side may know of the other before both said yes --------------------------


@dataclass(frozen=True)
class OtherSide:
    """What one side is told of the other before both said yes: never a person."""

    organisation: str = ""
    organisation_kind: str = ""
    organisation_description: str = ""
    idea_title: str = ""  # only when the other idea is public
    idea_url: str = ""
    is_idea: bool = False


def _idea_as_other_side(initiative: Initiative) -> OtherSide:
    if initiative.is_public:
        return OtherSide(idea_title=initiative.title, idea_url=_idea_url(initiative), is_idea=True)
    return OtherSide(is_idea=True)


def other_side_for_owners(introduction: Introduction) -> OtherSide:
    """What the owners of `introduction.initiative` may know of side B."""
    if introduction.other_initiative_id is not None:
        return _idea_as_other_side(introduction.other_initiative)
    organisation = introduction.organisation
    if organisation is None:
        return OtherSide()
    return OtherSide(
        organisation=organisation.name,
        organisation_kind=organisation.get_kind_display(),
        organisation_description=organisation.description,
    )


def other_side_for(introduction: Introduction, initiative: Initiative) -> OtherSide:
    """What the owners of `initiative` (either side's idea) may know of the other side."""
    if initiative.pk == introduction.initiative_id:
        return other_side_for_owners(introduction)
    return _idea_as_other_side(introduction.initiative)


# Asking side B, closing, accepting -------------------------------------------------


def _ask_other_side(introduction: Introduction, now: datetime) -> None:
    """Side A said yes: ask side B, with a new deadline."""
    introduction.status = IntroductionStatus.ASKING_OTHER
    introduction.asked_at = now
    introduction.expires_at = _deadline(now)
    fields = ["status", "asked_at", "expires_at"]
    token = ""
    if introduction.contact_id is not None:
        token, introduction.contact_token_hash = new_token()
        fields.append("contact_token_hash")
    introduction.save(update_fields=fields)
    initiative = introduction.initiative
    if introduction.contact_id is not None:
        contact = introduction.contact
        url = settings.SITE_URL + reverse("bridges:contact_answer", args=[token])
        email_queue(
            to=contact.email,
            kind="bridges_intro_asked_contact",
            context={
                "contact": contact,
                "initiative": initiative,
                "introduction": introduction,
                "topics": list(initiative.topics.all()),
                "url": url,
            },
            secret=token,
        )
        return
    other = introduction.other_initiative
    for owner in owners_of(other):
        email_queue(
            to=owner.email,
            kind="bridges_intro_asked_other_owners",
            language=owner.language,
            context={
                "recipient": owner,
                "initiative": other,
                "other": _idea_as_other_side(initiative),
                "introduction": introduction,
                "url": _idea_url(other),
            },
        )


def _close(introduction: Introduction, status: str, now: datetime) -> None:
    """Close it; the side that had said yes hears the same words whatever the reason."""
    introduction.status = status
    introduction.closed_at = now
    introduction.contact_token_hash = ""
    introduction.save(update_fields=["status", "closed_at", "contact_token_hash"])
    if introduction.owners_answer == Answer.YES:
        initiative = introduction.initiative
        for owner in owners_of(initiative):
            email_queue(
                to=owner.email,
                kind="bridges_intro_not_this_time",
                language=owner.language,
                context={
                    "recipient": owner,
                    "initiative": initiative,
                    "other": other_side_for_owners(introduction),
                    "url": _idea_url(initiative),
                },
            )


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str = ""
    role: str = ""


def _people(users) -> list[Person]:
    return [Person(name=user.get_full_name(), email=user.email) for user in users]


def _accept(introduction: Introduction, now: datetime) -> None:
    """Both said yes: one e-mail to everybody with everybody's details, and the bridge
    on the ideas' public timelines (naming an organisation or a public idea, never a
    person)."""
    introduction.status = IntroductionStatus.ACCEPTED
    introduction.closed_at = now
    introduction.contact_token_hash = ""
    introduction.save(update_fields=["status", "closed_at", "contact_token_hash"])
    initiative = introduction.initiative
    side_a = _people(owners_of(initiative))
    other = introduction.other_initiative
    if other is not None:
        side_b = _people(owners_of(other))
    else:
        contact = introduction.contact
        side_b = [
            Person(name=contact.name, email=contact.email, phone=contact.phone, role=contact.role)
        ]
    addresses = list(dict.fromkeys(person.email for person in [*side_a, *side_b]))
    email_queue(
        to=addresses[0],
        cc=addresses[1:],
        kind="bridges_intro_accepted",
        language=settings.LANGUAGE_CODE,
        context={
            "initiative": initiative,
            "other_initiative": other,
            "organisation": introduction.organisation,
            "side_a": side_a,
            "side_b": side_b,
            "introduction": introduction,
        },
    )
    if other is None:
        name = introduction.organisation.name if introduction.organisation else ""
        TimelineEvent.objects.create(
            initiative=initiative, kind=TimelineEvent.Kind.BRIDGE, code="organisation", text=name
        )
        return
    for idea, partner in ((initiative, other), (other, initiative)):
        TimelineEvent.objects.create(
            initiative=idea,
            kind=TimelineEvent.Kind.BRIDGE,
            code="initiative",
            text=partner.title if partner.is_public else "",
        )


# Answers -----------------------------------------------------------------------------


def _locked(introduction: Introduction) -> Introduction:
    """Re-read it inside the transaction, locked, so two answers cannot both act."""
    return Introduction.objects.select_for_update().get(pk=introduction.pk)


def _check_open(introduction: Introduction, now: datetime) -> None:
    if not introduction.is_open or introduction.expires_at <= now:
        raise _refused(_("The introduction is closed, so it can no longer be answered."), CLOSED)


def _owns(user, initiative: Initiative | None) -> bool:
    return initiative is not None and initiative.owners.filter(pk=user.pk).exists()


def _clean_answer(answer: str) -> str:
    if answer not in Answer.values:
        raise ValidationError({"answer": _refused(_("Answer yes or no."), "bad_answer")})
    return answer


@transaction.atomic
def introduction_answer_owner(*, actor, introduction: Introduction, answer: str) -> Introduction:
    """One owner answers for her idea's side; any one owner's answer counts."""
    answer = _clean_answer(answer)
    introduction = _locked(introduction)
    now = timezone.now()
    not_yours = _("Only the owners of an idea that is asked can answer for it.")
    if not actor.is_authenticated:
        raise Forbidden(not_yours)
    side_a = _owns(actor, introduction.initiative)
    side_b = _owns(actor, introduction.other_initiative)
    if side_b and introduction.owners_answer != Answer.YES:
        side_b = False  # never asked: she must not learn of it before side A said yes
    if not (side_a or side_b):
        raise Forbidden(not_yours)
    _check_open(introduction, now)
    answered = introduction.owners_answer if side_a else introduction.other_answer
    if answered or (side_a and introduction.status != IntroductionStatus.ASKING_OWNERS):
        raise _refused(_("Your side has already answered."), ALREADY_ANSWERED)
    if side_a:
        introduction.owners_answer = answer
        introduction.owners_answered_by = actor
        introduction.owners_answered_at = now
        fields = ["owners_answer", "owners_answered_by", "owners_answered_at"]
    else:
        introduction.other_answer = answer
        introduction.other_answered_by = actor
        introduction.other_answered_at = now
        fields = ["other_answer", "other_answered_by", "other_answered_at"]
    introduction.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="bridges.introduction_answer",
        obj=introduction,
        side="owners" if side_a else "other",
        answer=answer,
    )
    if answer == Answer.NO:
        _close(introduction, IntroductionStatus.DECLINED, now)
    elif side_a:
        _ask_other_side(introduction, now)
    else:
        _accept(introduction, now)
    return introduction


def introduction_by_token(token: str) -> Introduction | None:
    """The introduction a contact's link asks about, if the link still works."""
    if not token:
        return None
    return (
        Introduction.objects.select_related("initiative", "initiative__district", "organisation")
        .filter(contact_token_hash=token_hash(token), status=IntroductionStatus.ASKING_OTHER)
        .first()
    )


def link_refusal() -> ValidationError:
    return _refused(
        _(
            "The link does not work. It has been used already, the time to answer has "
            "run out, or the introduction was closed. Nothing has been changed."
        ),
        "link_invalid",
    )


@transaction.atomic
def introduction_answer_contact(*, token: str, answer: str) -> Introduction:
    """A contact answers through the e-mail's link; the link works once."""
    answer = _clean_answer(answer)
    found = introduction_by_token(token)
    if found is None:
        raise link_refusal()
    introduction = _locked(found)
    now = timezone.now()
    if introduction.contact_token_hash != token_hash(token):
        raise link_refusal()  # answered a moment ago, through the same link
    _check_open(introduction, now)
    introduction.other_answer = answer
    introduction.other_answered_at = now
    introduction.contact_token_hash = ""
    introduction.save(update_fields=["other_answer", "other_answered_at", "contact_token_hash"])
    audit_record(
        actor=None,
        action="bridges.introduction_answer",
        obj=introduction,
        side="contact",
        answer=answer,
    )
    if answer == Answer.NO:
        _close(introduction, IntroductionStatus.DECLINED, now)
    else:
        _accept(introduction, now)
    return introduction


@transaction.atomic
def introduction_withdraw(*, actor, introduction: Introduction) -> Introduction:
    """Staff close an open introduction; the asked side's link stops working."""
    require(
        "bridges.propose_introduction",
        actor,
        introduction.initiative,
        _("Only the municipality's staff can withdraw an introduction."),
    )
    introduction = _locked(introduction)
    if not introduction.is_open:
        raise _refused(_("The introduction is already closed."), CLOSED)
    _close(introduction, IntroductionStatus.WITHDRAWN, timezone.now())
    audit_record(actor=actor, action="bridges.introduction_withdraw", obj=introduction)
    return introduction


def introductions_close_expired(*, now: datetime | None = None) -> int:
    """Close every open introduction past its deadline; running it twice closes nothing
    twice. Return how many were closed."""
    now = now or timezone.now()
    closed = 0
    due = Introduction.objects.filter(status__in=OPEN_INTRODUCTION, expires_at__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            introduction = Introduction.objects.select_for_update().get(pk=pk)
            if not introduction.is_open or introduction.expires_at > now:
                continue  # answered or closed meanwhile
            _close(introduction, IntroductionStatus.EXPIRED, now)
            audit_record(actor=None, action="bridges.introduction_expire", obj=introduction)
            closed += 1
    return closed
