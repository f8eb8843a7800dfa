"""Gentofte's departments, topics, districts and people, for `manage.py load_demo`."""

from skabsammen.accounts.models import Role, User
from skabsammen.accounts.services import user_get_or_create, user_set_role
from skabsammen.common.text import danish_slug
from skabsammen.municipality.models import Department, District, Topic

DEPARTMENTS = [
    ("Borgerservice", True),
    ("Kultur, Unge og Fritid", False),
    ("By, Land og Vand", False),
    ("Social og Sundhed", False),
    ("Børn, Skole og Familie", False),
    ("Klima og Bæredygtighed", False),
    ("Kommunalbestyrelsens Sekretariat", False),
    ("Digitalisering og IT", False),
]
TOPICS = [
    "Natur og miljø",
    "Klima",
    "Kultur",
    "Idræt og bevægelse",
    "Fællesskab",
    "Børn og unge",
    "Ældre",
    "Trafik",
    "Byrum",
    "Sundhed",
    "Læring",
]
DISTRICTS = [
    "Charlottenlund",
    "Dyssegård",
    "Gentofte",
    "Hellerup",
    "Jægersborg",
    "Klampenborg",
    "Ordrup",
    "Skovshoved",
    "Vangede",
]
# (e-mail, name, role, department)
PEOPLE = [
    ("lise.kragh@gentofte.dk", "Lise Kragh", Role.STAFF, "Borgerservice"),
    ("mette.sorensen@gentofte.dk", "Mette Sørensen", Role.STAFF, "Kultur, Unge og Fritid"),
    ("jonas.holm@gentofte.dk", "Jonas Holm", Role.STAFF, "By, Land og Vand"),
    ("peter.nygaard@gentofte.dk", "Peter Nygaard", Role.STAFF, "Social og Sundhed"),
    ("amira.haddad@gentofte.dk", "Amira Haddad", Role.STAFF, "Klima og Bæredygtighed"),
    (
        "hanne.lund@gentofte.dk",
        "Hanne Lund",
        Role.SECRETARIAT,
        "Kommunalbestyrelsens Sekretariat",
    ),
    ("admin@gentofte.dk", "Anders Admin", Role.ADMINISTRATOR, "Digitalisering og IT"),
    ("karen.jensen@example.dk", "Karen Jensen", Role.CITIZEN, None),
    ("ole.madsen@example.dk", "Ole Madsen", Role.CITIZEN, None),
    ("fatima.ali@example.dk", "Fatima Ali", Role.CITIZEN, None),
    ("birgitte.holst@example.dk", "Birgitte Holst", Role.CITIZEN, None),
    ("thomas.berg@example.dk", "Thomas Berg", Role.CITIZEN, None),
    ("sofie.lind@example.dk", "Sofie Lind", Role.CITIZEN, None),
    ("henrik.dahl@example.dk", "Henrik Dahl", Role.CITIZEN, None),
    ("yusuf.demir@example.dk", "Yusuf Demir", Role.CITIZEN, None),
    ("inger.poulsen@example.dk", "Inger Poulsen", Role.CITIZEN, None),
    ("mads.kjaer@example.dk", "Mads Kjær", Role.CITIZEN, None),
    ("lone.friis@example.dk", "Lone Friis", Role.CITIZEN, None),
    ("emil.wagner@example.dk", "Emil Wagner", Role.CITIZEN, None),
]
# Who `make run` prints sign-in links for.
DEMO_SIGN_INS = [
    ("karen.jensen@example.dk", "citizen"),
    ("mette.sorensen@gentofte.dk", "staff"),
    ("hanne.lund@gentofte.dk", "secretariat"),
    ("admin@gentofte.dk", "administrator"),
]


def load() -> dict[str, User]:
    for name, handles_intake in DEPARTMENTS:
        Department.objects.update_or_create(name=name, defaults={"handles_intake": handles_intake})
    for name in TOPICS:
        Topic.objects.get_or_create(slug=danish_slug(name), defaults={"name": name})
    for name in DISTRICTS:
        District.objects.get_or_create(slug=danish_slug(name), defaults={"name": name})
    people = {}
    for email, name, role, department in PEOPLE:
        user = user_get_or_create(email=email, name=name)
        if role != Role.CITIZEN:
            user_set_role(
                actor=None,
                user=user,
                role=role,
                department=Department.objects.get(name=department),
            )
        people[email.split("@")[0]] = user
    return people
