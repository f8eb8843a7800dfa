from django.contrib.auth.backends import BaseBackend

from .models import User


class EmailLinkBackend(BaseBackend):
    """Load the signed-in user for a session; signing in happens in services."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()
