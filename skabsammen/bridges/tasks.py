from django_tasks import task

from .services import vectors


@task()
def embed_organisations(organisation_ids: list[int]) -> int:
    return vectors.organisation_vectors_update(organisation_ids=organisation_ids)
