"""A personal-invitation campaign that has been sent and answered, for `manage.py
load_demo`: the results page, the reminders, the volunteers' draw and closing all have
something to show.

The register rows are invented (no real people); a fixed seed makes the demo the same
every time. The answers go in through the answer service, so they also reach the common
stream of citizen input.
"""

import random
import secrets
from datetime import timedelta

from django.utils import timezone

from skabsammen.accounts.models import AgeBand
from skabsammen.committees.models import BodyKind
from skabsammen.committees.services import body_create
from skabsammen.municipality.demo import DISTRICTS

from .models import (
    Campaign,
    CampaignStatus,
    Channel,
    Invitation,
    InvitationStatus,
    RegisterPerson,
)
from .services.answers import answer_submit

TITLE = "Hvad skal Gentofte arbejde med?"
REGISTER_SIZE = 240
SAMPLE = 90
AGE_BANDS = [b for b in AgeBand.values if b != AgeBand.UNDER_18]
FIRST = ["Anna", "Bo", "Cecilie", "Dorte", "Erik", "Frida", "Gustav", "Hanne", "Ib", "Jonas"]
LAST = ["Hansen", "Holm", "Jensen", "Krogh", "Lund", "Madsen", "Nielsen", "Skov", "Winther"]
STREETS = ["Bregnegårdsvej", "Ordrupvej", "Vangedevej", "Strandvejen", "Jægersborg Allé"]
ANSWERS = [
    "Flere sikre cykelstier til skolerne.",
    "Et sted hvor unge kan mødes om aftenen.",
    "Mindre trafik på Strandvejen og bedre busser.",
    "Grønne områder og flere træer i bydelene.",
    "Fællesspisning for ældre, der bor alene.",
    "Bedre adgang for kørestole til butikker og stationer.",
    "Klimatilpasning: regnvand skal ikke løbe ind i kældrene.",
    "Flere legepladser og bænke ved søerne.",
    "Billigere boliger til unge familier.",
    "Tid til at tale med en sagsbehandler, der kender én.",
]


def _code(rng: random.Random) -> str:
    return "".join(rng.choice("ACDEFHJKLMNPRTUVWXY34679") for _ in range(8))


def load() -> int:
    """Create the campaign; return the number of answers."""
    rng = random.Random(20190604)  # noqa: S311 (demo data, not a secret)
    now = timezone.now()
    body = body_create(
        actor=None, name="Borgerpanelet om fremtidens Gentofte", kind=BodyKind.TASK_COMMITTEE
    )
    campaign = Campaign.objects.create(
        title=TITLE,
        purpose=(
            "Kommunen vil gerne høre fra borgere, vi sjældent hører fra. Du er udtrukket "
            "tilfældigt blandt alle voksne i Gentofte."
        ),
        question="Hvad synes du, kommunen skal arbejde med de næste år?",
        body=body,
        status=CampaignStatus.SENT,
        answer_until=timezone.localdate() + timedelta(days=21),
        remind_after_days=10,
        register_filename="cpr-udtraek-demo.csv",
        register_rows=REGISTER_SIZE,
        sample_size=SAMPLE,
        strata=["district", "age_band"],
        sampled_at=now - timedelta(days=16),
        sent_at=now - timedelta(days=14),
    )
    people = []
    for row in range(1, REGISTER_SIZE + 1):
        address = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
        birth_year = rng.randint(1935, 2006)
        age = timezone.localdate().year - birth_year
        band = next((b for b in reversed(AGE_BANDS) if age >= int(b[:2])), AGE_BANDS[0])
        people.append(
            RegisterPerson(
                campaign=campaign,
                row=row,
                external_id=f"D{row:05d}",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                address=address,
                postcode="2900",
                city="Hellerup",
                district=rng.choice(DISTRICTS),
                birth_year=birth_year,
                age_band=band,
                gender=rng.choice(["woman", "man"]),
                email=f"demo{row}@example.dk" if rng.random() < 0.6 else "",
                household=f"{address.lower()}|2900",
            )
        )
    RegisterPerson.objects.bulk_create(people)
    people = list(campaign.register.all())
    campaign.population = {
        key: _count(getattr(p, key) for p in people) for key in ("district", "age_band", "gender")
    }
    campaign.save(update_fields=["population"])
    invitations = []
    for person in rng.sample(people, SAMPLE):
        invitations.append(
            Invitation(
                campaign=campaign,
                person=person,
                channel=Channel.EMAIL if person.email else Channel.LETTER,
                token=secrets.token_urlsafe(24),
                code=_code(rng),
                district=person.district,
                age_band=person.age_band,
                gender=person.gender,
                status=InvitationStatus.SENT,
                sent_at=campaign.sent_at,
            )
        )
    Invitation.objects.bulk_create(invitations)
    answered = 0
    for invitation in campaign.invitations.select_related("person"):
        # Older people and Hellerup answer more often: the comparison has something to show.
        chance = (
            0.25
            + (0.2 if invitation.age_band >= "55" else 0)
            + (0.15 if invitation.district == "Hellerup" else 0)
        )
        if rng.random() > chance:
            continue
        volunteers = rng.random() < 0.35
        answer_submit(
            invitation=invitation,
            text=rng.choice(ANSWERS),
            wants_assembly=volunteers,
            wants_working_group=volunteers and rng.random() < 0.5,
            name=invitation.person.name if volunteers else "",
            email=(invitation.person.email or "") if volunteers else "",
            phone="" if not volunteers or invitation.person.email else "12345678",
            education=rng.choice(["", "vocational", "medium_higher", "long_higher"]),
        )
        answered += 1
    return answered


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))
