"""Three introductions for the Gentofte demo, made through the services: one where both
said yes (with its line on the idea's timeline), one waiting for a contact, one waiting
for the idea's owners. An introduction already there (by pair) is left as it is."""

from dataclasses import dataclass

from skabsammen.accounts.models import User
from skabsammen.initiatives.models import Initiative
from skabsammen.mail.services import muted

from .models import Answer, Contact, Introduction, Organisation, new_token
from .services import introductions as services

STAFF_EMAIL = "mette.sorensen@gentofte.dk"


@dataclass
class Demo:
    idea: str  # the demo idea's title
    contact: str  # the contact's e-mail address in the demo directory
    note: str
    owners_say_yes: bool = False
    contact_says_yes: bool = False


INTRODUCTIONS = [
    Demo(
        "Blomstereng og insekthotel i Hellerup",
        "birthe.vang@example.dk",
        "Naturvennerne har bygget insekthoteller med børn før og kender de gode steder.",
        owners_say_yes=True,
        contact_says_yes=True,
    ),
    Demo(
        "Reparationscafé på hovedbiblioteket",
        "signe.kofoed@example.dk",
        "Klimacentret vil gerne have flere reparationscaféer og kan hjælpe med at "
        "fortælle om jeres.",
        owners_say_yes=True,
    ),
    Demo(
        "Lektiecafé for skolebørn i Jægersborg",
        "amina.farouk@example.dk",
        "Lektiecaféen i Dyssegård har frivillige og erfaring, I kan bygge videre på.",
    ),
]


def _staff() -> User:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        from skabsammen.municipality import demo as municipality_demo

        staff = municipality_demo.load()[STAFF_EMAIL.split("@")[0]]
    return staff


def _make(demo: Demo, staff: User) -> bool:
    initiative = Initiative.objects.filter(title=demo.idea).first()
    contact = Contact.objects.filter(email=demo.contact).select_related("organisation").first()
    if initiative is None or contact is None:
        return False
    pair_key = Introduction.pair_key_for(initiative.pk, contact_id=contact.pk)
    if Introduction.objects.filter(pair_key=pair_key).exists():
        return False
    introduction = services.introduction_propose(
        actor=staff, initiative=initiative, contact=contact, note=demo.note
    )
    if not demo.owners_say_yes:
        return True
    owner = initiative.owners.order_by("pk").first()
    services.introduction_answer_owner(actor=owner, introduction=introduction, answer=Answer.YES)
    if demo.contact_says_yes:
        # The contact's link went by e-mail (muted here): answer with a link made for it.
        token, digest = new_token()
        Introduction.objects.filter(pk=introduction.pk).update(contact_token_hash=digest)
        services.introduction_answer_contact(token=token, answer=Answer.YES)
    return True


def load_introductions() -> int:
    """Make the demo introductions not already there; return how many were made. Loads
    the demo directory first if there is none (the demo ideas must be loaded)."""
    if not Organisation.objects.exists():
        from .demo import load_directory

        with muted():
            load_directory()
    staff = _staff()
    made = 0
    with muted():
        for demo in INTRODUCTIONS:
            made += _make(demo, staff)
    return made
