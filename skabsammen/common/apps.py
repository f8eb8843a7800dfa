from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "skabsammen.common"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
