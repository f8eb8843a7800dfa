from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from skabsammen.audit.admin_mixins import AuditedModelAdmin

from .models import Role, User


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "email",
            "name",
            "role",
            "department",
            "district",
            "age_band",
            "language",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.STAFF and not data.get("department"):
            raise ValidationError({"department": "Staff must belong to a department."})
        return data


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    form = UserAdminForm
    list_display = ["email", "name", "role", "department", "is_active"]
    list_filter = ["role", "department", "is_active"]
    search_fields = ["email", "name"]
    ordering = ["email"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
