from django.contrib import admin

from skabsammen.audit.admin_mixins import ReadOnlyModelAdmin

from .models import Policy, PolicyInitiative


@admin.register(Policy)
class PolicyAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "kind", "adopted_on", "department", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title", "summary"]


@admin.register(PolicyInitiative)
class PolicyInitiativeAdmin(ReadOnlyModelAdmin):
    list_display = ["policy", "initiative", "linked_by", "linked_at"]
    list_filter = ["policy"]
