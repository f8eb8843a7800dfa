from django.contrib.auth import get_user_model
from django_tasks import task

from . import services
from .models import Theme


@task()
def embed_inputs(input_ids: list[int]) -> int:
    return services.input_vectors_update(input_ids=input_ids)


@task()
def theme_run_execute(run_id: int) -> str:
    return services.theme_run_perform(run_id=run_id).status


@task()
def theme_split_execute(theme_id: int, actor_id: int) -> list[int]:
    """Split a large theme; a theme already split (the task run twice) is left alone."""
    actor = get_user_model().objects.get(pk=actor_id)
    try:
        return [part.pk for part in services.theme_split_perform(actor=actor, theme_id=theme_id)]
    except Theme.DoesNotExist:
        return []
