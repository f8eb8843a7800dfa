from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from skabsammen.common.permissions import rule_required

from .models import Email


def _outbox_enabled() -> None:
    if not settings.EMAIL_OUTBOX:
        raise Http404


@rule_required("common.view_outbox")
def outbox(request):
    _outbox_enabled()
    page = Paginator(Email.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "mail/outbox.html", {"page_obj": page})


@rule_required("common.view_outbox")
def outbox_detail(request, pk: int):
    _outbox_enabled()
    return render(request, "mail/outbox_detail.html", {"email": get_object_or_404(Email, pk=pk)})
