from django import forms
from django.contrib import admin

from skabsammen.audit.admin_mixins import AuditedModelAdmin

from .models import User, normalize_email
from .services import validate_role


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

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        validate_role(data.get("role"), data.get("department"))
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
