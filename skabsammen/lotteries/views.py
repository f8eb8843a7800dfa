"""Public pages of draws with their downloads; the secretariat's pages say so by their rule."""

import json
import shlex

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skabsammen.committees.models import Body
from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import rule_required

from . import committees, inputs, selectors, services
from .categories import category_names
from .forms import CommitteeDrawForm, QuotaForm, RunForm
from .models import Draw, DrawStatus

PAGE_SIZE = 50


def draw_list(request):
    page = Paginator(selectors.draws_public(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "lotteries/draw_list.html", {"page_obj": page, "draws": page})


def _cli_command(draw: Draw) -> str:
    command = (
        "python -m skabsammen.sortition select --categories categories.csv "
        f"--respondents respondents.csv --k {draw.k} --algorithm {draw.algorithm} "
    )
    command += f"--seed {shlex.quote(draw.seed) if draw.seed else 'SEED'}"
    if draw.household_rule:
        command += " --household husstand"
    return command


def draw_detail(request, pk: int, *, run_form=None, status: int = 200):
    page = selectors.draw_page(pk)
    can_manage = rules.test_rule("lotteries.manage", request.user)
    return render(
        request,
        "lotteries/draw_detail.html",
        {
            "page": page,
            "draw": page.draw,
            "can_manage": can_manage,
            "run_form": run_form or (RunForm() if can_manage and page.draw.can_change else None),
            "cli_command": _cli_command(page.draw),
        },
        status=status,
    )


def draw_status(request, pk: int):
    """The htmx poll while a draw runs: when it is done, the whole page is reloaded."""
    draw = get_object_or_404(
        Draw.objects.only("status", "drawing_started_at", "seed_set_at", "updated_at"), pk=pk
    )
    if draw.status == DrawStatus.DRAWING:
        can_manage = rules.test_rule("lotteries.manage", request.user)
        return render(
            request, "lotteries/includes/drawing.html", {"draw": draw, "can_manage": can_manage}
        )
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@rule_required("lotteries.manage")
def draw_quotas(request, pk: int):
    page = selectors.draw_page(pk)
    draw = page.draw
    if not draw.can_change:
        messages.info(request, _("The draw has started; the quotas can no longer change."))
        return redirect(draw)
    in_pool = {(q.category, q.value): q.in_pool for q in page.quotas}
    form = QuotaForm(request.POST if request.method == "POST" else None, draw=draw, in_pool=in_pool)
    if request.method == "POST" and form.is_valid():
        try:
            services.draw_set_quotas(
                actor=request.user,
                draw=draw,
                quotas=form.quotas(),
                k=form.cleaned_data["k"],
                algorithm=form.cleaned_data["algorithm"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The quotas have been saved. The inputs have a new SHA-256.")
            )
            return redirect(draw)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "lotteries/draw_quotas.html",
        {"draw": draw, "form": form, "pool_size": draw.pool_size},
        status=status,
    )


@rule_required("lotteries.manage")
@require_POST
def draw_run(request, pk: int):
    draw = get_object_or_404(Draw, pk=pk)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            services.draw_run(actor=request.user, draw=draw, seed=form.cleaned_data["seed"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The draw has started. This page shows the result."))
            return redirect(draw)
    return draw_detail(request, pk, run_form=form, status=error_status(form))


@rule_required("lotteries.manage")
@require_POST
def draw_resume(request, pk: int):
    """Run a stalled draw again, with the same seed and inputs."""
    draw = get_object_or_404(Draw, pk=pk)
    try:
        services.draw_resume(actor=request.user, draw=draw)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The draw is running again. This page shows the result."))
    return redirect(draw)


def _download(content: str, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def categories_download(request, pk: int):
    draw = get_object_or_404(Draw, pk=pk)
    return _download(inputs.categories_csv(draw.quota_list), "categories.csv", "text/csv")


def respondents_download(request, pk: int):
    draw = get_object_or_404(Draw, pk=pk)
    rows = selectors.public_rows(draw)
    return _download(
        inputs.respondents_csv(draw.categories, rows, draw.household_rule),
        "respondents.csv",
        "text/csv",
    )


def result_download(request, pk: int):
    draw = get_object_or_404(Draw, pk=pk)
    if not draw.is_drawn:
        raise Http404
    return _download(
        json.dumps(draw.result, ensure_ascii=False, indent=1) + "\n",
        "result.json",
        "application/json",
    )


@rule_required("lotteries.manage")
def committee_draw(request, slug: str):
    """Start a draw of a task committee's members from its open applications."""
    body = get_object_or_404(Body, slug=slug)
    form = CommitteeDrawForm(
        request.POST if request.method == "POST" else None,
        initial={"purpose": _("Members of %(body)s") % {"body": body.name}},
        categories=category_names(),
    )
    try:
        committees.refuse_unless_drawable(body)
    except ValidationError as error:
        refusal = " ".join(error.messages)
    else:
        refusal = None
    status = 200
    if request.method == "POST" and refusal is not None:
        status = 400
    elif request.method == "POST" and form.is_valid():
        try:
            draw = committees.committee_draw_prepare(
                actor=request.user, body=body, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The pool has been frozen. Check the quotas, then publish the page.")
            )
            return redirect("lotteries:quotas", pk=draw.pk)
    if form.errors:
        status = error_status(form)
    return render(
        request,
        "lotteries/committee_draw.html",
        {
            "body": body,
            "form": form,
            "count": committees.open_applications(body).count(),
            "refusal": refusal,
            "draws": body.draws.order_by("-created_at"),
            "applications_url": reverse("committees:applications", args=[body.slug]),
        },
        status=status,
    )
