from django.apps import AppConfig


class MunicipalityConfig(AppConfig):
    name = "skabsammen.municipality"
