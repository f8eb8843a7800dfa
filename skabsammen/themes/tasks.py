from django_tasks import task

from . import services


@task()
def embed_inputs(input_ids: list[int]) -> int:
    return services.input_vectors_update(input_ids=input_ids)


@task()
def theme_run_execute(run_id: int) -> str:
    return services.theme_run_perform(run_id=run_id).status
