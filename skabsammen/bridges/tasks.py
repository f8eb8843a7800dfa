"""Background work for bridges: thin wrappers around the services."""

from django_tasks import task

from .services import vectors
from .services.introductions import introductions_close_expired


@task()
def embed_organisations(organisation_ids: list[int]) -> int:
    return vectors.organisation_vectors_update(organisation_ids=organisation_ids)


@task()
def introductions_close_expired_daily() -> int:
    """Close the introductions past their deadline; queued daily by `manage.py serve`."""
    return introductions_close_expired()
