"""The theme report's addresses, under /temaer/ (included by urls.py)."""

from django.urls import path

from . import report_views as views

patterns = [
    path("temaradar/", views.report_list, name="reports"),
    path("temaradar/ny/", views.report_create, name="report_create"),
    path("temaradar/<int:pk>/", views.report_detail, name="report"),
    path("temaradar/<int:pk>/temaradar.pdf", views.report_pdf, name="report_pdf"),
    path("temaradar/<int:pk>/rediger/", views.report_edit, name="report_edit"),
    path("temaradar/<int:pk>/offentliggoer/", views.report_publish, name="report_publish"),
    path("temaradar/<int:pk>/slet/", views.report_delete, name="report_delete"),
    path("temaradar/<int:pk>/rediger/<slug:action>/", views.report_change, name="report_change"),
]
