"""About thirty realistic ideas from Gentofte's citizens, in every status.

Each idea is made through the services, so every rule holds; afterwards its history
is moved back in time (submitted some days ago), and a few next steps are moved into
the past so that the staff overview shows overdue ideas.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from skabsammen.accounts.models import User
from skabsammen.common.calendar import work_calendar
from skabsammen.municipality.models import District, Topic

from . import services
from .models import Initiative, Message, Status, TimelineEvent


@dataclass
class Idea:
    owner: str
    title: str
    description: str
    status: str
    days_ago: int
    contact: str | None = None
    help: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    district: str | None = None
    place: str = ""
    public: bool = True
    channel: str | None = None  # registered by staff on the citizen's behalf
    roles: list[tuple[str, str]] = field(default_factory=list)
    overdue: bool = False
    reply: str = ""


IDEAS = [
    Idea(
        "karen.jensen",
        "Fælleshave ved Ordrup Station",
        "Der ligger et stykke græs ved stationen, som ingen bruger. Jeg vil gerne lave en "
        "fælleshave med højbede, hvor naboer kan dyrke grøntsager og mødes. Vi er allerede "
        "otte familier, der vil være med.",
        Status.IN_DIALOGUE,
        12,
        "jonas.holm",
        ["premises", "permits"],
        ["natur-og-miljoe", "faellesskab"],
        "ordrup",
        "Græsarealet ved Ordrup Station",
        reply=(
            "Hej Karen. Tak for en fin idé. Arealet ejes af kommunen. Jeg tjekker, "
            "om der er planer for det, og ringer dig op i næste uge."
        ),
    ),
    Idea(
        "ole.madsen",
        "Reparationscafé på hovedbiblioteket",
        "En gang om måneden vil vi reparere cykler, lamper og tøj sammen i stedet for at smide "
        "det ud. Vi har frivillige med værktøj; vi mangler et lokale.",
        Status.UNDERWAY,
        90,
        "mette.sorensen",
        ["premises", "communication"],
        ["klima", "faellesskab"],
        "gentofte",
        "Gentofte Hovedbibliotek",
        roles=[
            ("premises", "Biblioteket lægger lokale til den første lørdag i måneden."),
            ("communication", "Kommunen omtaler caféen i nyhedsbrevet."),
        ],
    ),
    Idea(
        "inger.poulsen",
        "Bænk ved Gentofte Sø",
        "På stien langs søen er der langt mellem bænkene. Mange ældre går tur her og har brug "
        "for at sidde ned undervejs.",
        Status.REALISED,
        160,
        "jonas.holm",
        ["permits"],
        ["aeldre", "byrum"],
        "gentofte",
        "Stien på sydsiden af Gentofte Sø",
    ),
    Idea(
        "fatima.ali",
        "Loppemarked i Vangede",
        "Et loppemarked på torvet to søndage om året, hvor børnefamilier kan sælge og bytte.",
        Status.TRIAL,
        45,
        "mette.sorensen",
        ["permits", "communication"],
        ["faellesskab"],
        "vangede",
        "Vangede Torv",
    ),
    Idea(
        "sofie.lind",
        "Blomstereng og insekthotel i Hellerup",
        "Vi vil så en blomstereng i en del af parken og bygge insekthoteller med skolebørn.",
        Status.BRIDGING,
        30,
        "amira.haddad",
        ["sparring", "contacts"],
        ["natur-og-miljoe", "boern-og-unge"],
        "hellerup",
    ),
    Idea(
        "yusuf.demir",
        "Lektiecafé for skolebørn i Jægersborg",
        "Jeg er pensioneret lærer og vil gerne hjælpe børn med lektierne to eftermiddage om ugen.",
        Status.RECEIVED,
        1,
        None,
        ["premises"],
        ["boern-og-unge", "laering"],
        "jaegersborg",
    ),
    Idea(
        "thomas.berg",
        "Strandrydning ved Skovshoved Havn",
        "Hver forår samler vi affald på stranden. "
        "I år vil vi gøre det større og invitere skolerne.",
        Status.UNDERWAY,
        60,
        "amira.haddad",
        ["communication"],
        ["natur-og-miljoe", "klima"],
        "skovshoved",
        roles=[("communication", "Kommunen sender invitationen ud til skolerne.")],
    ),
    Idea(
        "birgitte.holst",
        "Fællesspisning for ældre i Dyssegård",
        "Mange ældre spiser alene. Vi vil lave fællesspisning hver torsdag i medborgerhuset.",
        Status.IN_DIALOGUE,
        25,
        "peter.nygaard",
        ["premises", "funding"],
        ["aeldre", "faellesskab"],
        "dyssegaard",
        overdue=True,
    ),
    Idea(
        "emil.wagner",
        "Cykelværksted for unge",
        "Et værksted hvor unge kan lære at reparere deres egne cykler.",
        Status.RECEIVED,
        6,
        None,
        ["premises"],
        ["boern-og-unge", "trafik"],
        "gentofte",
    ),
    Idea(
        "henrik.dahl",
        "Shelters i Ermelunden",
        "Overnatningsshelters til familier i skoven, så børn kan prøve at sove ude.",
        Status.DECLINED,
        40,
        "jonas.holm",
        ["permits"],
        ["natur-og-miljoe"],
        "jaegersborg",
        "Ermelunden",
    ),
    Idea(
        "lone.friis",
        "Byttehylde på biblioteket",
        "En hylde hvor man kan bytte bøger, spil og puslespil.",
        Status.REALISED,
        120,
        "mette.sorensen",
        [],
        ["kultur", "faellesskab"],
        "charlottenlund",
    ),
    Idea(
        "mads.kjaer",
        "Juletræsfest i Charlottenlund",
        "En juletræsfest for hele kvarteret med dans om træet.",
        Status.PAUSED,
        70,
        "mette.sorensen",
        ["permits"],
        ["faellesskab", "kultur"],
        "charlottenlund",
    ),
    Idea(
        "sofie.lind",
        "Løbefællesskab for nybegyndere",
        "Et løbehold for dem, der aldrig har løbet før. Vi starter med fem kilometer.",
        Status.TRIAL,
        35,
        "peter.nygaard",
        ["communication"],
        ["idraet-og-bevaegelse", "sundhed"],
        "hellerup",
    ),
    Idea(
        "karen.jensen",
        "Musik i parken om sommeren",
        "Små koncerter i Ordrup Krat søndag eftermiddag, med lokale bands.",
        Status.BRIDGING,
        28,
        "mette.sorensen",
        ["permits", "contacts"],
        ["kultur"],
        "ordrup",
    ),
    Idea(
        "ole.madsen",
        "Nabohjælp på nettet",
        "En side hvor naboer kan bede om og tilbyde hjælp.",
        Status.WITHDRAWN,
        80,
        "lise.kragh",
        ["sparring"],
        ["faellesskab"],
        None,
    ),
    Idea(
        "emil.wagner",
        "Skaterbane ved sportsparken",
        "Vi er mange unge, der skater. En lille bane ved Gentofte Sportspark ville betyde meget.",
        Status.IN_DIALOGUE,
        15,
        "mette.sorensen",
        ["premises", "funding"],
        ["boern-og-unge", "idraet-og-bevaegelse"],
        "gentofte",
        channel="event",
    ),
    Idea(
        "thomas.berg",
        "Delebiler i Klampenborg",
        "Kommunen kunne købe delebiler, som borgerne kan leje.",
        Status.DECLINED,
        50,
        "jonas.holm",
        ["funding"],
        ["trafik", "klima"],
        "klampenborg",
    ),
    Idea(
        "inger.poulsen",
        "Fortællecafé for seniorer",
        "Vi mødes og fortæller om Gentofte i gamle dage. Historierne kan blive til en lille bog.",
        Status.UNDERWAY,
        75,
        "mette.sorensen",
        ["premises"],
        ["aeldre", "kultur"],
        "vangede",
        channel="library",
        roles=[("premises", "Vangede Bibliotek lægger lokale til hver anden tirsdag.")],
    ),
    Idea(
        "fatima.ali",
        "Frøbibliotek",
        "Et skab på biblioteket, hvor man kan låne og aflevere frø.",
        Status.RECEIVED,
        9,
        "lise.kragh",
        [],
        ["natur-og-miljoe"],
        "gentofte",
    ),
    Idea(
        "birgitte.holst",
        "Skolehave ved Dyssegårdsskolen",
        "Børnene kan lære om mad og natur ved selv at dyrke grøntsager.",
        Status.IN_DIALOGUE,
        20,
        "amira.haddad",
        ["sparring", "premises"],
        ["boern-og-unge", "natur-og-miljoe"],
        "dyssegaard",
    ),
    Idea(
        "henrik.dahl",
        "Bedre lys på stien ved søen",
        "Om vinteren er stien mørk. Flere lamper ville gøre den tryggere.",
        Status.RECEIVED,
        2,
        None,
        [],
        ["trafik", "byrum"],
        "gentofte",
        channel="phone",
    ),
    Idea(
        "lone.friis",
        "Gadefest på vores vej",
        "En gadefest med fælles bord, loppemarked og musik.",
        Status.REALISED,
        140,
        "lise.kragh",
        ["permits"],
        ["faellesskab"],
        "ordrup",
    ),
    Idea(
        "yusuf.demir",
        "Sprogcafé for nye danskere",
        "Frivillige taler dansk med nye danskere over en kop kaffe.",
        Status.BRIDGING,
        33,
        "peter.nygaard",
        ["contacts"],
        ["faellesskab", "laering"],
        "gentofte",
    ),
    Idea(
        "mads.kjaer",
        "Vinterbadning ved Hellerup Havn",
        "Et vinterbadeklub med sauna, hvor alle kan være med.",
        Status.TRIAL,
        55,
        "peter.nygaard",
        ["permits", "premises"],
        ["idraet-og-bevaegelse", "sundhed"],
        "hellerup",
    ),
    Idea(
        "sofie.lind",
        "Kunst på transformerstationerne",
        "Lokale kunstnere maler de grå transformerstationer.",
        Status.IN_DIALOGUE,
        18,
        "mette.sorensen",
        ["permits"],
        ["kultur", "byrum"],
        None,
        public=False,
    ),
    Idea(
        "thomas.berg",
        "Fællesskabskøleskab mod madspild",
        "Et køleskab hvor butikker og naboer kan stille overskudsmad.",
        Status.UNDERWAY,
        65,
        "amira.haddad",
        ["premises", "permits"],
        ["klima", "faellesskab"],
        "vangede",
        roles=[("permits", "Kommunen hjælper med reglerne for fødevarer.")],
    ),
    Idea(
        "karen.jensen",
        "Hundeskov i Vangede",
        "En indhegnet skov, hvor hunde må løbe frit.",
        Status.DECLINED,
        38,
        "jonas.holm",
        ["premises"],
        ["natur-og-miljoe"],
        "vangede",
    ),
    Idea(
        "fatima.ali",
        "Byttedag for legetøj",
        "En lørdag hvor børn bytter legetøj, de er vokset fra.",
        Status.PAUSED,
        48,
        "lise.kragh",
        [],
        ["boern-og-unge", "faellesskab"],
        "vangede",
    ),
    Idea(
        "emil.wagner",
        "Lektiehjælp på nettet",
        "Studerende hjælper folkeskoleelever med lektier over video.",
        Status.RECEIVED,
        4,
        "peter.nygaard",
        [],
        ["boern-og-unge", "laering"],
        None,
    ),
    Idea(
        "ole.madsen",
        "Solceller på foreningshuset",
        "Vi vil sætte solceller på foreningshusets tag og dele strømmen.",
        Status.IN_DIALOGUE,
        22,
        "amira.haddad",
        ["sparring", "funding"],
        ["klima"],
        "hellerup",
        public=False,
        overdue=True,
    ),
]

DECLINES = {
    "Shelters i Ermelunden": (
        "Ermelunden er statens skov, så det er ikke kommunen, der bestemmer der.",
        "Naturstyrelsen Hovedstaden giver tilladelse til shelters i statens skove. "
        "Skriv til dem på hovedstaden@nst.dk.",
    ),
    "Delebiler i Klampenborg": (
        "Kommunen må ikke drive en delebilordning i konkurrence med private firmaer.",
        "Flere private delebilordninger dækker Gentofte. "
        "Din grundejerforening kan lave en aftale med en af dem.",
    ),
    "Hundeskov i Vangede": (
        "Der er ikke plads til en hundeskov i Vangede, og der ligger allerede en i Ermelunden.",
        "Gentofte Hundeklub vil gerne høre fra dig, hvis du vil lave fælles hundeture.",
    ),
}


NEXT_STEPS = {
    Status.IN_DIALOGUE: "Vi mødes og taler idéen igennem",
    Status.BRIDGING: "Vi sætter dig i forbindelse med en forening, der arbejder med det samme",
    Status.TRIAL: "Vi prøver det af én gang og ser, hvordan det går",
    Status.UNDERWAY: "Vi følger op på, hvordan det går",
}


def _next_step(status: str) -> tuple[str, date]:
    return NEXT_STEPS[status], work_calendar().add_working_days(timezone.localdate(), 10)


def _build(idea: Idea, people: dict[str, User]) -> Initiative:
    owner = people[idea.owner]
    contact = people.get(idea.contact) if idea.contact else None
    content = {
        "title": idea.title,
        "description": idea.description,
        "help_wanted": idea.help,
        "topics": Topic.objects.filter(slug__in=idea.topics),
        "district": District.objects.filter(slug=idea.district).first(),
        "place": idea.place,
        "is_public": idea.public,
    }
    if idea.channel:
        registrar = contact or people["lise.kragh"]
        initiative = services.initiative_register_on_behalf(
            actor=registrar,
            citizen_name=owner.name,
            citizen_email=owner.email,
            channel=idea.channel,
            **content,
        )
        services.ownership_add(user=owner, initiative=initiative)
    else:
        initiative = services.initiative_submit(actor=owner, **content)
    if contact is None:
        return initiative
    if initiative.contact_person_id != contact.pk:
        services.initiative_assign(
            actor=people["lise.kragh"], initiative=initiative, contact_person=contact
        )
    if idea.status == Status.RECEIVED:
        return initiative
    step, due = _next_step(Status.IN_DIALOGUE)
    services.message_post(
        actor=contact,
        initiative=initiative,
        text=idea.reply
        or f"Hej {owner.get_short_name()}. Tak for din idé. Jeg vil gerne høre "
        "mere om den. Hvornår passer det dig, at vi mødes?",
        next_step=step,
        next_step_due=due,
    )
    services.message_post(
        actor=owner,
        initiative=initiative,
        text="Tak for svaret. Jeg kan godt mødes på tirsdag eftermiddag.",
    )
    target = idea.status
    if idea.status in (Status.PAUSED, Status.WITHDRAWN, Status.REALISED):
        target = Status.UNDERWAY if idea.status == Status.REALISED else Status.IN_DIALOGUE
    if target == Status.DECLINED:
        reason, referral = DECLINES[idea.title]
        services.initiative_transition(
            actor=contact, initiative=initiative, status=target, reason=reason, referral=referral
        )
    elif target != Status.IN_DIALOGUE:
        step, due = _next_step(target)
        services.initiative_transition(
            actor=contact, initiative=initiative, status=target, next_step=step, next_step_due=due
        )
    for kind, description in idea.roles:
        services.partner_role_add(
            actor=contact, initiative=initiative, kind=kind, description=description
        )
    if idea.status in (Status.PAUSED, Status.WITHDRAWN, Status.REALISED):
        services.initiative_transition(actor=owner, initiative=initiative, status=idea.status)
    return initiative


def _move_back_in_time(initiative: Initiative, idea: Idea, index: int) -> None:
    """Spread the idea's history over the days since it was submitted.

    The contact person is named the next day and writes 1 to 6 days after submission
    (so a few ideas miss the 5-working-day target); later events follow evenly.
    """
    initiative = Initiative.objects.get(pk=initiative.pk)  # the services changed it
    now = timezone.now()
    start = now - timedelta(days=idea.days_ago, hours=3)
    events = list(TimelineEvent.objects.filter(initiative=initiative).order_by("pk"))
    messages = list(Message.objects.filter(initiative=initiative).order_by("pk"))
    moments = sorted([*events, *messages], key=lambda item: item.created_at)
    first_reply = timedelta(days=1 + index % 6)
    early = [timedelta(0), timedelta(days=1), first_reply, first_reply]
    later = moments[len(early) :]
    span = (now - start) * 0.8 - first_reply
    offsets = early[: len(moments)] + [
        first_reply + span * ((n + 1) / (len(later) + 1)) for n in range(len(later))
    ]
    calendar = work_calendar()
    for item, offset in zip(moments, offsets, strict=True):
        moment = min(start + offset, now - timedelta(hours=1))
        fields = {"created_at": moment}
        if getattr(item, "next_step_due", None) and item is not events[-1]:
            # A next step set back then was due some working days after it was set.
            fields["next_step_due"] = calendar.add_working_days(moment.date(), 10)
        type(item).objects.filter(pk=item.pk).update(**fields)
        item.created_at = moment
    replies = [m for m in messages if m.author_id == initiative.contact_person_id]
    assigned = [e for e in events if e.kind == TimelineEvent.Kind.CONTACT_ASSIGNED]
    updates = {"submitted_at": start}
    if replies:
        updates["first_reply_at"] = replies[0].created_at
    if assigned:
        updates["contact_assigned_at"] = assigned[0].created_at
    if idea.overdue:
        updates["next_step_due"] = timezone.localdate() - timedelta(days=3)
    Initiative.objects.filter(pk=initiative.pk).update(**updates)


def load(people: dict[str, User]) -> int:
    for index, idea in enumerate(IDEAS):
        _move_back_in_time(_build(idea, people), idea, index)
    return len(IDEAS)
