from django.contrib import admin

from skabsammen.audit.admin_mixins import ReadOnlyModelAdmin

from .models import Body, Meeting


@admin.register(Body)
class BodyAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "kind", "parent", "period_start", "period_end"]
    list_filter = ["kind"]
    search_fields = ["name", "other_names"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyModelAdmin):
    list_display = ["body", "number", "starts_at", "status", "source_layout"]
    list_filter = ["status", "body"]
    date_hierarchy = "starts_at"
