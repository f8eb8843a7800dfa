"""Background work for bridges: thin wrappers around the services."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tasks import task

from .models import DirectoryImport
from .services import imports, vectors
from .services.introductions import introductions_close_expired

logger = logging.getLogger(__name__)


@task()
def directory_import_apply(import_id: int, actor_id: int) -> bool:
    """Apply a read import; one already applied (the task run twice) is left alone."""
    actor = get_user_model().objects.get(pk=actor_id)
    directory_import = DirectoryImport.objects.get(pk=import_id)
    try:
        imports.import_apply(actor=actor, directory_import=directory_import)
    except ValidationError as error:
        logger.warning("Import %s not applied: %s", import_id, " ".join(error.messages))
        return False
    return True


@task()
def embed_organisations(organisation_ids: list[int]) -> int:
    return vectors.organisation_vectors_update(organisation_ids=organisation_ids)


@task()
def introductions_close_expired_daily() -> int:
    """Close the introductions past their deadline; queued daily by `manage.py serve`."""
    return introductions_close_expired()
