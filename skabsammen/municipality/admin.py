from django.contrib import admin

from .models import Department, District, Topic


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "handles_intake"]
    search_fields = ["name"]


@admin.register(Topic, District)
class NamedAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
