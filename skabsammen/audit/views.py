from django.core.paginator import Paginator
from django.shortcuts import render

from skabsammen.common.permissions import rule_required

from .models import AuditEvent


@rule_required("common.view_audit_log")
def audit_log(request):
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    object_type = request.GET.get("object_type", "").strip()
    if object_type:
        events = events.filter(object_type=object_type)
        if object_id := request.GET.get("object_id", "").strip():
            events = events.filter(object_id=object_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/auditevent_list.html",
        {"page_obj": page, "action": action, "object_type": object_type},
    )
