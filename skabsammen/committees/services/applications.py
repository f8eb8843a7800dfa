"""Applications for a seat in a task committee, the appointments, and invitations for
the applicants not appointed to join a working group instead.

The secretariat appoints by hand for now. The fair lottery of the sortition issue will
be one more way to decide (`decided_by="lottery"`), calling `application_appoint` for
the drawn and `applications_invite_to_working_group` for the rest.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.accounts.models import AgeBand
from skabsammen.audit.services import audit_record
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import Forbidden, require
from skabsammen.mail.services import email_queue

from ..models import (
    MOTIVATION_MAX,
    Application,
    ApplicationStatus,
    Body,
    BodyKind,
    Education,
    Gender,
    MemberGroup,
)
from .bodies import _overlapping, membership_add

OPEN = (ApplicationStatus.APPLIED, ApplicationStatus.NOT_APPOINTED)


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _clean(*, motivation: str, age_band: str, gender: str, education: str) -> dict:
    motivation = motivation.strip()
    errors = {}
    if not motivation:
        errors["motivation"] = ValidationError(
            _("Tell us why you would like to take part."), "required"
        )
    elif len(motivation) > MOTIVATION_MAX:
        errors["motivation"] = too_long(_("The text"), MOTIVATION_MAX)
    for name, value, choices in (
        ("age_band", age_band, AgeBand.values),
        ("gender", gender, Gender.values),
        ("education", education, Education.values),
    ):
        if value and value not in choices:
            errors[name] = ValidationError(_("Choose one of the options."), "invalid_choice")
    if errors:
        raise ValidationError(errors)
    return {
        "motivation": motivation,
        "age_band": age_band,
        "gender": gender,
        "education": education,
    }


@transaction.atomic
def application_submit(
    *,
    actor,
    body: Body,
    motivation: str,
    age_band: str = "",
    gender: str = "",
    district=None,
    education: str = "",
) -> Application:
    """Apply for a seat; the applicant gets a receipt by e-mail."""
    require("committees.apply", actor)
    if not body.accepts_applications:
        raise ValidationError(_("This committee does not take applications now."), code="closed")
    if Application.objects.filter(body=body, applicant=actor).exists():
        raise ValidationError(_("You have already applied to this committee."), code="duplicate")
    fields = _clean(motivation=motivation, age_band=age_band, gender=gender, education=education)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                body=body, applicant=actor, district=district, **fields
            )
    except IntegrityError as error:  # a double click
        raise ValidationError(
            _("You have already applied to this committee."), code="duplicate"
        ) from error
    audit_record(actor=actor, action="application.submit", obj=application, body=body.pk)
    email_queue(
        to=actor.email,
        kind="application_received",
        context={
            "recipient": actor,
            "body": body,
            "until": body.applications_open_until,
            "url": _url("committees:body", body.slug),
        },
        language=actor.language or None,
    )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    """The applicant takes her application back while it is undecided."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if actor != application.applicant:
        raise Forbidden()
    if application.status not in OPEN:
        raise ValidationError(_("The application has already been decided."), code="decided")
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    audit_record(actor=actor, action="application.withdraw", obj=application)
    return application


@transaction.atomic
def application_appoint(
    *, actor, application: Application, decided_by: str = "secretariat"
) -> Application:
    """Give the applicant a seat for the committee's period, and tell her."""
    if actor is not None:
        require("committees.manage", actor)
    application = (
        Application.objects.select_for_update()
        .select_related("body", "applicant")
        .get(pk=application.pk)
    )
    if application.status not in OPEN:
        raise ValidationError(_("Only an open application can be appointed."), code="wrong_status")
    body, person = application.body, application.applicant
    start = max(timezone.localdate(), body.period_start or timezone.localdate())
    if body.period_end and body.period_end < start:
        raise ValidationError(
            _("The committee's period is over; no one can be appointed."), code="period_over"
        )
    membership_add(
        actor=actor,
        body=body,
        name=person.name or person.email,
        email=person.email,
        user=person,
        group=MemberGroup.CITIZEN,
        starts_on=start,
        ends_on=body.period_end,
    )
    application.status = ApplicationStatus.APPOINTED
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, action="application.appoint", obj=application)
    email_queue(
        to=person.email,
        kind="application_appointed",
        context={"recipient": person, "body": body, "url": _url("committees:body", body.slug)},
        language=person.language or None,
    )
    return application


@transaction.atomic
def applications_invite_to_working_group(*, actor, body: Body, group: Body) -> int:
    """Invite every applicant not appointed to join `group`, by e-mail, in one go.

    Each can say yes or no on the platform; only a yes makes her a member.
    Returns the number invited.
    """
    if actor is not None:
        require("committees.manage", actor)
    if group.kind != BodyKind.WORKING_GROUP or group.parent_id != body.pk:
        raise ValidationError(
            _("Choose one of the committee's working groups."), code="not_a_working_group"
        )
    if body.accepts_applications:
        raise ValidationError(
            _("Wait until the application period is over: applicants may still be appointed."),
            code="still_open",
        )
    invited = 0
    applications = body.applications.select_for_update(of=("self",)).filter(status__in=OPEN)
    for application in applications.select_related("applicant"):
        application.status = ApplicationStatus.INVITED
        application.invited_to = group
        application.decided_at = application.decided_at or timezone.now()
        application.save(update_fields=["status", "invited_to", "decided_at"])
        person = application.applicant
        email_queue(
            to=person.email,
            kind="application_invited",
            context={
                "recipient": person,
                "body": body,
                "group": group,
                "url": _url("committees:invitation", application.pk),
            },
            language=person.language or None,
        )
        invited += 1
    audit_record(actor=actor, action="applications.invite", obj=group, invited=invited)
    return invited


@transaction.atomic
def application_answer_invitation(*, actor, application: Application, accept: bool) -> Application:
    """The applicant says yes (she becomes a member of the working group) or no."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("invited_to")
        .get(pk=application.pk)
    )
    if actor != application.applicant:
        raise Forbidden()
    if application.status != ApplicationStatus.INVITED:
        raise ValidationError(_("The invitation has already been answered."), code="answered")
    group = application.invited_to
    if accept:
        today = timezone.localdate()
        if not _overlapping(group, user=actor, name=actor.name, starts_on=today, ends_on=None):
            membership_add(
                actor=None,
                body=group,
                name=actor.name or actor.email,
                email=actor.email,
                user=actor,
                group=MemberGroup.CITIZEN,
                starts_on=today,
            )
    application.status = ApplicationStatus.JOINED if accept else ApplicationStatus.DECLINED
    application.save(update_fields=["status"])
    audit_record(actor=actor, action="application.answer", obj=application, accept=accept)
    return application
