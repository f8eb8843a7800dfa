from django.apps import AppConfig


class LotteriesConfig(AppConfig):
    name = "skabsammen.lotteries"

    def ready(self):
        from . import committees, services

        services.register_selection_handler(committees.PREFIX, committees.appoint_drawn)
