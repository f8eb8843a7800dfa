import pytest

# Three subjects a citizen might write about, in the words citizens use.
CYCLING = [
    "Vi ønsker flere cykelstier langs Lyngbyvej, så børnene kan cykle sikkert i skole.",
    "Cykelstien ved skolen er for smal og farlig om morgenen for cyklister.",
    "Lav en sikker cykelsti til skolen, der er for mange biler og cyklister.",
    "Bedre cykelstier og cykelparkering ved stationen, tak.",
    "Cyklister mangler en cykelsti ved rundkørslen ved skolen.",
]
ELDERLY = [
    "Plejehjemmet mangler personale, de ældre får for lidt hjælp om aftenen.",
    "Mere tid til de ældre på plejehjem og i hjemmeplejen.",
    "Hjemmeplejen skal have tid til at tale med de ældre borgere.",
    "De ældre på plejehjemmet savner aktiviteter og besøg.",
    "Flere ansatte i ældreplejen og på plejehjemmene.",
]
NATURE = [
    "Plant flere træer i parken og lav en naturlegeplads for børnene.",
    "Parken trænger til flere træer, blomster og bænke.",
    "Lad græsset gro vildt i parken, så bierne får blomster.",
    "Mere natur i byen: træer, blomster og vild natur i parkerne.",
    "Beskyt de gamle træer i parken mod fældning.",
]


@pytest.fixture
def three_subjects() -> tuple[list[str], list[int]]:
    texts = CYCLING + ELDERLY + NATURE
    return texts, [0] * 5 + [1] * 5 + [2] * 5


@pytest.fixture(scope="session")
def stored_vectors():
    from skabsammen.insight.vectors import embed_texts

    return embed_texts(CYCLING + ELDERLY + NATURE)
