"""API: introductions. Staff propose; an idea's owner asks for contact with a similar
public idea; each side answers. The answers name no person of the other side."""

import rules
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, responses
from ninja.errors import AuthenticationError

from skabsammen.api.base import ApiToken, OptionalApiToken, StrictSchema
from skabsammen.common.errors import error_code
from skabsammen.common.permissions import Forbidden
from skabsammen.initiatives.models import Initiative
from skabsammen.initiatives.selectors import visible_initiatives

from .models import NOTE_MAX, Contact, Introduction
from .services import introductions as services

router = Router(tags=["bridges"])


class IntroductionIn(StrictSchema):
    initiative: int = Field(description="The idea whose owners are side A")
    contact: int | None = Field(default=None, description="Staff only: a contact's id")
    other_initiative: int | None = Field(default=None, description="Another idea's id")
    note: str = Field(default="", max_length=NOTE_MAX, description="Why you two; both see it")


class AnswerIn(StrictSchema):
    answer: str = Field(description='"yes" or "no"')
    token: str | None = Field(
        default=None, max_length=200, description="A contact's token from the e-mail's link"
    )


class IntroductionOut(Schema):
    id: int
    status: str


class ErrorOut(Schema):
    detail: str
    code: str


def _out(introduction: Introduction) -> dict:
    return {"id": introduction.pk, "status": introduction.status}


def _conflict(error: ValidationError):
    """A refusal about the introduction's state is 409; any other goes to the handlers."""
    if error_code(error) in services.CONFLICTS:
        return responses.Status(
            409, {"detail": " ".join(error.messages), "code": error_code(error)}
        )
    raise error


def _not_found(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="not_found")})


@router.post(
    "/introductions",
    response={201: IntroductionOut, 409: ErrorOut},
    auth=ApiToken(),
    summary="Propose an introduction, or ask for contact",
)
def create_introduction(request, payload: IntroductionIn):
    """Staff: `{"initiative", "contact" | "other_initiative", "note"}` proposes an
    introduction; the idea's owners are asked first. An idea's owner:
    `{"initiative", "other_initiative", "note"}` asks for contact with the owners of a
    public idea like hers. Duplicates are refused with 409."""
    user = request.user
    staff = rules.test_rule("bridges.propose_introduction", user, None)
    initiative = visible_initiatives(user).filter(pk=payload.initiative).first()
    if initiative is None:
        raise _not_found("initiative", _("We cannot find an idea with that number."))
    try:
        if staff:
            introduction = _propose(user, initiative, payload)
        else:
            introduction = _request(user, initiative, payload)
    except ValidationError as error:
        return _conflict(error)
    return responses.Status(201, _out(introduction))


def _propose(user, initiative: Initiative, payload: IntroductionIn) -> Introduction:
    contact = other = None
    if payload.contact is not None:
        contact = Contact.objects.select_related("organisation").filter(pk=payload.contact)
        contact = contact.first()
        if contact is None:
            raise _not_found("contact", _("We cannot find a contact with that number."))
    if payload.other_initiative is not None:
        other = Initiative.objects.filter(pk=payload.other_initiative).first()
        if other is None:
            raise _not_found("other_initiative", _("We cannot find an idea with that number."))
    return services.introduction_propose(
        actor=user,
        initiative=initiative,
        contact=contact,
        other_initiative=other,
        note=payload.note,
    )


def _request(user, initiative: Initiative, payload: IntroductionIn) -> Introduction:
    if payload.contact is not None:
        raise Forbidden(_("Only the municipality's staff can propose an introduction."))
    if payload.other_initiative is None:
        raise ValidationError(
            {
                "other_initiative": ValidationError(
                    _("Choose the idea whose owners you want to contact."), code="required"
                )
            }
        )
    other = Initiative.objects.filter(pk=payload.other_initiative).first()
    if other is None:
        raise ValidationError(
            _("We cannot find a public idea with that number."), code="not_public"
        )
    return services.introduction_request(
        actor=user, initiative=initiative, other_initiative=other, note=payload.note
    )


@router.post(
    "/introductions/{int:introduction_id}/answer",
    response={200: IntroductionOut, 409: ErrorOut},
    auth=OptionalApiToken(),
    summary="Answer an introduction",
)
def answer_introduction(request, introduction_id: int, payload: AnswerIn):
    """`{"answer": "yes" | "no"}` with the token of an owner of the idea that is asked, or
    `{"answer", "token"}` with no account for a contact (the token from the e-mail's link,
    which works once)."""
    try:
        if payload.token is not None:
            found = services.introduction_by_token(payload.token)
            if found is None or found.pk != introduction_id:
                raise Forbidden(services.link_refusal().messages[0], code="link_invalid")
            introduction = services.introduction_answer_contact(
                token=payload.token, answer=payload.answer
            )
        else:
            if not request.user.is_authenticated:
                raise AuthenticationError()
            introduction = Introduction.objects.filter(pk=introduction_id).first()
            if introduction is None:
                raise Http404
            introduction = services.introduction_answer_owner(
                actor=request.user, introduction=introduction, answer=payload.answer
            )
    except ValidationError as error:
        return _conflict(error)
    return _out(introduction)
