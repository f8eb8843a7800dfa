from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BridgesConfig(AppConfig):
    name = "skabsammen.bridges"
    verbose_name = _("Bridges")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from skabsammen.municipality.models import Topic

        from .models import Contact, Organisation
        from .services import vectors

        post_save.connect(
            vectors.organisation_saved, sender=Organisation, dispatch_uid="bridges.embed_org"
        )
        post_save.connect(
            vectors.contact_saved, sender=Contact, dispatch_uid="bridges.embed_contact"
        )
        post_delete.connect(
            vectors.contact_saved, sender=Contact, dispatch_uid="bridges.embed_contact_gone"
        )
        m2m_changed.connect(
            vectors.topics_changed,
            sender=Organisation.topics.through,
            dispatch_uid="bridges.embed_topics",
        )
        post_save.connect(
            vectors.topic_renamed, sender=Topic, dispatch_uid="bridges.embed_topic_name"
        )
