from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "skabsammen.outreach"

    def ready(self):
        from .services.panel import register_handler
        from .stream import register_source

        register_source()
        register_handler()  # the volunteers' draw (skabsammen.lotteries)
