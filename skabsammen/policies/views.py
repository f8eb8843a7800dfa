"""The register of policies and the page "Fra politik til handling"; staff pages say so
by their rule."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import require, rule_required
from skabsammen.initiatives.selectors import initiative_detail

from . import selectors, services
from .forms import LinkPolicyForm, PolicyForm
from .models import Policy


def policy_list(request):
    return render(
        request,
        "policies/policy_list.html",
        {
            "policies": selectors.policy_list(user=request.user),
            "can_manage": rules.test_rule("policies.manage", request.user),
        },
    )


def policy_detail(request, slug: str):
    page = selectors.policy_page(user=request.user, slug=slug)
    if page is None:
        raise Http404
    return render(
        request,
        "policies/policy_detail.html",
        {
            "page": page,
            "policy": page.policy,
            "can_manage": rules.test_rule("policies.manage", request.user),
        },
    )


def _save(request, form: PolicyForm, call):
    if form.is_valid():
        try:
            return call(form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
    return None


@rule_required("policies.manage")
def policy_create(request):
    form = PolicyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        policy = _save(
            request, form, lambda data: services.policy_create(actor=request.user, **data)
        )
        if policy is not None:
            messages.success(request, _("The policy has been registered."))
            return redirect(policy)
    status = error_status(form) if request.method == "POST" else 200
    return render(request, "policies/policy_form.html", {"form": form}, status=status)


@rule_required("policies.manage")
def policy_edit(request, slug: str):
    policy = get_object_or_404(Policy.objects.prefetch_related("bodies"), slug=slug)
    if request.method == "POST":
        form = PolicyForm(request.POST)
        saved = _save(
            request,
            form,
            lambda data: services.policy_update(actor=request.user, policy=policy, **data),
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(policy)
    else:
        form = PolicyForm(initial=PolicyForm.initial_for(policy))
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request, "policies/policy_form.html", {"form": form, "policy": policy}, status=status
    )


@require_POST
@rule_required("policies.manage")
def policy_set_active(request, slug: str):
    policy = get_object_or_404(Policy, slug=slug)
    active = request.POST.get("active") == "1"
    try:
        services.policy_set_active(actor=request.user, policy=policy, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The policy is active again.")
            if active
            else _("The policy is inactive. It is no longer shown in public."),
        )
    return redirect(policy)


def _initiative(request, pk: int):
    initiative = initiative_detail(user=request.user, pk=pk)
    if initiative is None:
        raise Http404
    return initiative


@require_POST
@login_required
def initiative_link(request, pk: int):
    """Link an idea to a policy from the idea's page, and go back to it."""
    require("policies.link_initiative", request.user)
    initiative = _initiative(request, pk)
    form = LinkPolicyForm(request.POST)
    if form.is_valid():
        try:
            services.policy_link_initiative(
                actor=request.user, policy=form.cleaned_data["policy"], initiative=initiative
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The idea is linked to %(title)s.") % {"title": form.cleaned_data["policy"]},
            )
            return redirect(initiative)
    for error in form.errors.get("policy", []) + form.non_field_errors():
        messages.error(request, error)
    return redirect(initiative)


@require_POST
@login_required
def initiative_unlink(request, pk: int, policy_pk: int):
    require("policies.link_initiative", request.user)
    initiative = _initiative(request, pk)
    policy = get_object_or_404(Policy, pk=policy_pk)
    try:
        services.policy_unlink_initiative(actor=request.user, policy=policy, initiative=initiative)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The idea is no longer linked to %(title)s.") % {"title": policy.title}
        )
    return redirect(initiative)
