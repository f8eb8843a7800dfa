"""One stream of everything citizens tell the municipality, from every app.

Each app registers its texts as a source (see `sources.py`); the stream keeps a copy of
each text with where it came from, so that the insight pages can read all of them in one
place without knowing the apps.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CitizenInput(models.Model):
    source = models.CharField(_("source"), max_length=40)  # a registered source's name
    key = models.CharField(max_length=64)  # the id of the object in its app
    text = models.TextField(_("text"))
    channel = models.CharField(_("channel"), max_length=40, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, blank=True)
    # May the text be quoted in reports? (Public ideas and anonymous answers: yes.)
    quotable = models.BooleanField(_("may be quoted"), default=False)
    said_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-said_at", "-id"]
        verbose_name = _("citizen input")
        verbose_name_plural = _("citizen input")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="citizeninput_source_key")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.key}"
