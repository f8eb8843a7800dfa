"""Pages that belong to no domain: the front page and the accessibility statement."""

import datetime

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.views.decorators.http import require_safe

# Update with every change that affects what the statement says, and at least once a year.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 26)
# The act's Danish title, marked as Danish so that it is read right on the English page too.
WEB_ACCESSIBILITY_ACT = format_html(
    '<span lang="da">{}</span>',
    "lov om tilgængelighed af offentlige organers websteder og mobilapplikationer",
)


@require_safe
def home(request):
    return render(request, "common/home.html")


@require_safe
def accessibility_statement(request):
    return render(
        request,
        "common/accessibility_statement.html",
        {
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "web_accessibility_act": WEB_ACCESSIBILITY_ACT,
            "contact_email": settings.MUNICIPALITY_CONTACT_EMAIL,
            "site_url": request.build_absolute_uri("/"),
        },
    )


@require_safe
def healthz(request):
    """For a load balancer: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A forged or expired form: explain in plain words; nothing was changed."""
    return render(request, "403_csrf.html", status=403)
