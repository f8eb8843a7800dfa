from django.urls import path

from . import report_urls, views

app_name = "themes"
urlpatterns = [
    *report_urls.patterns,  # the theme report, "Temaradar"
    path("", views.themes_page, name="page"),
    path("status/", views.run_status, name="status"),
    path("koersel/", views.run_start, name="run"),
    path("koersel/<int:pk>/igen/", views.run_restart, name="restart"),
    path("<int:pk>/navn/", views.theme_rename, name="rename"),
    path("<int:pk>/skjul/", views.theme_hide, name="hide"),
    path("<int:pk>/saml/", views.theme_merge, name="merge"),
    path("<int:pk>/citat/", views.theme_pin, name="pin"),
    path("<int:pk>/del/", views.theme_split, name="split"),
]
