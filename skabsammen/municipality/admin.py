from django.contrib import admin

from skabsammen.audit.admin_mixins import AuditedModelAdmin

from .models import Department, District, Topic


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["name", "handles_intake"]
    search_fields = ["name"]


@admin.register(Topic, District)
class NamedAdmin(AuditedModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
