import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


@task()
def embed_inputs(input_ids: list[int]) -> int:
    return services.input_vectors_update(input_ids=input_ids)


@task()
def theme_run_execute(run_id: int) -> str:
    return services.theme_run_perform(run_id=run_id).status


@task()
def theme_split_execute(theme_id: int, actor_id: int) -> list[int]:
    """Split a large theme; a theme already split (the task run twice), or no longer
    current (the task ran after a new run), is left alone."""
    actor = get_user_model().objects.get(pk=actor_id)
    try:
        return [part.pk for part in services.theme_split_perform(actor=actor, theme_id=theme_id)]
    except ValidationError as error:
        logger.warning("Theme %s not split: %s", theme_id, " ".join(error.messages))
        return []
