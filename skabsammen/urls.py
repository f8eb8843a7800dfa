from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from skabsammen.api.urls import api

urlpatterns = [
    path("", include("skabsammen.common.urls")),
    path("konto/", include("skabsammen.accounts.urls")),
    path("initiativer/", include("skabsammen.initiatives.urls")),
    path("udvalg/", include("skabsammen.committees.urls")),
    path("politikker/", include("skabsammen.policies.urls")),
    path("lodtraekninger/", include("skabsammen.lotteries.urls")),
    path("henvendelser/", include("skabsammen.outreach.urls")),
    path("svar/", include("skabsammen.outreach.answer_urls")),
    path("temaer/", include("skabsammen.themes.urls")),
    path("broer/", include("skabsammen.bridges.urls")),
    path("udbakke/", include("skabsammen.mail.urls")),
    path("revisionslog/", include("skabsammen.audit.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin site has no password login: it signs in by e-mail link like everyone else.
    path(
        "django-admin/login/",
        RedirectView.as_view(pattern_name="accounts:sign_in", query_string=True),
    ),
    path("django-admin/", admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]
