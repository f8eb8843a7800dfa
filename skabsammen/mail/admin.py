from django.contrib import admin

from skabsammen.audit.admin_mixins import ReadOnlyModelAdmin

from .models import Email


@admin.register(Email)
class EmailAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
