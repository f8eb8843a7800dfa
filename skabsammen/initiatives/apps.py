from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "skabsammen.initiatives"

    def ready(self):
        # Registers what happens when an intake or ownership link is followed.
        from . import services  # noqa: F401
        from .stream import register_source

        register_source()
