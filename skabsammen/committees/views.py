"""Pages about bodies and their meetings; the secretariat's pages say so by their rule."""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import require, rule_required

from . import selectors, services
from .forms import (
    AgendaItemForm,
    ApplicationForm,
    AppointForm,
    ApproveForm,
    ArchiveForm,
    AttachmentForm,
    AttendanceForm,
    BodyEditForm,
    BodyForm,
    CommentForm,
    DecisionsForm,
    ImportMinutesForm,
    InviteForm,
    MeetingForm,
    MembershipEndForm,
    MembershipForm,
    PrinciplesForm,
)
from .models import (
    AgendaItem,
    Application,
    Body,
    Meeting,
    Membership,
    Principle,
    PrinciplesDocument,
)

PAGE_SIZE = 20


def body_list(request):
    return render(
        request,
        "committees/body_list.html",
        {
            "groups": selectors.bodies_by_kind(),
            "can_import": rules.test_rule("committees.import_minutes", request.user),
        },
    )


def body_detail(request, slug: str):
    body = selectors.body_page(slug=slug)
    if body is None:
        raise Http404
    meetings = selectors.meetings_for(request.user).filter(body=body).order_by("-starts_at")
    return render(
        request,
        "committees/body_detail.html",
        {
            "body": body,
            "meetings": meetings[:PAGE_SIZE],
            "more": meetings.count() > PAGE_SIZE,
            "can_manage": rules.test_rule("committees.manage", request.user),
            "my_application": body.applications.filter(applicant=request.user).first()
            if request.user.is_authenticated
            else None,
        },
    )


def meeting_detail(request, pk: int):
    found = selectors.meeting_page(user=request.user, pk=pk)
    if found is None:
        raise Http404
    meeting, items = found
    attendance = list(meeting.attendance.all())
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "present": [a for a in attendance if a.presence == "present"],
            "absent": [a for a in attendance if a.presence != "present"],
            "can_see_closed": selectors.can_see_closed(request.user),
            "can_manage": rules.test_rule("committees.manage", request.user),
        },
    )


def archive(request):
    form = ArchiveForm(request.GET or None)
    form.is_valid()  # each filter that is valid is used, whatever the others say
    filters = form.cleaned_data if form.is_bound else {}
    meetings = selectors.archive(
        user=request.user, body=filters.get("body"), year=filters.get("year")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "committees/meeting_archive.html", {"form": form, "page_obj": page})


def attachment_download(request, pk: int):
    attachment = selectors.attachment_for(user=request.user, pk=pk)
    if attachment is None:
        raise Http404
    if attachment.file:
        content_type = attachment.content_type or "application/octet-stream"
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=not content_type.startswith(("image/", "application/pdf")),
            filename=attachment.file.name.rsplit("/", 1)[-1],
            content_type=content_type,
        )
        response["Cache-Control"] = "private"
        return response
    if attachment.text:
        response = HttpResponse(attachment.text, content_type="text/plain; charset=utf-8")
        name = slugify(attachment.title)[:60] or "bilag"
        response["Content-Disposition"] = f'inline; filename="{name}.txt"'
        response["Cache-Control"] = "private"
        return response
    raise Http404


@rule_required("committees.import_minutes")
def import_minutes(request):
    form = ImportMinutesForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.MINUTES_IMPORT_MAX_MB * 1024 * 1024
        try:
            if upload.size > limit:  # refused before it is read into memory
                raise ValidationError(
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": settings.MINUTES_IMPORT_MAX_MB},
                    code="too_large",
                )
            meeting = services.meeting_import(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("committees:import_report", pk=meeting.pk)
    status = error_status(form) if request.method == "POST" else 200
    return render(request, "committees/meeting_import.html", {"form": form}, status=status)


@rule_required("committees.import_minutes")
def import_report(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not meeting.import_report:
        raise Http404
    return render(
        request,
        "committees/meeting_import_report.html",
        {"meeting": meeting, "report": meeting.import_report},
    )


DOCUMENT_KINDS = {"dagsorden": "agenda", "referat": "minutes"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def meeting_document(request, pk: int, kind: str, fmt: str):
    """/udvalg/moeder/<pk>/referat.pdf and its kin; ?offentlig=1 asks for the public version."""
    from . import documents

    if kind not in DOCUMENT_KINDS or fmt not in CONTENT_TYPES:
        raise Http404
    document = selectors.meeting_document(
        user=request.user,
        pk=pk,
        kind=DOCUMENT_KINDS[kind],
        public=request.GET.get("offentlig") == "1",
    )
    if document is None:
        raise Http404
    build = documents.render_pdf if fmt == "pdf" else documents.render_docx
    response = HttpResponse(build(document), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename(fmt)}"'
    # Only what anyone may read may be kept by a shared cache.
    public = not document.full and not document.is_draft
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


# The secretariat's pages ------------------------------------------------------------------


def _manage_context(meeting: Meeting, forms: dict) -> dict:
    items = list(meeting.items.prefetch_related("attachments"))
    seats = services.seats_on(meeting.body, timezone.localdate(meeting.starts_at))
    names = [m.name for m in seats]
    recorded = {a.name: (a.presence, a.substitute) for a in meeting.attendance.all()}
    names += [name for name in recorded if name not in names]
    started = meeting.starts_at <= timezone.now()
    return {
        "meeting": meeting,
        "items": items,
        "deadline": services.agenda_notice_deadline(meeting),
        "notice_days": settings.AGENDA_NOTICE_WORKING_DAYS,
        "started": started,
        "item_form": forms.get("item") or AgendaItemForm(),
        "attendance_form": forms.get("attendance")
        or AttendanceForm(names=names, initial_rows=recorded),
        "approve_form": forms.get("approve")
        or ApproveForm(
            initial={"closing_note": meeting.closing_note} if meeting.closing_note else None
        ),
        "errors": forms.get("errors"),
    }


def _meeting_for_secretariat(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


@rule_required("committees.manage")
def meeting_manage(request, pk: int, *, forms: dict | None = None, status: int = 200):
    meeting = _meeting_for_secretariat(pk)
    return render(
        request,
        "committees/meeting_manage.html",
        _manage_context(meeting, forms or {}),
        status=status,
    )


@rule_required("committees.manage")
def meeting_create(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            meeting = services.meeting_create(
                actor=request.user,
                body=body,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                number=form.cleaned_data["number"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting has been created. Add the items."))
            return redirect("committees:manage", pk=meeting.pk)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request, "committees/meeting_form.html", {"form": form, "body": body}, status=status
    )


def _run(request, pk: int, *, call, success: str, form=None, form_key: str = "", warning=None):
    """Run a service for a form posted from the manage page; on an error, show it again.

    `warning(result)` may turn the service's answer into a warning for the secretariat."""
    if form is None or form.is_valid():
        try:
            result = call(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                return meeting_manage(request, pk, forms={"errors": error.messages}, status=400)
            apply_errors(form, error)
        else:
            messages.success(request, success)
            if warning is not None and (text := warning(result)):
                messages.warning(request, text)
            return redirect("committees:manage", pk=pk)
    return meeting_manage(request, pk, forms={form_key: form}, status=error_status(form))


def _late_warning(meeting: Meeting) -> str:
    return _(
        "The agenda was published less than %(days)d working days before the meeting "
        "(the last day was %(deadline)s). Tell the members yourself."
    ) % {
        "days": settings.AGENDA_NOTICE_WORKING_DAYS,
        "deadline": date_format(services.agenda_notice_deadline(meeting), "j. F Y"),
    }


@rule_required("committees.manage")
@require_POST
def item_add(request, pk: int):
    meeting = _meeting_for_secretariat(pk)
    form = AgendaItemForm(request.POST)
    return _run(
        request,
        pk,
        form=form,
        form_key="item",
        call=lambda _data: services.agenda_item_add(
            actor=request.user, meeting=meeting, **form.item_fields()
        ),
        success=_("The item has been added."),
    )


@rule_required("committees.manage")
@require_POST
def meeting_publish(request, pk: int):
    meeting = _meeting_for_secretariat(pk)
    return _run(
        request,
        pk,
        call=lambda _data: services.meeting_publish_agenda(actor=request.user, meeting=meeting),
        success=_("The agenda has been published."),
        warning=lambda late: _late_warning(meeting) if late else None,
    )


@rule_required("committees.manage")
@require_POST
def meeting_held(request, pk: int):
    meeting = _meeting_for_secretariat(pk)
    return _run(
        request,
        pk,
        call=lambda _data: services.meeting_mark_held(actor=request.user, meeting=meeting),
        success=_("The meeting is marked as held. Write the decisions and approve the minutes."),
    )


@rule_required("committees.manage")
@require_POST
def meeting_attendance(request, pk: int):
    meeting = _meeting_for_secretariat(pk)
    form = AttendanceForm(request.POST)
    return _run(
        request,
        pk,
        form=form,
        form_key="attendance",
        call=lambda _data: services.meeting_record_attendance(
            actor=request.user, meeting=meeting, rows=form.rows()
        ),
        success=_("The attendance has been saved."),
    )


@rule_required("committees.manage")
@require_POST
def meeting_approve(request, pk: int):
    meeting = _meeting_for_secretariat(pk)
    form = ApproveForm(request.POST)
    return _run(
        request,
        pk,
        form=form,
        form_key="approve",
        call=lambda data: services.meeting_approve_minutes(
            actor=request.user, meeting=meeting, closing_note=data["closing_note"]
        ),
        success=_("The minutes have been approved and published."),
    )


@rule_required("committees.manage")
def item_edit(request, pk: int):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    meeting = item.meeting
    initial = {
        "title": item.title,
        "is_closed": item.is_closed,
        "case_id": item.case_id,
        "summary": item.summary,
        "background": item.background,
        "recommendation_intro": item.recommendation_intro,
        "recommendations": "\n".join(item.recommendations),
        "previous_decisions": item.previous_decisions,
    }
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if post else None
    form = AgendaItemForm(post if action == "item" else None, initial=initial)
    # Prefixes keep the three forms' field ids apart on the one page.
    decisions = DecisionsForm(
        post if action == "decisions" else None,
        initial={"decisions": item.decisions},
        prefix="decisions",
    )
    upload = AttachmentForm(
        post if action == "attachment" else None,
        request.FILES if action == "attachment" else None,
        prefix="attachment",
    )
    calls = {
        "item": (
            form,
            lambda d: services.agenda_item_update(
                actor=request.user, item=item, **form.item_fields()
            ),
        ),
        "decisions": (
            decisions,
            lambda d: services.agenda_item_decide(
                actor=request.user, item=item, decisions=d["decisions"]
            ),
        ),
        "attachment": (
            upload,
            lambda d: services.attachment_add(
                actor=request.user,
                item=item,
                file=d["file"],
                title=d["title"],
                document_id=d["document_id"],
            ),
        ),
    }
    status = 200
    if action in calls:
        bound, call = calls[action]
        if bound.is_valid():
            try:
                call(bound.cleaned_data)
            except ValidationError as error:
                apply_errors(bound, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("committees:item_edit", pk=item.pk)
        status = error_status(bound)
    return render(
        request,
        "committees/agenda_item_form.html",
        {
            "item": item,
            "meeting": meeting,
            "form": form,
            "decisions_form": decisions,
            "attachment_form": upload,
        },
        status=status,
    )


# Applications ------------------------------------------------------------------------------


@login_required
def application_create(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    if not body.accepts_applications:
        messages.info(request, _("This committee does not take applications now."))
        return redirect(body)
    require("committees.apply", request.user, message=_("Staff of the municipality do not apply."))
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        initial={"age_band": request.user.age_band, "district": request.user.district},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Thank you for applying. We have sent you a receipt by e-mail.")
            )
            return redirect(body)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request, "committees/application_form.html", {"form": form, "body": body}, status=status
    )


@rule_required("committees.manage")
def application_list(request, slug: str, *, forms: dict | None = None, status: int = 200):
    body = get_object_or_404(Body, slug=slug)
    forms = forms or {}
    return render(
        request,
        "committees/application_list.html",
        {
            "body": body,
            "applications": selectors.applications_for(body),
            "figures": selectors.applicant_figures(body),
            "appoint_form": forms.get("appoint") or AppointForm(body=body),
            "invite_form": forms.get("invite") or InviteForm(body=body),
        },
        status=status,
    )


@rule_required("committees.manage")
@require_POST
def application_appoint(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    form = AppointForm(request.POST, body=body)
    if form.is_valid():
        try:
            with transaction.atomic():
                for application in form.cleaned_data["applications"]:
                    services.application_appoint(actor=request.user, application=application)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            count = len(form.cleaned_data["applications"])
            messages.success(
                request,
                ngettext(
                    "%(count)d applicant has been appointed and told by e-mail.",
                    "%(count)d applicants have been appointed and told by e-mail.",
                    count,
                )
                % {"count": count},
            )
            return redirect("committees:applications", slug=slug)
    return application_list(request, slug, forms={"appoint": form}, status=error_status(form))


@rule_required("committees.manage")
@require_POST
def application_invite(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    form = InviteForm(request.POST, body=body)
    if form.is_valid():
        try:
            count = services.applications_invite_to_working_group(
                actor=request.user, body=body, group=form.cleaned_data["group"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d applicant has been invited by e-mail.",
                    "%(count)d applicants have been invited by e-mail.",
                    count,
                )
                % {"count": count},
            )
            return redirect("committees:applications", slug=slug)
    return application_list(request, slug, forms={"invite": form}, status=error_status(form))


@login_required
@require_POST
def application_withdraw(request, slug: str):
    application = get_object_or_404(Application, body__slug=slug, applicant=request.user)
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("committees:body", slug=slug)


@login_required
def invitation(request, pk: int):
    """The applicant's answer to an invitation to a working group."""
    application = get_object_or_404(
        Application.objects.select_related("body", "invited_to"),
        pk=pk,
        applicant=request.user,
        invited_to__isnull=False,
    )
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("yes", "no"):
            messages.error(request, _("Choose yes or no."))
            return redirect("committees:invitation", pk=pk)
        try:
            services.application_answer_invitation(
                actor=request.user, application=application, accept=answer == "yes"
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if answer == "yes":
                messages.success(request, _("Welcome to the working group."))
                return redirect(application.invited_to)
            messages.success(request, _("Thank you for your answer."))
        return redirect("committees:invitation", pk=pk)
    return render(request, "committees/invitation.html", {"application": application})


# Principles --------------------------------------------------------------------------------


def _document(slug: str, doc_slug: str) -> PrinciplesDocument:
    return get_object_or_404(
        PrinciplesDocument.objects.select_related("body"), body__slug=slug, slug=doc_slug
    )


def principles_detail(request, slug: str, doc_slug: str, *, comment_form=None, status=200):
    document = _document(slug, doc_slug)
    versions = selectors.principles_versions(document)
    adopted = next((v for v in versions if v.status == "adopted"), None)
    draft = next((v for v in versions if v.status == "draft"), None)
    shown = adopted
    if number := request.GET.get("version"):
        shown = next((v for v in versions if str(v.number) == number), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "committees/principles_detail.html",
        {
            "document": document,
            "versions": versions,
            "shown": shown,
            "draft": draft if shown is None or shown.status != "draft" else None,
            "can_comment": rules.test_rule("committees.comment_principles", request.user),
            "can_manage": rules.test_rule("committees.manage", request.user),
            "comment_form": comment_form,
        },
        status=status,
    )


@login_required
@require_POST
def principle_comment(request, slug: str, doc_slug: str, pk: int):
    document = _document(slug, doc_slug)
    principle = get_object_or_404(Principle, pk=pk, version__document=document)
    form = CommentForm(request.POST, prefix=f"p{principle.pk}")
    if form.is_valid():
        try:
            services.principle_comment_add(
                actor=request.user, principle=principle, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you for your comment."))
            return redirect(f"{document.get_absolute_url()}#principle-{principle.pk}")
    return principles_detail(
        request, slug, doc_slug, comment_form=(principle.pk, form), status=error_status(form)
    )


@rule_required("committees.manage")
def principles_edit(request, slug: str, doc_slug: str):
    document = _document(slug, doc_slug)
    draft = document.versions.filter(status="draft").first()
    # Without a draft the form starts from the newest version; saving makes the draft.
    source = draft or document.versions.order_by("-number").first()
    principles = list(source.principles.all()) if source else []
    initial = {"introduction": source.introduction if source else ""}
    for n, principle in enumerate(principles):
        initial |= {
            f"id_{n}": principle.pk if draft else "",
            f"title_{n}": principle.title,
            f"text_{n}": principle.text,
        }
    form = PrinciplesForm(
        request.POST if request.method == "POST" else None, initial=initial, count=len(principles)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.principles_draft_save(
                actor=request.user,
                document=document,
                introduction=form.cleaned_data["introduction"],
                principles=form.principles(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(document)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "committees/principles_form.html",
        {"document": document, "draft": draft, "form": form},
        status=status,
    )


@rule_required("committees.manage")
@require_POST
def principles_adopt(request, slug: str, doc_slug: str):
    document = _document(slug, doc_slug)
    draft = document.versions.filter(status="draft").first()
    if draft is None:
        messages.error(request, _("There is no draft to adopt."))
        return redirect(document)
    try:
        services.principles_version_adopt(actor=request.user, version=draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The version has been adopted."))
    return redirect(document)


# Bodies and members -------------------------------------------------------------------------


def _body_fields(data: dict) -> dict:
    names = ("name", "mandate", "period_start", "period_end", "applications_open_until")
    return {name: data[name] for name in names} | {"other_names": data["other_names"]}


@rule_required("committees.manage")
def body_create(request):
    form = BodyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                parent=form.cleaned_data["parent"],
                **_body_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The body has been created. Add its members."))
            return redirect(body)
    status = error_status(form) if request.method == "POST" else 200
    return render(request, "committees/body_form.html", {"form": form}, status=status)


@rule_required("committees.manage")
def body_edit(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    initial = {
        "name": body.name,
        "mandate": body.mandate,
        "period_start": body.period_start,
        "period_end": body.period_end,
        "applications_open_until": body.applications_open_until,
        "other_names": body.other_names,
    }
    post = request.POST if request.method == "POST" else None
    adding = post is not None and "add_member" in post
    form = BodyEditForm(None if adding else post, initial=initial)
    member_form = MembershipForm(post if adding else None, prefix="member")
    if post is not None:
        bound, call = (
            (member_form, lambda d: services.membership_add(actor=request.user, body=body, **d))
            if adding
            else (
                form,
                lambda d: services.body_update(actor=request.user, body=body, **_body_fields(d)),
            )
        )
        if bound.is_valid():
            try:
                call(bound.cleaned_data)
            except ValidationError as error:
                apply_errors(bound, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("committees:body_edit", slug=slug)
    status = error_status(member_form if adding else form) if post is not None else 200
    members = body.memberships.order_by("-ends_on", "role", "name")
    return render(
        request,
        "committees/body_edit.html",
        {
            "body": body,
            "form": form,
            "member_form": member_form,
            "members": members,
            "end_form": MembershipEndForm(initial={"ends_on": timezone.localdate()}),
        },
        status=status,
    )


@rule_required("committees.manage")
@require_POST
def membership_end(request, slug: str, pk: int):
    membership = get_object_or_404(Membership, pk=pk, body__slug=slug)
    form = MembershipEndForm(request.POST)
    if form.is_valid():
        try:
            services.membership_end(
                actor=request.user, membership=membership, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s's membership has been ended.") % {"name": membership.name}
            )
    else:
        messages.error(request, _("Give the member's last day."))
    return redirect("committees:body_edit", slug=slug)
