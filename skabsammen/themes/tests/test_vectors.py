"""Each text's vector is computed once, by a task after the text is saved, and again only
when the text changes."""

import numpy as np
import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks.signals import task_enqueued

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import services
from skabsammen.themes.models import InputVector

pytestmark = pytest.mark.django_db


@pytest.fixture
def embedder(monkeypatch, settings):
    """A stand-in for e5 (embeddings are not the point here) that counts the texts."""
    settings.THEMES_EMBED_ON_SAVE = True
    seen = []

    def embed_texts(texts, *, threads=1, batch_size=32):
        seen.extend(texts)
        rng = np.random.default_rng(len(seen))
        return rng.standard_normal((len(texts), services.DIM)).astype(np.float32)

    monkeypatch.setattr("skabsammen.insight.embed_texts", embed_texts)
    return seen


@pytest.fixture
def enqueued():
    tasks = []

    def record(sender, task_result, **kwargs):
        tasks.append(task_result)

    task_enqueued.connect(record)
    yield tasks
    task_enqueued.disconnect(record)


def new_input(key: str, text: str) -> CitizenInput:
    return CitizenInput.objects.create(source="initiative", key=key, text=text)


def test_saving_texts_queues_one_task_per_transaction(
    embedder, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            a = new_input("1", "Flere cykelstier")
            b = new_input("2", "Nye gynger på legepladsen")
        assert embedder == []  # nothing is embedded before the commit
    assert len(enqueued) == 1 and enqueued[0].args == [[a.pk, b.pk]]
    assert sorted(embedder) == ["Flere cykelstier", "Nye gynger på legepladsen"]
    vector = InputVector.objects.get(input=a)
    assert vector.model == services.MODEL
    assert vector.text_sha256 == services.text_sha256("Flere cykelstier")
    assert vector.as_array().shape == (services.DIM,)


def test_a_text_is_embedded_again_only_when_it_changes(
    embedder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = new_input("1", "Flere cykelstier")
    with django_capture_on_commit_callbacks(execute=True):
        item.channel = "web"
        item.save()
    assert embedder == ["Flere cykelstier"]
    with django_capture_on_commit_callbacks(execute=True):
        item.text = "Flere cykelstier og lavere fart"
        item.save()
    assert embedder == ["Flere cykelstier", "Flere cykelstier og lavere fart"]
    assert InputVector.objects.get(input=item).text_sha256 == services.text_sha256(item.text)


def test_a_rolled_back_text_queues_nothing(embedder, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            new_input("1", "Forsvinder")
            raise RuntimeError
        kept = new_input("2", "Bliver")
    assert [task.args for task in enqueued] == [[[kept.pk]]]
    assert embedder == ["Bliver"]


def test_embed_inputs_fills_in_what_is_missing(embedder, capsys):
    new_input("1", "Flere cykelstier")
    new_input("2", "Nye gynger")  # saved, but the on-commit task never ran
    call_command("embed_inputs")
    assert InputVector.objects.count() == 2
    call_command("embed_inputs")
    assert "already" in capsys.readouterr().out
    assert len(embedder) == 2
    call_command("embed_inputs", "--all")
    assert len(embedder) == 4


def test_the_real_embedding_is_stored_as_float32(db, settings, text_vectors):
    from .conftest import TEXTS

    item = new_input("1", TEXTS[0])
    assert services.input_vectors_update(input_ids=[item.pk]) == 1
    stored = InputVector.objects.get(input=item).as_array()
    assert stored.dtype == np.float32
    assert np.allclose(stored, text_vectors[0], atol=1e-5)
