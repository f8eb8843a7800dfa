"""Introductions with consent from both sides, and the staff's figures."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from skabsammen.common.charts import bar_chart
from skabsammen.common.errors import error_code
from skabsammen.common.permissions import rule_required
from skabsammen.initiatives.models import Initiative
from skabsammen.initiatives.selectors import visible_initiatives
from skabsammen.initiatives.views import initiative_detail

from .. import selectors_introductions as selectors
from ..forms_introductions import ProposeForm, RequestContactForm
from ..models import Answer, Introduction, IntroductionStatus
from ..services import introductions as services
from .suggestions import suggestions as suggestions_page


def refusal_status(error: ValidationError) -> int:
    """409 for a refusal about the introduction's state, 429 for too many, else 400."""
    code = error_code(error)
    if code in services.CONFLICTS:
        return 409
    return 429 if code == "rate_limited" else 400


def _refused(request, error: ValidationError, page, pk: int):
    """Show the page the form was on again, with the refusal in Danish; nothing changed."""
    messages.error(request, " ".join(error.messages))
    response = page(request, pk)
    response.status_code = refusal_status(error)
    return response


def _form_error(form) -> ValidationError:
    return ValidationError([message for errors in form.errors.values() for message in errors])


@require_POST
@rule_required("bridges.propose_introduction")
def propose(request, pk: int):
    initiative = get_object_or_404(Initiative, pk=pk)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form), suggestions_page, pk)
    try:
        services.introduction_propose(
            actor=request.user, initiative=initiative, **form.service_kwargs()
        )
    except ValidationError as error:
        return _refused(request, error, suggestions_page, pk)
    messages.success(
        request,
        _(
            "The introduction is proposed. The idea's owners are asked first; the other "
            "side is asked only if they say yes."
        ),
    )
    return redirect("bridges:suggestions", pk=pk)


@login_required
@require_POST
def request_contact(request, pk: int):
    initiative = get_object_or_404(visible_initiatives(request.user), pk=pk)
    form = RequestContactForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form), initiative_detail, pk)
    other = Initiative.objects.filter(pk=form.cleaned_data["other_initiative"]).first()
    try:
        if other is None:
            raise ValidationError(
                _("We cannot find a public idea with that number."), code="not_public"
            )
        services.introduction_request(
            actor=request.user,
            initiative=initiative,
            other_initiative=other,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, error, initiative_detail, pk)
    messages.success(
        request,
        _(
            "We have asked the other idea's owners. If they say yes, you will all get an "
            "e-mail with each other's contact details."
        ),
    )
    return redirect(initiative)


def _answering_idea(user, introduction: Introduction) -> Initiative:
    """The idea on whose page `user` answered: hers, on whichever side."""
    other = introduction.other_initiative
    if (
        other is not None
        and introduction.owners_answer == Answer.YES
        and other.owners.filter(pk=user.pk).exists()
    ):
        return other
    return introduction.initiative


@login_required
@require_POST
def owner_answer(request, pk: int):
    introduction = get_object_or_404(
        Introduction.objects.select_related("initiative", "other_initiative"), pk=pk
    )
    idea = _answering_idea(request.user, introduction)
    answer = request.POST.get("answer", "")
    try:
        introduction = services.introduction_answer_owner(
            actor=request.user, introduction=introduction, answer=answer
        )
    except ValidationError as error:
        return _refused(request, error, initiative_detail, idea.pk)
    if introduction.status == IntroductionStatus.ACCEPTED:
        text = _("Both sides said yes. You all have an e-mail with each other's contact details.")
    elif introduction.status == IntroductionStatus.ASKING_OTHER:
        text = _("Thank you. Now we ask the other side, and you will hear from us by e-mail.")
    else:
        text = _("Thank you for your answer. The introduction is closed.")
    messages.success(request, text)
    return redirect(idea)


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@rule_required("bridges.propose_introduction")
def withdraw(request, pk: int):
    introduction = get_object_or_404(Introduction.objects.select_related("initiative"), pk=pk)
    back = _back(request, reverse("bridges:overview"))
    try:
        services.introduction_withdraw(actor=request.user, introduction=introduction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("The introduction is withdrawn."))
    return redirect(back)


# A contact's answer, through the e-mail's link, with no account ---------------------


def _link_refused(request, *, expired: bool = False):
    return render(
        request,
        "bridges/contact_answer_refused.html",
        {"expired": expired},
        status=410 if expired else 404,
    )


@never_cache
def contact_answer(request, token: str):
    """GET shows what the contact may know and two buttons (mail scanners open links);
    POST answers, and the link stops working."""
    introduction = services.introduction_by_token(token)
    if introduction is None:
        return _link_refused(request)
    if introduction.expires_at <= timezone.now():
        return _link_refused(request, expired=True)
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        try:
            introduction = services.introduction_answer_contact(token=token, answer=answer)
        except ValidationError as error:
            if error_code(error) == "bad_answer":
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            return _link_refused(request, expired=error_code(error) == services.CLOSED)
        return render(
            request,
            "bridges/contact_answer_done.html",
            {"accepted": introduction.status == IntroductionStatus.ACCEPTED},
        )
    initiative = introduction.initiative
    return render(
        request,
        "bridges/contact_answer.html",
        {
            "introduction": introduction,
            "initiative": initiative,
            "topics": list(initiative.topics.all()),
            "municipality": settings.MUNICIPALITY_NAME,
        },
    )


# Staff: the overview and the figures ----------------------------------------------


@rule_required("bridges.view_suggestions")
def overview(request):
    return render(
        request,
        "bridges/overview.html",
        {
            "open": selectors.open_introductions(),
            "closed": selectors.recently_closed(),
            "closed_days": selectors.RECENTLY_CLOSED,
            "now": timezone.now(),
        },
    )


@rule_required("bridges.view_figures")
def figures(request):
    found = selectors.figures()
    months = list(reversed(found.months))[-12:]
    chart = bar_chart(
        title=_("Introductions proposed per month"),
        bars=[(month.month.strftime("%m/%y"), month.counts.proposed) for month in months],
    )
    return render(request, "bridges/figures.html", {"figures": found, "chart": chart})
