"""The secretariat's pages for a campaign: register, sample, invitations, letters."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from skabsammen.accounts.models import AgeBand
from skabsammen.committees.models import Gender
from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import rule_required

from ..forms import CampaignForm, RegisterForm, SampleForm
from ..models import Campaign, CampaignStatus, LettersPdfStatus
from ..register_file import max_bytes
from ..services import campaigns as campaign_services
from ..services import letters, register, sample, sending
from . import campaign_or_404

VALUE_LABELS = {"age_band": dict(AgeBand.choices), "gender": dict(Gender.choices)}


def _population(campaign: Campaign) -> list[dict]:
    """The register's counts per attribute, with readable labels, for the page."""
    return [
        {
            "label": label,
            "rows": [
                (VALUE_LABELS.get(attribute, {}).get(value, value) or _("(not given)"), count)
                for value, count in campaign.population.get(attribute, {}).items()
            ],
        }
        for attribute, label in sample.ATTRIBUTES.items()
        if campaign.population.get(attribute)
    ]


def _allocation(campaign: Campaign) -> list[dict]:
    attributes = campaign.sample_record.get("attributes", [])
    rows = []
    for stratum in campaign.sample_record.get("strata", []):
        values = [
            VALUE_LABELS.get(a, {}).get(v, v) or _("(not given)")
            for a, v in zip(attributes, stratum["values"], strict=False)
            if a in sample.ATTRIBUTES
        ]
        rows.append({**stratum, "label": ", ".join(str(v) for v in values) or _("Everyone")})
    return rows


@rule_required("outreach.manage")
def campaign_list(request):
    campaigns = Campaign.objects.annotate(
        invited=Count("invitations"),
        answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
    )
    return render(request, "outreach/campaign_list.html", {"campaigns": campaigns})


def _form_fields(form: CampaignForm) -> dict:
    return {key: form.cleaned_data[key] for key in campaign_services.FIELDS}


@rule_required("outreach.manage")
def campaign_create(request):
    form = CampaignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_services.campaign_create(actor=request.user, **_form_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The campaign has been created. Import the register."))
            return redirect("outreach:detail", pk=campaign.pk)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request, "outreach/campaign_form.html", {"form": form, "campaign": None}, status=status
    )


@rule_required("outreach.manage")
def campaign_edit(request, pk: int):
    campaign = campaign_or_404(pk)
    initial = {key: getattr(campaign, key) for key in campaign_services.FIELDS}
    form = CampaignForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.campaign_update(
                actor=request.user, campaign=campaign, **_form_fields(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("outreach:detail", pk=campaign.pk)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "outreach/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=status,
    )


@rule_required("outreach.manage")
def campaign_detail(
    request, pk: int, *, forms: dict | None = None, errors=None, report=None, status=200
):
    campaign = campaign_or_404(pk)
    forms = forms or {}
    households = campaign.register_report.get("households") or campaign.register_rows
    return render(
        request,
        "outreach/campaign_detail.html",
        {
            "campaign": campaign,
            "register_form": forms.get("register") or RegisterForm(),
            "sample_form": forms.get("sample")
            or SampleForm(initial={"size": min(households, 1000) or None}),
            "errors": errors,
            "refused_report": report,
            "progress": sending.sending_progress(campaign)
            if campaign.status != CampaignStatus.DRAFT
            else None,
            "strata_labels": [
                sample.ATTRIBUTES[s] for s in campaign.strata if s in sample.ATTRIBUTES
            ],
            "population": _population(campaign),
            "allocation": _allocation(campaign),
            "max_mb": settings.OUTREACH_REGISTER_MAX_MB,
            "code_address": sending.code_address(),
        },
        status=status,
    )


@rule_required("outreach.manage")
@require_POST
def register_import(request, pk: int):
    campaign = campaign_or_404(pk)
    form = RegisterForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > max_bytes():  # refused before it is read into memory
                raise ValidationError(
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": settings.OUTREACH_REGISTER_MAX_MB},
                    code="too_large",
                )
            result = register.register_import(
                actor=request.user, campaign=campaign, data=upload.read(), filename=upload.name
            )
        except register.RegisterRefused as error:
            report = error.report
            form.add_error("file", error)
        except ValidationError as error:
            if error.code == "sampled":  # about the campaign, not the file
                return campaign_detail(request, pk, errors=error.messages, status=400)
            form.add_error("file", error)
        else:
            messages.success(
                request,
                ngettext(
                    "The register has been imported: %(count)d person.",
                    "The register has been imported: %(count)d people.",
                    result["accepted"],
                )
                % {"count": result["accepted"]},
            )
            return redirect("outreach:detail", pk=pk)
    return campaign_detail(
        request, pk, forms={"register": form}, report=report, status=error_status(form)
    )


@rule_required("outreach.manage")
@require_POST
def sample_draw(request, pk: int):
    campaign = campaign_or_404(pk)
    form = SampleForm(request.POST)
    if form.is_valid():
        try:
            sample.sample_draw(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # about the campaign, not the form
                return campaign_detail(request, pk, errors=error.messages, status=400)
            apply_errors(form, error)
        else:
            messages.success(request, _("The sample has been drawn."))
            return redirect("outreach:detail", pk=pk)
    return campaign_detail(request, pk, forms={"sample": form}, status=error_status(form))


def _action(request, pk: int, call, success: str):
    campaign = campaign_or_404(pk)
    try:
        call(actor=request.user, campaign=campaign)
    except ValidationError as error:
        return campaign_detail(request, pk, errors=error.messages, status=400)
    messages.success(request, success)
    return redirect("outreach:detail", pk=pk)


@rule_required("outreach.manage")
@require_POST
def invitations_send(request, pk: int):
    return _action(
        request,
        pk,
        sending.invitations_send,
        _("The invitations are on their way. The e-mails are sent in the background."),
    )


@rule_required("outreach.manage")
@require_POST
def invitations_resume(request, pk: int):
    return _action(request, pk, sending.invitations_resume, _("Sending has been resumed."))


@rule_required("outreach.manage")
@require_POST
def letters_pdf_request(request, pk: int):
    return _action(
        request,
        pk,
        letters.letters_pdf_request,
        _("The letters are being made. It can take some minutes when there are many."),
    )


@rule_required("outreach.manage")
def letters_pdf_status(request, pk: int):
    """The htmx poll while the letters are made: when they are done, the page reloads."""
    campaign = campaign_or_404(pk)
    if campaign.letters_pdf_status == LettersPdfStatus.MAKING and not campaign.letters_pdf_stalled:
        return render(
            request, "outreach/campaign_detail.html#letters_pdf_making", {"campaign": campaign}
        )
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


def _download(request, pk: int, build, content_type: str, disposition: str):
    campaign = campaign_or_404(pk)
    try:
        filename, content = build(actor=request.user, campaign=campaign)
    except ValidationError as error:
        return campaign_detail(request, pk, errors=error.messages, status=400)
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    else:  # a stored file, streamed
        response = FileResponse(
            content,
            content_type=content_type,
            as_attachment=disposition == "attachment",
            filename=filename,
        )
    response["Cache-Control"] = "private, no-store"
    return response


@rule_required("outreach.manage")
def letters_pdf(request, pk: int):
    return _download(request, pk, letters.letters_pdf, "application/pdf", "attachment")


@rule_required("outreach.manage")
def letters_csv(request, pk: int):
    return _download(request, pk, letters.letters_csv, "text/csv; charset=utf-8", "attachment")
