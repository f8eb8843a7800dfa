from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "skabsammen.themes"

    def ready(self):
        from django.db.models.signals import post_save

        from skabsammen.citizeninput.models import CitizenInput

        from .services import input_saved

        post_save.connect(input_saved, sender=CitizenInput, dispatch_uid="themes.embed_on_save")
