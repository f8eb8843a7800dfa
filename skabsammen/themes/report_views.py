"""The council's theme report ("Temaradar"): the public page and PDF, staff's editing.

A published report is public; a draft is seen by staff only and changed by those who
curate themes (the themes app's rules).
"""

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import rule_required

from . import reports
from .models import Theme, ThemeReport, ThemeRun
from .selectors import quotable_texts, quote_candidates, with_voice


class ReportForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=reports.TITLE_MAX,
        error_messages={"required": gettext_lazy("Write a title for the report.")},
    )
    intro = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("A few lines for the council: what the report is for."),
    )


def report_list(request):
    """Public: the published reports; staff see the drafts and can start a new one."""
    return render(
        request,
        "themes/report_list.html",
        {
            "reports": reports.reports_for(request.user),
            "can_manage": rules.test_rule("themes.manage", request.user),
        },
    )


@rule_required("themes.manage")
@require_POST
def report_create(request):
    try:
        report = reports.theme_report_create(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("themes:reports")
    messages.success(request, _("The draft has been made from the current themes."))
    return redirect("themes:report_edit", pk=report.pk)


def _readable(request, pk: int) -> ThemeReport:
    report = reports.report_for(request.user, pk)
    if report is None:
        raise Http404
    return report


def report_detail(request, pk: int):
    """Public once published; a draft is a preview for staff."""
    report = _readable(request, pk)
    response = render(
        request,
        "themes/report_detail.html",
        {
            "page": reports.report_page(report),
            "report": report,
            "crumbs": [(_("Temaradar"), reverse("themes:reports")), (report.title, None)],
            "can_manage": rules.test_rule("themes.manage", request.user),
        },
    )
    if not report.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def report_pdf(request, pk: int):
    report = _readable(request, pk)
    page = reports.report_page(report)
    response = HttpResponse(reports.render_pdf(page), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{page.filename}"'
    response["Cache-Control"] = (
        "public, max-age=300" if report.is_published else "private, no-store"
    )
    return response


@rule_required("themes.manage")
def report_edit(request, pk: int, *, form=None, status: int = 200):
    report = get_object_or_404(ThemeReport.objects.select_related("run"), pk=pk)
    if report.is_published:
        return redirect("themes:report", pk=pk)
    items = list(report.items.select_related("theme"))
    chosen = {item.theme_id for item in items}
    themes = list(report.run.themes.visible().order_by("-size", "number")) if report.run else []
    themes = with_voice(themes, quotable_texts(i for t in themes for i in quote_candidates(t)))
    choices = reports.quote_choices(report)
    response = render(
        request,
        "themes/report_edit.html",
        {
            "report": report,
            "crumbs": [
                (_("Temaradar"), reverse("themes:reports")),
                (report.title, reverse("themes:report", args=[pk])),
                (_("Edit"), None),
            ],
            "form": form or ReportForm(initial={"title": report.title, "intro": report.intro}),
            "items": [(item, choices.get(item.theme_id, [])) for item in items],
            "addable": [t for t in themes if t.pk not in chosen],
            "topics": list(report.topics.select_related("theme")),
            "newer_run": report.run_id != getattr(ThemeRun.objects.current(), "pk", None),
            "quotes_max": reports.QUOTES_MAX,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _theme(request, report: ThemeReport) -> Theme:
    theme = Theme.objects.filter(pk=_int(request.POST.get("theme")), run=report.run_id).first()
    if theme is None:
        raise ValidationError(_("Choose a theme."))
    return theme


def _details(request, report):
    form = ReportForm(request.POST)
    if not form.is_valid():
        return report_edit(request, report.pk, form=form, status=error_status(form))
    try:
        reports.theme_report_update(actor=request.user, report=report, **form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return report_edit(request, report.pk, form=form, status=error_status(form))
    return _("The title and introduction have been saved.")


def _add_theme(request, report):
    reports.theme_report_add_theme(actor=request.user, report=report, theme=_theme(request, report))
    return _("The theme has been added to the report.")


def _remove_theme(request, report):
    reports.theme_report_remove_theme(
        actor=request.user, report=report, theme=_theme(request, report)
    )
    return _("The theme has been removed from the report.")


def _move_theme(request, report):
    reports.theme_report_move_theme(
        actor=request.user,
        report=report,
        theme=_theme(request, report),
        up=request.POST.get("direction") == "up",
    )
    return _("The order has been saved.")


def _quotes(request, report):
    ids = [_int(v) for v in request.POST.getlist("quotes")]
    if None in ids:
        raise ValidationError(_("Choose a quote."))
    reports.theme_report_choose_quotes(
        actor=request.user, report=report, theme=_theme(request, report), input_ids=ids
    )
    return _("The quotes have been saved.")


def _add_topic(request, report):
    theme = _theme(request, report) if request.POST.get("theme") else None
    reports.theme_report_add_topic(
        actor=request.user, report=report, text=request.POST.get("text", ""), theme=theme
    )
    return _("The topic has been added.")


def _remove_topic(request, report):
    reports.theme_report_remove_topic(
        actor=request.user, report=report, topic_id=_int(request.POST.get("topic"))
    )
    return _("The topic has been removed.")


ACTIONS = {
    "oplysninger": (_details, "details"),
    "tema-tilfoej": (_add_theme, "themes"),
    "tema-fjern": (_remove_theme, "themes"),
    "tema-flyt": (_move_theme, "themes"),
    "citater": (_quotes, "themes"),
    "emne-tilfoej": (_add_topic, "topics"),
    "emne-fjern": (_remove_topic, "topics"),
}


@rule_required("themes.manage")
@require_POST
def report_change(request, pk: int, action: str):
    """One change to a draft; back to the edit page at the section it was made in."""
    if action not in ACTIONS:
        raise Http404
    report = get_object_or_404(ThemeReport, pk=pk)
    change, anchor = ACTIONS[action]
    try:
        done = change(request, report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if isinstance(done, HttpResponse):
            return done
        messages.success(request, done)
    return redirect(reverse("themes:report_edit", args=[pk]) + f"#{anchor}")


@rule_required("themes.manage")
@require_POST
def report_publish(request, pk: int):
    report = get_object_or_404(ThemeReport, pk=pk)
    try:
        reports.theme_report_publish(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("themes:report_edit", pk=pk)
    messages.success(request, _("The report has been published. Everyone can read it now."))
    return redirect("themes:report", pk=pk)


@rule_required("themes.manage")
@require_POST
def report_delete(request, pk: int):
    report = get_object_or_404(ThemeReport, pk=pk)
    try:
        reports.theme_report_delete(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("themes:report", pk=pk)
    messages.success(request, _("The draft has been deleted."))
    return redirect("themes:reports")
