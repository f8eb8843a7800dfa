"""A task committee whose seven citizen members were drawn by lot among 20 applicants,
so the public draw page, its downloads and the invitation of the rest can be tried.

The draw runs here and now (LEXIMIN on 20 people takes well under a second); the task
that its run queues finds it done and leaves it.
"""

from datetime import timedelta

from django.utils import timezone

from skabsammen.accounts.services import user_get_or_create
from skabsammen.committees.models import BodyKind
from skabsammen.committees.services import application_submit, body_create, body_update
from skabsammen.municipality.models import District

from . import committees, services

COMMITTEE = "Opgaveudvalget Grøn Hverdag"
MANDATE = (
    "Opgaveudvalget skal finde ideer til, hvordan det bliver nemt at leve grønt i "
    "Gentofte. Syv borgere er trukket ved lodtrækning blandt dem, der søgte."
)
SEATS = 7
SEED = "3 14 22 35 41"
# (name, gender, age band, education)
APPLICANTS = [
    ("Aase Lykke", "woman", "65_74", "medium_higher"),
    ("Bent Qvist", "man", "75_plus", "vocational"),
    ("Camilla Bach", "woman", "25_34", "long_higher"),
    ("Daniel Ravn", "man", "18_24", "upper_secondary"),
    ("Eva Storm", "woman", "45_54", "short_higher"),
    ("Frederik Winther", "man", "35_44", "long_higher"),
    ("Gitte Mølgaard", "woman", "55_64", "vocational"),
    ("Hassan Omar", "man", "25_34", "medium_higher"),
    ("Ida Krogh", "woman", "18_24", "upper_secondary"),
    ("Jens Bonde", "man", "55_64", "long_higher"),
    ("Karin Thorsen", "woman", "35_44", "medium_higher"),
    ("Lars Iversen", "man", "65_74", "vocational"),
    ("Maja Friberg", "woman", "25_34", "short_higher"),
    ("Niels Hald", "man", "45_54", "medium_higher"),
    ("Olivia Brandt", "woman", "75_plus", "primary"),
    ("Palle Juhl", "man", "35_44", "vocational"),
    ("Rikke Aagaard", "woman", "45_54", "long_higher"),
    ("Simon Kirk", "man", "18_24", "upper_secondary"),
    ("Tina Vestergaard", "woman", "55_64", "medium_higher"),
    ("Ulrik Fogh", "man", "25_34", "short_higher"),
]


def _email(name: str) -> str:
    plain = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return plain.replace(" ", ".") + "@example.dk"


def load(people: dict):
    """Load the committee, its applicants and the drawn lottery; return the draw."""
    secretariat = people["hanne.lund"]
    today = timezone.localdate()
    period = (today + timedelta(days=14), today + timedelta(days=14 + 365))
    committee = body_create(
        actor=None,
        name=COMMITTEE,
        kind=BodyKind.TASK_COMMITTEE,
        mandate=MANDATE,
        period_start=period[0],
        period_end=period[1],
        applications_open_until=today,
    )
    body_create(actor=None, name="Grønne ildsjæle", kind=BodyKind.WORKING_GROUP, parent=committee)
    districts = list(District.objects.order_by("name"))
    for i, (name, gender, age_band, education) in enumerate(APPLICANTS):
        applicant = user_get_or_create(email=_email(name), name=name)
        application_submit(
            actor=applicant,
            body=committee,
            motivation="Jeg vil gerne hjælpe med at gøre det nemt at leve grønt.",
            gender=gender,
            age_band=age_band,
            education=education,
            district=districts[i % len(districts)] if districts else None,
        )
    body_update(  # the application period is over: now the draw
        actor=secretariat,
        body=committee,
        name=committee.name,
        mandate=committee.mandate,
        period_start=period[0],
        period_end=period[1],
        applications_open_until=today - timedelta(days=1),
    )
    draw = committees.committee_draw_prepare(
        actor=secretariat,
        body=committee,
        purpose=f"Syv borgere til {COMMITTEE}",
        k=SEATS,
        categories=["gender", "age_band"],
    )
    services.draw_run(actor=secretariat, draw=draw, seed=SEED)
    return services.draw_perform(draw_id=draw.pk)
