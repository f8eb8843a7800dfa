"""The answer pages: from a personal link or a letter's code, with no account."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from skabsammen.accounts.services import client_fingerprint
from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.http import client_ip

from ..forms import AnswerForm, CodeForm
from ..models import Invitation
from ..services import answers as services

SESSION_INVITATION = "outreach_invitation"
SESSION_THANKS = "outreach_thanks"


def _message(request, *, title: str, text: str, status: int = 200):
    return render(
        request, "outreach/answer_message.html", {"title": title, "text": text}, status=status
    )


def _refused(request, invitation: Invitation):
    """The page for an invitation that takes no answer now, or None when it does."""
    if invitation.answered_at is not None:
        return _message(
            request,
            title=_("You have already answered – thank you."),
            text=_("Each invitation can be answered once, so we have not changed your answer."),
        )
    if refusal := services.campaign_refusal(invitation.campaign):
        return _message(request, title=_("The invitation is closed"), text=refusal.messages[0])
    return None


def _answer(request, invitation: Invitation):
    if refused := _refused(request, invitation):
        return refused
    campaign = invitation.campaign
    form = AnswerForm(request.POST if request.method == "POST" else None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.answer_submit(invitation=invitation, **form.cleaned_data)
        except services.AlreadyAnswered:
            return _refused(request, Invitation.objects.get(pk=invitation.pk))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session.pop(SESSION_INVITATION, None)
            request.session[SESSION_THANKS] = {
                "volunteers": answer.volunteers,
                "emailed": bool(answer.email),
            }
            return redirect("answers:thanks")
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "outreach/answer_form.html",
        {"form": form, "campaign": campaign},
        status=status,
    )


@never_cache
def answer_code(request):
    """Type the code from the letter; a known code opens the answer form."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_by_code(
                code=form.cleaned_data["code"], client=client_fingerprint(client_ip(request))
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if refused := _refused(request, invitation):
                return refused
            request.session[SESSION_INVITATION] = invitation.pk
            return redirect("answers:form")
    status = error_status(form) if request.method == "POST" else 200
    return render(request, "outreach/answer_code.html", {"form": form}, status=status)


@never_cache
def answer_by_code(request):
    """The answer form for the code typed on the previous page (kept in the session)."""
    pk = request.session.get(SESSION_INVITATION)
    invitation = (
        Invitation.objects.select_related("campaign__body").filter(pk=pk).exclude(code="").first()
        if pk
        else None
    )
    if invitation is None:
        return redirect("answers:code")
    return _answer(request, invitation)


@never_cache
def answer_by_token(request, token: str):
    """The answer form from the e-mail's personal link."""
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return _message(
            request,
            title=_("The link does not work"),
            text=_(
                "We cannot find an invitation for this link. Check that the whole link from "
                "the e-mail was copied. When an invitation has closed, its links no longer work."
            ),
            status=404,
        )
    return _answer(request, invitation)


def thanks(request):
    return render(
        request, "outreach/answer_thanks.html", {"thanks": request.session.get(SESSION_THANKS)}
    )
