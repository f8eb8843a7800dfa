from django.apps import AppConfig


class CitizenInputConfig(AppConfig):
    name = "skabsammen.citizeninput"
