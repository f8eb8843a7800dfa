from django.contrib import admin

from .models import ThemeRun


@admin.register(ThemeRun)
class ThemeRunAdmin(admin.ModelAdmin):
    list_display = ["id", "status", "k", "created_at", "finished_at"]
    readonly_fields = [f.name for f in ThemeRun._meta.fields]

    def has_add_permission(self, request):
        return False
