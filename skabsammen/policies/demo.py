"""Gentofte-like policies and strategies for `manage.py load_demo`.

Demo data: the titles echo the kinds of policies a Danish municipality adopts, but the
summaries, goals, dates and links are invented for the demo and are not Gentofte
Kommune's actual texts.
"""

from dataclasses import dataclass, field
from datetime import date

from skabsammen.committees.models import Body
from skabsammen.initiatives.models import Initiative
from skabsammen.municipality.models import Department

from .models import Policy, PolicyKind
from .services import policy_create, policy_link_initiative


@dataclass
class DemoPolicy:
    title: str
    kind: str
    adopted_on: date
    department: str
    summary: str
    goals: list[str]
    ideas: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)


POLICIES = [
    DemoPolicy(
        "Klimaplan 2030",
        PolicyKind.STRATEGY,
        date(2021, 2, 22),
        "Klima og Bæredygtighed",
        "Kommunen og borgerne skal sammen nedbringe udledningen af drivhusgasser og gøre "
        "kommunen klar til et vådere klima. (Demodata.)",
        [
            "Udledningen fra kommunen som geografisk område er 70 % lavere i 2030 end i 1990.",
            "Flere deler, reparerer og genbruger i stedet for at købe nyt.",
            "Mere natur og flere blomsterenge i parker og på vejarealer.",
            "Det er let at vælge cyklen og delebilen.",
        ],
        ideas=[
            "Reparationscafé på hovedbiblioteket",
            "Blomstereng og insekthotel i Hellerup",
            "Strandrydning ved Skovshoved Havn",
            "Delebiler i Klampenborg",
            "Frøbibliotek",
        ],
        bodies=["Grønt Råd"],
    ),
    DemoPolicy(
        "Kultur- og fritidspolitik",
        PolicyKind.POLICY,
        date(2019, 11, 25),
        "Kultur, Unge og Fritid",
        "Kultur og fritid skal være for alle, tæt på hvor man bor, og skabes sammen med "
        "foreninger og borgere. (Demodata.)",
        [
            "Alle børn og unge har et fritidstilbud, de trives i.",
            "Bibliotekerne er åbne mødesteder, hvor borgerne selv skaber aktiviteter.",
            "Byens rum bruges til kultur og fællesskab hele året.",
        ],
        ideas=[
            "Musik i parken om sommeren",
            "Skaterbane ved sportsparken",
            "Loppemarked i Vangede",
            "Byttehylde på biblioteket",
            "Shelters i Ermelunden",
        ],
        bodies=["Integrationsråd"],
    ),
    DemoPolicy(
        "Sundhedspolitik",
        PolicyKind.POLICY,
        date(2020, 6, 22),
        "Social og Sundhed",
        "Borgerne skal have gode rammer for et sundt liv med bevægelse, fællesskab og "
        "trivsel i alle aldre. (Demodata.)",
        [
            "Færre ældre føler sig ensomme.",
            "Flere borgere bevæger sig mindst 30 minutter om dagen.",
            "Det er let at gå tur og finde et sted at hvile undervejs.",
        ],
        ideas=[
            "Løbefællesskab for nybegyndere",
            "Fællesspisning for ældre i Dyssegård",
            "Bænk ved Gentofte Sø",
            "Fortællecafé for seniorer",
        ],
        bodies=["Seniorråd", "Handicapråd"],
    ),
    DemoPolicy(
        "Strategi for borgerinddragelse – Vi skaber sammen",
        PolicyKind.STRATEGY,
        date(2019, 12, 16),
        "Kommunalbestyrelsens Sekretariat",
        "Sådan møder kommunen borgerne, når de kommer med en idé, og når kommunen inviterer "
        "borgerne til at skabe sammen. Bygger på opgaveudvalget Vi Skaber Sammens "
        "principper. (Demodata.)",
        [
            "Kommunen lytter først: den første samtale handler om borgerens idé.",
            "Kommunen bygger bro mellem borgere, foreninger og fagfolk.",
            "Alle idéer har en kontaktperson og et næste skridt med en dato.",
            "Rammen er tydelig, når kommunen inviterer til at skabe sammen.",
        ],
        ideas=[
            "Fælleshave ved Ordrup Station",
            "Nabohjælp på nettet",
            "Lektiecafé for skolebørn i Jægersborg",
        ],
        bodies=["Opgaveudvalget Vi Skaber Sammen", "Opgaveudvalget Fremtidens Fællesskaber"],
    ),
    DemoPolicy(
        "Børne- og ungepolitik",
        PolicyKind.POLICY,
        date(2022, 3, 28),
        "Børn, Skole og Familie",
        "Børn og unge skal lære, trives og have fællesskaber i skolen og i fritiden. (Demodata.)",
        [
            "Alle børn lærer om natur og mad gennem egne erfaringer.",
            "Unge har steder, hvor de selv kan skabe noget.",
        ],
        ideas=[
            "Skolehave ved Dyssegårdsskolen",
            "Cykelværksted for unge",
            "Lektiecafé for skolebørn i Jægersborg",
        ],
    ),
]


def load(people: dict) -> int:
    """Register the demo policies and link ideas and bodies; returns how many policies."""
    staff = people["mette.sorensen"]
    for demo in POLICIES:
        if Policy.objects.filter(title=demo.title).exists():
            continue
        policy = policy_create(
            actor=staff,
            title=demo.title,
            kind=demo.kind,
            adopted_on=demo.adopted_on,
            summary=demo.summary,
            goals=demo.goals,
            link="https://gentofte.dk/",
            department=Department.objects.filter(name=demo.department).first(),
            bodies=Body.objects.filter(name__in=demo.bodies),
        )
        ideas = Initiative.objects.filter(title__in=demo.ideas).select_related("contact_person")
        for idea in ideas:
            contact = idea.contact_person
            actor = contact if contact is not None and contact.is_municipal_staff else staff
            policy_link_initiative(actor=actor, policy=policy, initiative=idea)
    return len(POLICIES)
