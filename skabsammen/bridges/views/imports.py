"""Import of organisations from CSV or XLSX: read and report first, then apply."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from skabsammen.common.forms import error_status
from skabsammen.common.permissions import rule_required
from skabsammen.common.sheets import too_large

from .. import selectors_directory as selectors
from ..forms import ImportForm
from ..models import DirectoryImport
from ..services import imports as services

ROWS_PER_PAGE = 100
OUTCOMES = (services.ACCEPTED, services.MERGED, services.REFUSED)


def _upload_page(request, form, status=200):
    return render(
        request,
        "bridges/import_upload.html",
        {
            "form": form,
            "imports": selectors.recent_imports(),
            "max_mb": settings.BRIDGES_IMPORT_MAX_MB,
        },
        status=status,
    )


@rule_required("bridges.manage_directory")
def upload(request):
    if request.method != "POST":
        return _upload_page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.BRIDGES_IMPORT_MAX_MB * 1024 * 1024:
                raise too_large(settings.BRIDGES_IMPORT_MAX_MB)  # before it is read
            result = services.import_read(
                actor=request.user, data=upload.read(), filename=upload.name
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            for note in result.notes:
                messages.info(request, note)
            return redirect("bridges:import_report", pk=result.directory_import.pk)
    return _upload_page(request, form, status=error_status(form))


@rule_required("bridges.manage_directory")
def report(request, pk: int):
    directory_import = get_object_or_404(
        DirectoryImport.objects.select_related("uploaded_by"), pk=pk
    )
    if request.method == "POST":
        try:
            services.import_apply_start(actor=request.user, directory_import=directory_import)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("bridges:import_report", pk=pk)
    outcome = request.GET.get("udfald", "")
    rows = directory_import.rows
    if outcome in OUTCOMES:
        rows = [row for row in rows if row["outcome"] == outcome]
    else:
        outcome = ""
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "bridges/import_report.html",
        {
            "directory_import": directory_import,
            "page_obj": page,
            "outcome": outcome,
            "to_apply": directory_import.accepted + directory_import.merged,
        },
    )
