"""Organisations' vectors: the same embedder and representation as the ideas' stored ones.

An organisation's text is its name, kind, description, its topics' names and its active
contacts' roles (never a contact's name or e-mail). Its vector is stored in
`OrganisationVector` with the model's name and the text's SHA-256, and recomputed only when
either changes. Saving an organisation or a contact, or changing their topics, queues
`embed_organisations` after the transaction commits (one task per transaction); the
command `embed_organisations` backfills. Embedding never runs in a request.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import translation

from skabsammen.common.batching import CommitBatch
from skabsammen.themes.services import MODEL, TASK_CHUNK, embed_and_store, text_sha256

from ..models import Organisation, OrganisationKind, OrganisationVector


def organisation_text(organisation: Organisation) -> str:
    """What an organisation's vector is computed from (in Danish, whatever the request's
    language): name, kind, description, topics, and its active contacts' roles."""
    with translation.override("da"):
        kind = str(OrganisationKind(organisation.kind).label)
    topics = sorted(topic.name for topic in organisation.topics.all())
    roles = sorted(
        {
            contact.role.strip()
            for contact in organisation.contacts.all()
            if contact.is_active and contact.role.strip()
        }
    )
    parts = [f"{organisation.name} ({kind})", organisation.description.strip()]
    if topics:
        parts.append(", ".join(topics))
    if roles:
        parts.append(", ".join(roles))
    return "\n\n".join(part for part in parts if part)


def organisation_vectors_update(
    *,
    organisation_ids: Iterable[int] | None = None,
    recompute: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed the organisations (all, or `organisation_ids`) whose vector is missing or
    stale; return how many were embedded. Safe to run twice."""
    organisations = Organisation.objects.order_by("id").prefetch_related("topics", "contacts")
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=set(organisation_ids))
    stored = {
        pk: (digest, model)
        for pk, digest, model in OrganisationVector.objects.values_list(
            "organisation_id", "text_sha256", "model"
        )
    }
    todo = []
    for organisation in organisations.iterator(chunk_size=1000):
        text = organisation_text(organisation)
        digest = text_sha256(text)
        if recompute or stored.get(organisation.pk) != (digest, MODEL):
            todo.append((organisation.pk, text, digest))
    return embed_and_store(OrganisationVector, "organisation", todo, progress=progress)


# Signals ---------------------------------------------------------------------------


def _embedding_on() -> bool:
    return getattr(settings, "THEMES_EMBED_ON_SAVE", True)


def organisation_saved(sender, instance, raw=False, **kwargs) -> None:
    """post_save of Organisation."""
    if not raw and _embedding_on():
        queue_organisation_embedding(instance.pk)


def contact_saved(sender, instance, raw=False, **kwargs) -> None:
    """post_save and post_delete of Contact: its role is part of its organisation's text."""
    if not raw and _embedding_on() and instance.organisation_id:
        queue_organisation_embedding(instance.organisation_id)


def topics_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """m2m_changed of Organisation.topics (either side)."""
    if not action.startswith("post_") or not _embedding_on():
        return
    if not reverse:
        queue_organisation_embedding(instance.pk)
    elif action == "post_clear":
        # The topic's organisations are gone from it already; embed all to be sure.
        for pk in Organisation.objects.values_list("pk", flat=True):
            queue_organisation_embedding(pk)
    else:
        for pk in pk_set or ():
            queue_organisation_embedding(pk)


def topic_renamed(sender, instance, raw=False, created=False, **kwargs) -> None:
    """post_save of Topic: its name is part of its organisations' texts."""
    if raw or created or not _embedding_on():
        return
    for pk in instance.organisations.values_list("pk", flat=True):
        queue_organisation_embedding(pk)


def queue_organisation_embedding(organisation_id: int) -> None:
    """Queue `organisation_id` for embedding; one task per transaction, after it commits."""
    _batch.add(organisation_id)


def _enqueue(ids: list[int]) -> None:
    from ..tasks import embed_organisations

    for start in range(0, len(ids), TASK_CHUNK):
        embed_organisations.enqueue(ids[start : start + TASK_CHUNK])


_batch = CommitBatch(_enqueue)
