"""The secretariat's pages for a campaign's outcome: results, reminders, closing and the
volunteers' draw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from skabsammen.common.charts import hbar_chart
from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import rule_required

from ..figures import campaign_figures
from ..forms import ConfirmForm
from ..models import Answer, CampaignStatus, Channel
from ..services import closing, letters, reminders
from . import campaign_or_404

ANSWERS_PER_PAGE = 50


def _charts(figures) -> list[dict]:
    sections = []
    for dimension in figures.dimensions:
        labels = [row.label for row in dimension.rows]
        sections.append(
            {
                "dimension": dimension,
                "rate_chart": hbar_chart(
                    title=_("Response rate by %(stratum)s") % {"stratum": dimension.label.lower()},
                    series=[_("Response rate")],
                    groups=[
                        (label, [row.response_rate])
                        for label, row in zip(labels, dimension.rows, strict=True)
                    ],
                ),
                "share_chart": hbar_chart(
                    title=_("Respondents and population by %(stratum)s")
                    % {"stratum": dimension.label.lower()},
                    series=[_("Share of respondents"), _("Share of population")],
                    groups=[
                        (row.label, [row.respondent_share, row.population_share])
                        for row in dimension.rows
                    ],
                ),
            }
        )
    return sections


@rule_required("outreach.manage")
def results(request, pk: int):
    campaign = campaign_or_404(pk)
    figures = campaign_figures(campaign)
    texts = Answer.objects.filter(campaign=campaign).exclude(text="").only("pk", "text")
    page = Paginator(texts, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/results.html",
        {
            "campaign": campaign,
            "figures": figures,
            "sections": _charts(figures),
            "page_obj": page,
            "closed": campaign.status == CampaignStatus.CLOSED,
            "panel_pending": closing.panel_pending(campaign),
        },
    )


@rule_required("outreach.manage")
def reminder_overview(request, pk: int):
    campaign = campaign_or_404(pk)
    taking = reminders.campaigns_taking_answers().filter(pk=campaign.pk).exists()
    invitations = campaign.invitations
    return render(
        request,
        "outreach/reminders.html",
        {
            "campaign": campaign,
            "taking_answers": taking,
            "email_due": reminders.reminders_due(campaign, channel=Channel.EMAIL).count()
            if taking
            else 0,
            "letter_due": reminders.reminders_due(campaign, channel=Channel.LETTER).count()
            if taking
            else 0,
            "email_reminded": invitations.filter(
                channel=Channel.EMAIL, reminded_at__isnull=False
            ).count(),
            "letter_reminded": invitations.filter(
                channel=Channel.LETTER, reminded_at__isnull=False
            ).count(),
        },
    )


@rule_required("outreach.manage")
@require_POST
def reminders_send_now(request, pk: int):
    campaign = campaign_or_404(pk)
    sent = reminders.reminders_send(actor=request.user, campaign=campaign)
    messages.success(
        request,
        ngettext(
            "%(count)d reminder has been sent by e-mail.",
            "%(count)d reminders have been sent by e-mail.",
            sent,
        )
        % {"count": sent},
    )
    return redirect("outreach:reminders", pk=pk)


@rule_required("outreach.manage")
@require_POST
def reminder_letters(request, pk: int):
    """The due letter reminders as CSV, recorded as reminded in the same step."""
    campaign = campaign_or_404(pk)
    due = reminders.reminder_letters_take(actor=request.user, campaign=campaign)
    if not due:
        messages.info(request, _("No letters are due for a reminder."))
        return redirect("outreach:reminders", pk=pk)
    content = letters.letters_csv_bytes(
        [letters.letter(invitation) for invitation in due if invitation.person]
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="paamindelser-{campaign.pk}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@rule_required("outreach.manage")
def close(request, pk: int):
    """A confirm page that says exactly what is deleted; the POST closes."""
    campaign = campaign_or_404(pk)
    if campaign.status == CampaignStatus.CLOSED:
        messages.info(request, _("The campaign is already closed."))
        return redirect("outreach:results", pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            closing.campaign_close(actor=request.user, campaign=campaign)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The campaign is closed. The personal data is deleted; the figures remain."),
            )
            return redirect("outreach:results", pk=pk)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "outreach/close_confirm.html",
        {"campaign": campaign, "form": form, "deletion": closing.closing_preview(campaign)},
        status=status,
    )
