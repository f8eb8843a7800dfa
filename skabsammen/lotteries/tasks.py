from django_tasks import task

from . import services


@task()
def draw_execute(draw_id: int) -> str:
    return services.draw_perform(draw_id=draw_id).status
