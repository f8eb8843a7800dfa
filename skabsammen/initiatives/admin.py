from django.contrib import admin

from skabsammen.audit.admin_mixins import ReadOnlyModelAdmin

from .models import Initiative


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyModelAdmin):
    """Ideas change only through the pages and the API, where the workflow's rules hold."""

    list_display = ["title", "status", "contact_person", "submitted_at", "is_public"]
    list_filter = ["status", "is_public", "channel"]
    search_fields = ["title", "description"]
    list_select_related = ["contact_person"]
    date_hierarchy = "submitted_at"
