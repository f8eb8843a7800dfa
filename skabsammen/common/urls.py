from django.urls import path
from django.views.generic import RedirectView

from . import views

# "/was" is the address Digitaliseringsstyrelsen asks every public website to give its
# accessibility statement.
to_statement = RedirectView.as_view(pattern_name="accessibility", permanent=True)

urlpatterns = [
    path("", views.home, name="home"),
    path("tilgaengelighedserklaering/", views.accessibility_statement, name="accessibility"),
    path("was", to_statement),
    path("was/", to_statement),
    path("healthz", views.healthz, name="healthz"),
]
