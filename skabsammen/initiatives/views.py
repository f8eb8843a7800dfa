import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skabsammen.accounts.views import client_of
from skabsammen.common.charts import bar_chart
from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import Forbidden, require, rule_required
from skabsammen.plainlanguage import assess

from . import selectors, services
from .forms import (
    AnonymousInitiativeForm,
    AssignForm,
    FilterForm,
    InitiativeForm,
    InviteOwnerForm,
    MessageForm,
    PartnerRoleForm,
    RegisterOnBehalfForm,
    TransitionForm,
)
from .models import MESSAGE_MAX, OWNER_STATUSES, Initiative, PartnerRole, Status

PAGE_SIZE = 20


def initiative_list(request):
    form = FilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # a filter that is not understood is explained and left out
        valid = form.cleaned_data
        filters = {
            "status": valid.get("status") or None,
            "topic": valid.get("topic"),
            "district": valid.get("district"),
            "query": valid.get("q", ""),
        }
    initiatives = selectors.initiative_list(user=request.user, **filters)
    page = selectors.CountedPaginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "initiatives/initiative_list.html", {"form": form, "page_obj": page})


def initiative_create(request):
    anonymous = not request.user.is_authenticated
    form_class = AnonymousInitiativeForm if anonymous else InitiativeForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if anonymous:
                services.initiative_request_confirmation(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    client=client_of(request),
                    language=get_language(),
                    **form.service_kwargs(),
                )
                request.session["sign_in_email"] = form.cleaned_data["email"]
                return redirect("initiatives:confirm_sent")
            initiative = services.initiative_submit(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you for your idea. You will hear from us within a few working days."),
            )
            return redirect(initiative)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "anonymous": anonymous},
        status=status,
    )


def confirm_sent(request):
    return render(
        request,
        "initiatives/confirm_sent.html",
        {
            "email": request.session.get("sign_in_email", ""),
            "hours": int(services.CONFIRM_LINK_LIFETIME.total_seconds() // 3600),
        },
    )


@login_required
def mine(request):
    page = Paginator(selectors.owned_by(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "initiatives/initiative_mine.html", {"page_obj": page})


def _get(request, pk: int) -> Initiative:
    initiative = selectors.initiative_detail(user=request.user, pk=pk)
    if initiative is None:
        raise Http404
    return initiative


def _can(request, rule: str, initiative: Initiative) -> bool:
    return rules.test_rule(rule, request.user, initiative)


def _message_form(request, initiative: Initiative, data=None) -> MessageForm:
    staff = request.user.is_authenticated and request.user.is_municipal_staff
    form = MessageForm(
        data,
        staff=staff,
        first_reply=initiative.awaits_first_reply_from(request.user),
        internal_only=staff and not _can(request, "initiatives.write_message", initiative),
    )
    if staff:
        form.fields["text"].widget.attrs.update(
            {
                "hx-post": reverse("initiatives:readability"),
                "hx-trigger": "input changed delay:500ms",
                "hx-target": "#readability",
                "hx-swap": "innerHTML",
                "aria-describedby": "readability",
            }
        )
    return form


def initiative_detail(request, pk: int, *, forms: dict | None = None, status: int = 200):
    initiative = _get(request, pk)
    user = request.user
    can = {
        name: _can(request, f"initiatives.{name}", initiative)
        for name in (
            "view_dialogue",
            "edit",
            "add_owner",
            "owner_transition",
            "write_message",
            "write_internal_note",
            "assign",
            "staff_transition",
            "manage_partner_roles",
            "resend_ownership_invitation",
        )
    }
    forms = forms or {}
    context = {
        "initiative": initiative,
        "can": can,
        "timeline": list(initiative.timeline.all()),
        "owner_statuses": OWNER_STATUSES,
        "is_owner": user.is_authenticated and user.pk in initiative.owner_ids,
    }
    if can["view_dialogue"]:
        context["dialogue"] = selectors.dialogue(user=user, initiative=initiative)
    if can["write_message"] or can["write_internal_note"]:
        context["message_form"] = forms.get("message") or _message_form(request, initiative)
        context["assessment"] = forms.get("assessment")
        context["lix_warning_above"] = settings.LIX_WARNING_ABOVE
    if can["assign"]:
        context["assign_form"] = forms.get("assign") or AssignForm(
            initial={"contact_person": initiative.contact_person_id or user.pk}
        )
    if can["manage_partner_roles"]:
        context["partner_role_form"] = forms.get("partner_role") or PartnerRoleForm()
    if can["add_owner"]:
        context["invite_form"] = forms.get("invite") or InviteOwnerForm()
    # Bridges build on ideas: imported here so that ideas load without the bridges app.
    from skabsammen.bridges.selectors_introductions import initiative_context

    context.update(
        initiative_context(user=user, initiative=initiative, is_owner=context["is_owner"])
    )
    return render(request, "initiatives/initiative_detail.html", context, status=status)


def _service_call(request, pk: int, form_key: str, form, call, success: str):
    """Run a service for a form posted from the detail page; on an error, show the page again."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("initiatives:detail", pk=pk)
    return initiative_detail(request, pk, forms={form_key: form}, status=error_status(form))


@login_required
def initiative_edit(request, pk: int):
    initiative = _get(request, pk)
    require(
        "initiatives.edit",
        request.user,
        initiative,
        _("Only the idea's owners can change its text. Write a message to propose a change."),
    )
    initial = {
        "title": initiative.title,
        "description": initiative.description,
        "help_wanted": initiative.help_wanted,
        "topics": list(initiative.topics.all()),
        "district": initiative.district,
        "place": initiative.place,
        "is_public": "true" if initiative.is_public else "false",
    }
    form = InitiativeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_edit(
                actor=request.user, initiative=initiative, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your idea is updated."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": initiative},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def message_create(request, pk: int):
    initiative = _get(request, pk)
    form = _message_form(request, initiative, request.POST)
    if "preview" in request.POST:
        form.is_valid()
        assessment = assess(request.POST.get("text", "")[:MESSAGE_MAX])
        return initiative_detail(request, pk, forms={"message": form, "assessment": assessment})

    def call(data):
        services.message_post(
            actor=request.user,
            initiative=initiative,
            text=data["text"],
            internal=form.internal_only or data.get("internal", False),
            next_step=data.get("next_step", ""),
            next_step_due=data.get("next_step_due"),
        )

    return _service_call(request, pk, "message", form, call, _("Your message is sent."))


@require_POST
def readability(request):
    """The LIX score and bureaucratic words of a draft, for the htmx swap."""
    if not (request.user.is_authenticated and request.user.is_municipal_staff):
        raise Forbidden()
    return render(
        request,
        "initiatives/initiative_detail.html#readability",
        {
            "assessment": assess(request.POST.get("text", "")[:MESSAGE_MAX]),
            "lix_warning_above": settings.LIX_WARNING_ABOVE,
        },
    )


@login_required
@require_POST
def assign(request, pk: int):
    initiative = _get(request, pk)
    form = AssignForm(request.POST)
    return _service_call(
        request,
        pk,
        "assign",
        form,
        lambda data: services.initiative_assign(
            actor=request.user, initiative=initiative, contact_person=data["contact_person"]
        ),
        _("The contact person is saved."),
    )


@login_required
def transition(request, pk: int):
    initiative = _get(request, pk)
    require(
        "initiatives.staff_transition",
        request.user,
        initiative,
        _("Only the idea's contact person can change its status."),
    )
    form = TransitionForm(
        request.POST if request.method == "POST" else None,
        current=initiative.status,
        initial={"next_step": initiative.next_step, "next_step_due": initiative.next_step_due},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_transition(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The status and next step are saved."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/initiative_transition.html",
        {"form": form, "initiative": initiative},
        status=400 if request.method == "POST" else 200,
    )


OWNER_ACTION_MESSAGES = {  # lazy: shown in the language of each request
    Status.PAUSED: gettext_lazy("Your idea is paused. You can resume it when you like."),
    Status.WITHDRAWN: gettext_lazy(
        "Your idea is withdrawn. You can resume it if you change your mind."
    ),
    Status.REALISED: gettext_lazy("Congratulations: your idea is marked as realised."),
}


@login_required
@require_POST
def owner_transition(request, pk: int):
    initiative = _get(request, pk)
    status = request.POST.get("status", "")
    try:
        services.initiative_transition(actor=request.user, initiative=initiative, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(initiative)
    messages.success(request, OWNER_ACTION_MESSAGES.get(status, _("Your idea is active again.")))
    return redirect(initiative)


@login_required
@require_POST
def partner_role_create(request, pk: int):
    initiative = _get(request, pk)
    form = PartnerRoleForm(request.POST)
    return _service_call(
        request,
        pk,
        "partner_role",
        form,
        lambda data: services.partner_role_add(actor=request.user, initiative=initiative, **data),
        _("The municipality's role is saved."),
    )


@login_required
@require_POST
def partner_role_delete(request, pk: int, role_pk: int):
    role = get_object_or_404(
        PartnerRole.objects.select_related("initiative"), pk=role_pk, initiative_id=pk
    )
    services.partner_role_remove(actor=request.user, role=role)
    messages.success(request, _("The role is removed."))
    return redirect("initiatives:detail", pk=pk)


@login_required
@require_POST
def invite_owner(request, pk: int):
    initiative = _get(request, pk)
    form = InviteOwnerForm(request.POST)
    return _service_call(
        request,
        pk,
        "invite",
        form,
        lambda data: services.owner_invite(
            actor=request.user, initiative=initiative, email=data["email"]
        ),
        _("The invitation is sent."),
    )


@rule_required("initiatives.view_dashboard")
def dashboard(request):
    figures = selectors.response_figures()
    chart = bar_chart(
        title=_("Share of ideas answered within %(days)d working days")
        % {"days": settings.RESPONSE_TARGET_FIRST_REPLY_DAYS},
        bars=[(month.month.strftime("%m/%y"), month.share_within_target) for month in figures],
        percent=True,
    )
    return render(
        request,
        "initiatives/dashboard.html",
        {
            "board": selectors.dashboard(user=request.user),
            "figures": figures,
            "chart": chart,
            "status_counts": selectors.status_counts(),
            "targets": {
                "contact": settings.RESPONSE_TARGET_CONTACT_PERSON_DAYS,
                "reply": settings.RESPONSE_TARGET_FIRST_REPLY_DAYS,
            },
        },
    )


@rule_required("initiatives.register_on_behalf")
def register(request):
    form = RegisterOnBehalfForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = services.initiative_register_on_behalf(
                actor=request.user,
                citizen_name=data["citizen_name"],
                citizen_email=data["citizen_email"],
                channel=data["channel"],
                **form.service_kwargs(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The idea is registered. The citizen gets an e-mail to take ownership of it."),
            )
            return redirect(initiative)
    return render(
        request,
        "initiatives/initiative_register.html",
        {"form": form},
        status=error_status(form) if request.method == "POST" else 200,
    )


@login_required
@require_POST
def resend_ownership_invitation(request, pk: int):
    initiative = _get(request, pk)
    try:
        services.ownership_invitation_resend(actor=request.user, initiative=initiative)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new invitation is sent to the citizen."))
    return redirect(initiative)
