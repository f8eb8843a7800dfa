"""An invented directory for the Gentofte demo: departments, institutions, associations, a
local business and another public body, each with topics, districts and a contact or two.

Every name, e-mail address and number here is made up. Made through the services, so
every rule holds; an organisation already there (by name) is left as it is.
"""

from dataclasses import dataclass, field

from skabsammen.accounts.models import User
from skabsammen.municipality.models import Department, District, Topic

from .models import Organisation, OrganisationKind, normal_name
from .services.directory import contact_create, organisation_create

STAFF_EMAIL = "mette.sorensen@gentofte.dk"


@dataclass
class Demo:
    name: str
    kind: str
    description: str
    topics: list[str]
    districts: list[str] = field(default_factory=list)  # none: the whole municipality
    email: str = ""
    phone: str = ""
    website: str = ""
    register_id: str = ""
    department: str | None = None
    # (name, role, e-mail, phone)
    contacts: list[tuple[str, str, str, str]] = field(default_factory=list)


DIRECTORY = [
    Demo(
        "Center for Kultur, Unge og Fritid",
        OrganisationKind.DEPARTMENT,
        "Kommunens center for kulturliv, foreningsliv og fritid: lokaler, tilskud og "
        "hjælp til frivillige, der vil skabe noget for andre. (Demodata.)",
        ["Kultur", "Fællesskab", "Børn og unge", "Idræt og bevægelse"],
        email="kuf.demo@example.dk",
        phone="39 98 00 10",
        website="https://gentofte.dk/",
        department="Kultur, Unge og Fritid",
        contacts=[
            ("Rikke Aagaard", "Frivillighedskonsulent", "rikke.aagaard@example.dk", ""),
            ("Kasper Juul", "Foreningskonsulent", "kasper.juul@example.dk", "39 98 00 11"),
        ],
    ),
    Demo(
        "Center for Klima og Bæredygtighed",
        OrganisationKind.DEPARTMENT,
        "Kommunens arbejde med klimaplanen, energi, affald og genbrug. Hjælper gerne "
        "borgere og foreninger med grønne projekter. (Demodata.)",
        ["Klima", "Natur og miljø"],
        email="klima.demo@example.dk",
        website="https://gentofte.dk/",
        department="Klima og Bæredygtighed",
        contacts=[("Signe Kofoed", "Klimakoordinator", "signe.kofoed@example.dk", "")],
    ),
    Demo(
        "Vej og Park Gentofte",
        OrganisationKind.DEPARTMENT,
        "Passer kommunens veje, stier, parker og grønne arealer, og giver tilladelse til "
        "at bruge dem. (Demodata.)",
        ["Byrum", "Trafik", "Natur og miljø"],
        email="vejogpark.demo@example.dk",
        phone="39 98 00 20",
        website="https://gentofte.dk/",
        department="By, Land og Vand",
        contacts=[("Torben Lykke", "Parkforvalter", "torben.lykke@example.dk", "")],
    ),
    Demo(
        "Gentofte Bibliotekerne",
        OrganisationKind.INSTITUTION,
        "Kommunens biblioteker: bøger, arrangementer, lektiehjælp og lokaler, som "
        "borgere og foreninger kan låne til møder og værksteder. (Demodata.)",
        ["Kultur", "Læring", "Fællesskab"],
        email="bibliotek.demo@example.dk",
        phone="39 98 00 30",
        website="https://example.dk/bibliotekerne",
        contacts=[
            ("Niels Brandt", "Arrangementsansvarlig", "niels.brandt@example.dk", ""),
            ("Yasmin Khalil", "Bibliotekar, børn og unge", "yasmin.khalil@example.dk", ""),
        ],
    ),
    Demo(
        "Sundhedshuset ved Gentofte Station",
        OrganisationKind.INSTITUTION,
        "Forebyggelse, genoptræning og hold for borgere, der vil i gang med at bevæge "
        "sig. (Demodata.)",
        ["Sundhed", "Ældre", "Idræt og bevægelse"],
        ["Gentofte", "Jægersborg"],
        email="sundhedshuset.demo@example.dk",
        contacts=[("Lærke Vestergaard", "Sundhedskonsulent", "laerke.vestergaard@example.dk", "")],
    ),
    Demo(
        "Ordrup Naturvenner",
        OrganisationKind.ASSOCIATION,
        "Vi passer på naturen i Ordrup Krat og Charlottenlund Skov: affaldsindsamling, "
        "fuglekasser og naturture for familier. (Demodata.)",
        ["Natur og miljø", "Fællesskab"],
        ["Ordrup", "Charlottenlund"],
        email="ordrup.naturvenner@example.dk",
        website="https://example.dk/ordrup-naturvenner",
        register_id="F-2041",
        contacts=[("Birthe Vang", "Formand", "birthe.vang@example.dk", "20 11 22 33")],
    ),
    Demo(
        "Hellerup Strandrensere",
        OrganisationKind.ASSOCIATION,
        "Frivillige, der samler affald på stranden og langs havnen hver første søndag "
        "i måneden. Alle kan være med. (Demodata.)",
        ["Natur og miljø", "Klima"],
        ["Hellerup", "Skovshoved", "Klampenborg"],
        email="strandrensere@example.dk",
        register_id="F-2077",
        contacts=[
            ("Jakob Møller", "Tovholder", "jakob.moeller@example.dk", ""),
            ("Ida Skov", "Kasserer", "ida.skov@example.dk", ""),
        ],
    ),
    Demo(
        "Vangede Boldklub af 1931",
        OrganisationKind.ASSOCIATION,
        "Fodbold for børn, unge og voksne, og sommerfodboldskole i skoleferien. (Demodata.)",
        ["Idræt og bevægelse", "Børn og unge"],
        ["Vangede", "Dyssegård"],
        email="vangede.boldklub@example.dk",
        phone="44 55 66 77",
        register_id="F-1187",
        contacts=[("Morten Krog", "Ungdomsformand", "morten.krog@example.dk", "")],
    ),
    Demo(
        "Seniorklubben Jægersborg",
        OrganisationKind.ASSOCIATION,
        "Ugentlige klubdage, gåture og udflugter for seniorer, og besøgsvenner til dem, "
        "der sjældent kommer ud. (Demodata.)",
        ["Ældre", "Fællesskab"],
        ["Jægersborg", "Gentofte"],
        email="seniorklubben@example.dk",
        register_id="F-0930",
        contacts=[("Grethe Holmgaard", "Formand", "grethe.holmgaard@example.dk", "")],
    ),
    Demo(
        "Charlottenlund Kunstforening",
        OrganisationKind.ASSOCIATION,
        "Udstillinger, kunstvandringer og åbne værksteder for amatører og professionelle. "
        "(Demodata.)",
        ["Kultur"],
        ["Charlottenlund"],
        email="kunstforeningen@example.dk",
        register_id="F-1502",
        contacts=[("Poul Ravn", "Udstillingsansvarlig", "poul.ravn@example.dk", "")],
    ),
    Demo(
        "Lektiecaféen i Dyssegård",
        OrganisationKind.ASSOCIATION,
        "Frivillige hjælper skolebørn med lektier to eftermiddage om ugen. Vi mangler "
        "altid flere frivillige. (Demodata.)",
        ["Læring", "Børn og unge"],
        ["Dyssegård", "Vangede"],
        email="lektiecafeen@example.dk",
        register_id="F-2210",
        contacts=[("Amina Farouk", "Koordinator", "amina.farouk@example.dk", "")],
    ),
    Demo(
        "Skovshoved Kajakklub",
        OrganisationKind.ASSOCIATION,
        "Kajak og havkajak for alle aldre, og introduktionskurser hver sommer. (Demodata.)",
        ["Idræt og bevægelse", "Natur og miljø"],
        ["Skovshoved"],
        email="kajakklubben@example.dk",
        register_id="F-0644",
        contacts=[("Henning Dam", "Instruktør", "henning.dam@example.dk", "")],
    ),
    Demo(
        "Frivilligcenter Gentofte",
        OrganisationKind.ASSOCIATION,
        "Hjælper foreninger med at finde frivillige, og borgere med at finde et sted at "
        "gøre en forskel. (Demodata.)",
        ["Fællesskab", "Sundhed", "Ældre"],
        email="frivilligcenter@example.dk",
        register_id="F-0101",
        contacts=[("Camilla Ebbesen", "Leder", "camilla.ebbesen@example.dk", "")],
    ),
    Demo(
        "Cykelværkstedet på Jægersborg Allé",
        OrganisationKind.BUSINESS,
        "Lille cykelværksted, der gerne lærer børn og unge at reparere deres egen cykel. "
        "(Demodata.)",
        ["Trafik", "Klima", "Børn og unge"],
        ["Jægersborg", "Gentofte"],
        email="cykelvaerkstedet@example.dk",
        phone="33 44 55 66",
        contacts=[("Rasmus Winther", "Indehaver", "rasmus.winther@example.dk", "")],
    ),
    Demo(
        "Øresundskystens Park og Natur",
        OrganisationKind.PUBLIC_BODY,
        "Fælles myndighed for strandparker og kystnatur langs Øresund; giver tilladelse "
        "til arrangementer på stranden. (Demodata.)",
        ["Natur og miljø", "Byrum"],
        ["Klampenborg", "Skovshoved", "Hellerup"],
        email="kystnatur@example.dk",
        website="https://example.dk/kystnatur",
        contacts=[("Mikkel Storm", "Naturvejleder", "mikkel.storm@example.dk", "")],
    ),
]


def _staff() -> User:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        from skabsammen.municipality import demo as municipality_demo

        staff = municipality_demo.load()[STAFF_EMAIL.split("@")[0]]
    return staff


def load_directory() -> int:
    """Add the demo organisations not already there, with their contacts; return how many
    were added. Needs the municipality's demo topics and districts (loaded if missing)."""
    staff = _staff()
    topics = {topic.name: topic for topic in Topic.objects.all()}
    districts = {district.name: district for district in District.objects.all()}
    added = 0
    for demo in DIRECTORY:
        if Organisation.objects.filter(normal_name=normal_name(demo.name)).exists():
            continue
        organisation = organisation_create(
            actor=staff,
            name=demo.name,
            kind=demo.kind,
            description=demo.description,
            website=demo.website,
            email=demo.email,
            phone=demo.phone,
            register_id=demo.register_id,
            department=Department.objects.filter(name=demo.department).first()
            if demo.department
            else None,
            topics=[topics[name] for name in demo.topics if name in topics],
            districts=[districts[name] for name in demo.districts if name in districts],
        )
        for name, role, email, phone in demo.contacts:
            contact_create(
                actor=staff,
                organisation=organisation,
                name=name,
                role=role,
                email=email,
                phone=phone,
                topics=[topics[topic] for topic in demo.topics[:1] if topic in topics],
                districts=[districts[name] for name in demo.districts if name in districts],
            )
        added += 1
    return added
