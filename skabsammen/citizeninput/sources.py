"""Sources of citizen input: one registration per kind of text, and the stream follows.

An app calls `register()` in its AppConfig.ready() with the model and a function that
turns one object into an `Entry` (or None when it holds no text for the stream). Saving
or deleting such an object then updates the stream, and `manage.py citizen_input_sync`
rebuilds the stream from every source.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save


@dataclass(frozen=True)
class Entry:
    text: str
    said_at: datetime
    channel: str = ""
    district: str = ""
    age_band: str = ""
    quotable: bool = False


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    model: type[models.Model]
    entry: Callable[[models.Model], Entry | None]
    # The objects to read when the stream is rebuilt (select_related etc.).
    queryset: Callable[[], models.QuerySet] | None = None

    def objects(self) -> models.QuerySet:
        return self.queryset() if self.queryset else self.model._default_manager.all()


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add `source` to the stream and keep the stream up to date as its objects change."""
    SOURCES[source.name] = source
    uid = f"citizeninput:{source.name}"

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:
            transaction.on_commit(lambda: store(source, instance.pk))

    def deleted(sender, instance, **kwargs):
        from .models import CitizenInput

        CitizenInput.objects.filter(source=source.name, key=str(instance.pk)).delete()

    post_save.connect(saved, sender=source.model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=source.model, weak=False, dispatch_uid=uid)


def store(source: Source, pk) -> None:
    """Copy one object's text into the stream (or remove it if it no longer has one)."""
    from .models import CitizenInput

    obj = source.objects().filter(pk=pk).first()
    entry = source.entry(obj) if obj is not None else None
    if entry is None or not entry.text.strip():
        CitizenInput.objects.filter(source=source.name, key=str(pk)).delete()
        return
    CitizenInput.objects.update_or_create(source=source.name, key=str(pk), defaults=_fields(entry))


def _fields(entry: Entry) -> dict:
    return {
        "text": entry.text.strip(),
        "said_at": entry.said_at,
        "channel": entry.channel,
        "district": entry.district,
        "age_band": entry.age_band,
        "quotable": entry.quotable,
    }


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Rebuild the stream from every registered source; return the count per source."""
    from .models import CitizenInput

    counts = {}
    for source in SOURCES.values():
        kept = []
        for obj in source.objects().iterator(chunk_size=2000):
            entry = source.entry(obj)
            if entry is None or not entry.text.strip():
                continue
            CitizenInput.objects.update_or_create(
                source=source.name, key=str(obj.pk), defaults=_fields(entry)
            )
            kept.append(str(obj.pk))
        CitizenInput.objects.filter(source=source.name).exclude(key__in=kept).delete()
        counts[source.name] = len(kept)
    CitizenInput.objects.exclude(source__in=list(SOURCES)).delete()
    return counts
