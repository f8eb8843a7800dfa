"""The staff's themes page: start a run, follow its progress, read and curate the themes."""

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skabsammen.common.charts import bar_chart, hbar_chart
from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import rule_required
from skabsammen.initiatives.models import Channel

from . import figures, selectors, services
from .forms import RunForm
from .models import Theme, ThemeRun

SPLIT_ROWS = 6  # channels and districts shown in a theme's chart


def channel_label(code: str) -> str:
    if code == "outreach":
        return _("Personal invitation")
    if code in Channel.values:
        return str(Channel(code).label)
    return code or _("Unknown")


def _charts(view) -> None:
    theme = view.theme
    view.growth_chart = bar_chart(
        title=_("Texts per quarter in “%(theme)s”") % {"theme": theme.label},
        bars=[(label, n) for label, n in view.growth],
    )
    view.channels = [(channel_label(c), n, share) for c, n, share in view.channels]
    view.districts = [(d or _("Unknown"), n, share) for d, n, share in view.districts]
    view.split_chart = hbar_chart(
        title=_("Share of the texts in “%(theme)s” by channel and district")
        % {"theme": theme.label},
        series=[_("Share")],
        groups=[(label, [share]) for label, _n, share in view.channels[:SPLIT_ROWS]]
        + [(label, [share]) for label, _n, share in view.districts[:SPLIT_ROWS]],
    )


@rule_required("themes.view")
def themes_page(request, *, run_form=None, status: int = 200):
    page = selectors.themes_page()
    for view in page.themes:
        _charts(view)
    summary = page.current.summary if page.current else {}
    return render(
        request,
        "themes/themes.html",
        {
            "page": page,
            "can_manage": rules.test_rule("themes.manage", request.user),
            "run": page.latest if page.latest and page.latest.is_active else None,
            "failed": page.latest if page.latest and page.latest.status == "failed" else None,
            "run_form": run_form or RunForm(),
            "summary": summary,
            "channels": [
                (channel_label(c), n)
                for c, n in figures.ranked(summary.get("channels", {})).items()
            ],
            "problems": [
                (_("Empty texts"), summary.get("empty", 0)),
                (_("Texts of one word"), summary.get("one_word", 0)),
                (_("Texts with HTML"), summary.get("html", 0)),
                (_("Texts with an e-mail signature"), summary.get("signature", 0)),
                (_("Very long texts"), summary.get("long", 0)),
                (_("Texts in another language"), summary.get("foreign", 0)),
                (_("Duplicates"), summary.get("duplicates", 0)),
                (_("Texts without a theme"), summary.get("no_theme", 0)),
            ],
            "merge_choices": [(v.theme.pk, v.theme.label) for v in page.themes],
        },
        status=status,
    )


@rule_required("themes.view")
def run_status(request):
    """The htmx poll while a run works: when it is done, the whole page is reloaded."""
    run = ThemeRun.objects.only("status", "progress", "message", "created_at").first()
    if run is not None and run.is_active:
        can_manage = rules.test_rule("themes.manage", request.user)
        return render(
            request, "themes/includes/progress.html", {"run": run, "can_manage": can_manage}
        )
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@rule_required("themes.manage")
@require_POST
def run_start(request):
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            services.theme_run_start(actor=request.user, k=form.cleaned_data["k"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The computer is finding the themes. Follow it here."))
            return redirect("themes:page")
    return themes_page(request, run_form=form, status=error_status(form))


@rule_required("themes.manage")
@require_POST
def run_restart(request, pk: int):
    """Start a run again that stopped without finishing (its worker died)."""
    run = get_object_or_404(ThemeRun, pk=pk)
    try:
        services.theme_run_restart(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The run has been started again. Follow it here."))
    return redirect("themes:page")


def _curate(request, pk: int, call, done: str):
    theme = get_object_or_404(Theme, pk=pk)
    try:
        call(theme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(reverse("themes:page") + f"#theme-{pk}")


@rule_required("themes.manage")
@require_POST
def theme_rename(request, pk: int):
    return _curate(
        request,
        pk,
        lambda theme: services.theme_rename(
            actor=request.user, theme=theme, name=request.POST.get("name", "")
        ),
        _("The theme's name has been saved."),
    )


@rule_required("themes.manage")
@require_POST
def theme_hide(request, pk: int):
    hidden = request.POST.get("hidden") != "0"
    return _curate(
        request,
        pk,
        lambda theme: services.theme_hide(actor=request.user, theme=theme, hidden=hidden),
        _("The theme is hidden.") if hidden else _("The theme is shown again."),
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@rule_required("themes.manage")
@require_POST
def theme_merge(request, pk: int):
    def merge(theme):
        into = Theme.objects.filter(pk=_int(request.POST.get("into"))).first()
        if into is None:
            raise ValidationError(_("Choose the theme to merge with."))
        services.theme_merge(actor=request.user, theme=theme, into=into)

    return _curate(request, pk, merge, _("The themes have been merged."))


@rule_required("themes.manage")
@require_POST
def theme_pin(request, pk: int):
    pinned = request.POST.get("pinned") != "0"

    def pin(theme):
        input_id = _int(request.POST.get("input"))
        if input_id is None:
            raise ValidationError(_("Choose a quote."))
        services.theme_pin_quote(actor=request.user, theme=theme, input_id=input_id, pinned=pinned)

    return _curate(
        request,
        pk,
        pin,
        _("The quote is pinned.") if pinned else _("The quote is no longer pinned."),
    )


@rule_required("themes.manage")
@require_POST
def theme_split(request, pk: int):
    theme = get_object_or_404(Theme, pk=pk)
    try:
        parts = services.theme_split(actor=request.user, theme=theme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("themes:page") + f"#theme-{pk}")
    if not parts:
        messages.success(
            request, _("The theme is being split in two. Update the page in a minute.")
        )
        return redirect("themes:page")
    messages.success(
        request,
        _("The theme has been split in two: “%(first)s” and “%(second)s”.")
        % {"first": parts[0].label, "second": parts[1].label},
    )
    return redirect(reverse("themes:page") + f"#theme-{parts[0].pk}")
