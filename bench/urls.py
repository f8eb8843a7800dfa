"""The project's URLs plus a bare view that returns a constant page: the load test's yardstick.

The constant view passes through the same middleware as every page, so the difference
between it and a real page is the page's own work: queries, templates, serialisation.
"""

from django.http import HttpResponse
from django.urls import path

from skabsammen.urls import urlpatterns as project_urlpatterns

CONSTANT_PAGE = (
    b'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Skab Sammen</title>'
    b"</head><body><h1>Skab Sammen</h1><p>En fast side til sammenligning.</p></body></html>"
)


def constant(request):
    return HttpResponse(CONSTANT_PAGE)


urlpatterns = [*project_urlpatterns, path("bench/constant/", constant)]
