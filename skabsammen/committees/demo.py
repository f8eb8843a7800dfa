"""Gentofte's task committee "Vi Skaber Sammen", its 4th meeting (4 June 2019) and its
working groups, the municipal council, the four councils, and a draft agenda for the
committee's next meeting on 2 September 2019.

The texts are from the committee's public minutes. A member's group (politician or
citizen) is given only where the minutes say it; the others are "other".
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from .models import BodyKind, MemberGroup, MemberRole, Presence
from .services import (
    agenda_item_add,
    agenda_item_decide,
    application_submit,
    attachment_register,
    body_create,
    meeting_approve_minutes,
    meeting_create,
    meeting_mark_held,
    meeting_publish_agenda,
    meeting_record_attendance,
    membership_add,
    principles_document_create,
    principles_draft_save,
)

PERIOD = (date(2018, 11, 26), date(2019, 12, 31))
CHAIR = "Hans Toft"
MEMBERS = [
    "Kristine Kryger",
    "Brigitta Rick",
    "Kim Ege Møller",
    "Peter Flinth",
    "Zelis Nielgaard",
    "Charlotte Skovmand",
    "Christina Wex",
    "Carl Bredholt",
    "Freddy Svitring",
    "Caroline Falholt",
    "Morten Løkkegaard",
    "Søren B. Heisel",
    "Ayesha Khawajazada",
]
# Appointed by the election group CAVBF at the 4th meeting, in place of a member who left.
NEW_MEMBER = ("Vivi Mindedal", date(2019, 6, 4))
ABSENT = ["Morten Løkkegaard", "Søren B. Heisel", "Ayesha Khawajazada"]

MANDATE = (
    "Kommunalbestyrelsen nedsatte opgaveudvalget Vi Skaber Sammen på sit møde den "
    "26. november 2018. Formålet er at bygge videre på de gode erfaringer med at skabe "
    "sammen ved at udforske nye metoder og udarbejde principper til at skabe mere sammen."
)
RESUME = (
    "Formålet med det fjerde møde er at kvalificere første udkast til principper samt "
    "arbejde videre med konkrete metoder til, hvordan vi skaber sammen."
)
BACKGROUND = """På Kommunalbestyrelsens møde den 26. november 2018 blev opgaveudvalget Vi Skaber Sammen nedsat. Formålet med opgaveudvalget er at bygge videre på de gode erfaringer med at skabe sammen ved at udforske nye metoder og udarbejde principper til at skabe mere sammen.

Udvalget har på de første tre møder drøftet og undersøgt, hvad der være tilstede for, at borgere og kommune kan skabe sammen. Alle de mange udsagn fra de forskellige drøftelser er blevet bearbejdet og samlet til et første udkast til principper. Vi skal på mødet kvalificere principperne. Principperne er vedlagt som bilag.

På mødets anden del skal vi arbejde videre med konkrete metoder, der kan understøtte borgernes virkelyst og være alternativer til borgerforslag.

Afslutningsvis skal vi drøfte, hvad der skal ske frem mod september, herunder om der er nogen, der har lyst til at deltage i en eller flere arbejdsgrupper.

Dagsordenen for mødet er derfor:

- Velkomst og præsentation
- Program og formål med mødet
- Kvalificering af principper
- Arbejde med metoder
- Det videre arbejde i opgaveudvalget
- Tak for i dag og på gensyn 2. september

Opgaveudvalget mødes i lokale A og B på Gentofte Rådhus kl. 19.00 - 21.00. Der vil til mødet være en let forplejning."""  # noqa: E501
RECOMMENDATIONS = [
    "At opgaveudvalget kvalificerer forslag til principper.",
    "At opgaveudvalget arbejder med konkrete metoder, der kan understøtte borgernes virkelyst.",
    "At opgaveudvalget tager stilling til, om der skal etableres arbejdsgrupper.",
]
DECISIONS = """Formand for opgaveudvalget borgmester Hans Toft bød velkommen til det fjerde møde i opgaveudvalget og præsenterede Vivi Mindedal, som valggruppen CAVBF har udpeget til nyt medlem af opgaveudvalget, idet et medlem har ønsket at udtræde af opgaveudvalget.

Kristine Kryger orienterede den netop afholdte workshop for kommunens fire råd (Handicapråd, Integrationsråd, Grønt Råd og Seniorråd), hvor rådene drøftede, hvordan sammenspillet mellem Kommunalbestyrelsen og rådene kan styrkes fx ved en større vidensdeling mellem, hvad der optager Kommunalbestyrelsen, og hvad der optager det enkelte råd. Arbejdsgruppen bestående af Kristine Kryger og Ayesha Khawajazada, vil på opgaveudvalgets næste møde til september præsentere en samlet afrapportering fra workshoppen samt en anbefaling til, hvordan rådernes input kan indgå i opgaveudvalgets anbefaling til Kommunalbestyrelsen.

Opgaveudvalget blev præsenteret for første udkast til principper for, hvordan 'vi skaber sammen'. Udkastet er blevet til på baggrund af de mange input fra de første tre møder i opgaveudvalget, hvor udvalget har drøftet, hvad der skal være til stede for, at vi kan skabe sammen. Udvalget kvalificerede principperne i tre grupper og kom i fællesskab frem til at:

- Principperne er dækkende for det, udvalget har drøftet
- Principperne skal gælde for både kommune og borgere
- Der skal arbejdes med formen, fx så de ikke står i nummerrækkefølge.

Anden halvdel af mødet blev brugt på at udforske metoder til, hvordan vi kan skabe sammen. Der var opstillet tre stande, hvor medlemmer efter interesse kunne bevæge sig rundt.

To af standene fokuserede på, hvordan kommunen møder borgere, der har en ide, de gerne vil realisere på en måde, der understøtter borgernes virkelyst. Den ene stand med et særligt fokus på det digitale, den anden mere rettet mod det direkte møde. På begge stande var medlemmerne optagede af, at kommunen er synlig både digitalt og fysisk, og at de to kanaler ikke kan stå alene, men skal arbejde samme. Desuden at det fysiske møde med fordel kan foregå de steder, hvor kommunen og borgerne allerede mødes i dag fx på biblioteket.

På den tredje stand blev drøftet alternativer til metoden borgerforslag. Det drejede sig om mulige metoder til borgerinddragelse, kommunen kan afprøve, som vil give Kommunalbestyrelsen indblik i temaer, borgerne vil foreslå, at kommunen arbejder med fx i kommende opgaveudvalg. Medlemmerne pegede blandt andet på et lokalt folkemøde, samtalemiddage og en personlig mailhenvendelse til borgerne.

Opgaveudvalget besluttede at etablere tre arbejdsgrupper, som skal arbejde videre frem mod femte møde i opgaveudvalget:

- Principper: Peter Flinth.
- Kommunens møde med borgere, der vil realisere en idé: Brigitta Rick og Peter Flinth
- Metoder der kan give Kommunalbestyrelsen indblik i, hvilke temaer, der ligger borgerne på sinde: Kristine Kryger, Kim Ege Møller, Charlotte Skovmand og Christina Wex.

De borgere, der ansøgte om at deltage i opgaveudvalget, men ikke blev udpeget, vil blive inviteret til at deltage i arbejdsgrupperne vedr. kommunens møde med borgerne og metoder til at give Kommunalbestyrelsen indblik i temaer.

Formanden takkede for et produktivt møde og fortalte, at der vil blive anledning til at arbejde med spørgsmålet om "Hvordan kan borgerne og forvaltningen sammen omsætte kommunens politikker og strategier til handling, der styrker Gentofte Kommune" på opgaveudvalgets næste møde."""  # noqa: E501
WORKING_GROUPS = [
    ("Principper", ["Peter Flinth"]),
    ("Kommunens møde med borgere, der vil realisere en idé", ["Brigitta Rick", "Peter Flinth"]),
    (
        "Metoder der kan give Kommunalbestyrelsen indblik i, hvilke temaer, "
        "der ligger borgerne på sinde",
        ["Kristine Kryger", "Kim Ege Møller", "Charlotte Skovmand", "Christina Wex"],
    ),
]
COUNCILS = ["Handicapråd", "Integrationsråd", "Grønt Råd", "Seniorråd"]

# The draft principles, appendix 2978596 to the 4th meeting.
PRINCIPLES_TITLE = "Principper for hvordan vi skaber sammen"
PRINCIPLES_INTRO = """Gentofte Kommune vil fortsætte bevægelsen med at skabe sammen med borgerne. Det vil vi fordi løsningerne bliver bedre, og vi kan mere, når vi skaber sammen.

Opgaveudvalget "Vi Skaber Sammen" har derfor opstillet principper, som skal guide Gentofte Kommune i den måde, vi møder borgerne på, når borgerne kommer med et initiativ eller en idé, og når kommunen inviterer borgerne til at skabe sammen.

Principperne skal kunne bruges, både når vi skal gribe borgernes initiativer, og når kommunen inviterer til samskabelse."""  # noqa: E501
PRINCIPLES = [
    (
        "Lytter først",
        "At lytte først betyder, at vi er åbne og nysgerrige over for borgernes perspektiver, ideer og initiativer. Vi siger hverken ja eller nej med det samme, men spørger ind og tænker med i forhold til om og hvordan kommunen kan støtte eller være en aktivt medspiller. Vi er åbne for, at nye muligheder kan opstå i dialogen.",  # noqa: E501
    ),
    (
        "Bygger bro",
        "At bygge bro betyder, at vi hjælper og understøtter med at koble borgerne til relevante personer i kommunen eller til andre borgere, foreninger mv., som vi mener kan være interesserede i at engagere sig i initiativet eller emnet.",  # noqa: E501
    ),
    (
        "Sikrer fremdrift",
        "At sikre fremdrift betyder, at vi er gennemsigtige og åbne om, hvad der arbejdes med, og hvornår næste skridt skal tages. Det betyder også, at vi hurtigt giver besked, hvis vi ikke må eller vil engagere os som kommune. Vi er villige til at prøve ting af i det små for hurtigt at finde ud af, hvilken vej vi skal gå.",  # noqa: E501
    ),
    (
        "Dialog i øjenhøjde",
        "Vi møder borgerne, der hvor de er, som dem de er. Vi stræber efter, at borgerne oplever, at det er nemt at komme i dialog med os og at de oplever at blive set, hørt og forstået. Det er ikke nødvendigvis det samme som at give borgeren ret.",  # noqa: E501
    ),
    (
        "Fastholder virkelysten",
        "At fastholde virkelysten vil sige, at vi bygger på borgernes engagement. Vi overtager ikke borgernes initiativ, men kan indgå som samarbejdspartnere. Vi gør, hvad vi kan for, at borgerne selv kan komme videre og har ejerskabet.",  # noqa: E501
    ),
    (
        "Skaber engagerende rammer",
        "Når vi inviterer borgerne til at skabe sammen, er vi bevidste om, at det er emnet og muligheden for at gøre en forskel, der bærer engagementet. Vi sætter tydelige rammer for, hvad vi inviterer ind til og vi inviterer ind tidligt i processen. Vi vælger de metoder, der egner sig til emnet og til de borgere, hvis stemmer skal i spil. Vi gør det muligt også at engagere sig i en mindre del af opgaven. Vi følger op, så borgerne har mulighed for at se, hvad det har ført til, og hvordan de kan engagere sig efterfølgende.",  # noqa: E501
    ),
]
# A task committee of today, open for applications, so that the whole flow can be tried.
OPEN_COMMITTEE = "Opgaveudvalget Fremtidens Fællesskaber"
OPEN_MANDATE = (
    "Opgaveudvalget skal komme med forslag til, hvordan kommunen kan understøtte de "
    "fællesskaber, borgerne selv skaber i bydelene: i foreninger, i nabolag og på biblioteket. "
    "Udvalget består af borgere og politikere og arbejder i et år."
)
APPLICANTS = [
    ("karen.jensen", "Jeg er aktiv i grundejerforeningen og vil gerne have flere naboer med.",
     {"gender": "woman", "age_band": "45_54", "education": "medium_higher"}),
    ("yusuf.demir", "Jeg træner børn i fodbold og ser, hvor meget fællesskab betyder.",
     {"gender": "man", "age_band": "25_34", "education": "vocational"}),
    ("inger.poulsen", "Som pensionist har jeg tid og lyst til at give noget tilbage.",
     {"gender": "woman", "age_band": "65_74"}),
]  # fmt: skip
NEXT_ITEMS = [
    {
        "title": "5. møde i Opgaveudvalget Vi Skaber Sammen",
        "case_id": "EMN-2018-05565",
        "summary": (
            "På det femte møde fremlægger arbejdsgrupperne deres arbejde, og udvalget "
            "arbejder med, hvordan borgere og forvaltning sammen kan omsætte kommunens "
            "politikker og strategier til handling."
        ),
        "recommendation_intro": "Det indstilles\n\nTil Opgaveudvalg Vi Skaber Sammen:",
        "recommendations": [
            "At opgaveudvalget drøfter arbejdsgruppernes oplæg.",
            "At opgaveudvalget drøfter, hvordan politikker og strategier kan omsættes til "
            "handling sammen med borgerne.",
        ],
    },
]


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def _committee(secretariat):
    committee = body_create(
        actor=None,
        name="Opgaveudvalget Vi Skaber Sammen",
        kind=BodyKind.TASK_COMMITTEE,
        mandate=MANDATE,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        other_names="Opgaveudvalg Vi Skaber Sammen",
    )
    membership_add(
        actor=None,
        body=committee,
        name=CHAIR,
        role=MemberRole.CHAIR,
        group=MemberGroup.POLITICIAN,
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )
    for name in MEMBERS:
        membership_add(
            actor=None,
            body=committee,
            name=name,
            group=MemberGroup.OTHER,
            starts_on=PERIOD[0],
            ends_on=PERIOD[1],
        )
    membership_add(
        actor=None,
        body=committee,
        name=NEW_MEMBER[0],
        group=MemberGroup.OTHER,
        starts_on=NEW_MEMBER[1],
        ends_on=PERIOD[1],
    )
    membership_add(
        actor=None,
        body=committee,
        name=secretariat.name,
        user=secretariat,
        role=MemberRole.SECRETARY,
        group=MemberGroup.STAFF,
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )
    return committee


def _fourth_meeting(committee) -> None:
    meeting = meeting_create(
        actor=None,
        body=committee,
        number=4,
        starts_at=_at(2019, 6, 4, 19),
        ends_at=_at(2019, 6, 4, 21, 2),
        place="Mødelokale A+B",
    )
    item = agenda_item_add(
        actor=None,
        meeting=meeting,
        title="4. møde i Opgaveudvalget Vi Skaber Sammen",
        case_id="EMN-2018-05565",
        summary=RESUME,
        background=BACKGROUND,
        recommendation_intro="Det indstilles\n\nTil Opgaveudvalg Vi Skaber Sammen:",
        recommendations=RECOMMENDATIONS,
    )
    attachment_register(
        actor=None,
        item=item,
        title="Udkast til principper til hvordan vi skaber sammen",
        document_id="2978596",
    )
    meeting_publish_agenda(actor=None, meeting=meeting)
    meeting_mark_held(actor=None, meeting=meeting)
    present = [CHAIR, *[m for m in MEMBERS if m not in ABSENT], NEW_MEMBER[0]]
    meeting_record_attendance(
        actor=None,
        meeting=meeting,
        rows=[(n, Presence.PRESENT, "") for n in present]
        + [(n, Presence.ABSENT, "") for n in ABSENT],
    )
    agenda_item_decide(actor=None, item=item, decisions=DECISIONS)
    meeting_approve_minutes(
        actor=None, meeting=meeting, closing_note="Protokollen blev læst og mødet hævet kl. 21.02"
    )
    for name, members in WORKING_GROUPS:
        group = body_create(actor=None, name=name, kind=BodyKind.WORKING_GROUP, parent=committee)
        for member in members:
            membership_add(
                actor=None,
                body=group,
                name=member,
                group=MemberGroup.OTHER,
                starts_on=date(2019, 6, 4),
            )


def _next_meeting(committee) -> None:
    meeting = meeting_create(
        actor=None,
        body=committee,
        number=5,
        starts_at=_at(2019, 9, 2, 19),
        ends_at=_at(2019, 9, 2, 21),
        place="Mødelokale A+B",
    )
    for item in NEXT_ITEMS:
        agenda_item_add(actor=None, meeting=meeting, **item)


def _principles(committee) -> None:
    document = principles_document_create(actor=None, body=committee, title=PRINCIPLES_TITLE)
    principles_draft_save(
        actor=None, document=document, introduction=PRINCIPLES_INTRO, principles=PRINCIPLES
    )


def _open_committee(people: dict) -> None:
    today = timezone.localdate()
    committee = body_create(
        actor=None,
        name=OPEN_COMMITTEE,
        kind=BodyKind.TASK_COMMITTEE,
        mandate=OPEN_MANDATE,
        period_start=today + timedelta(days=45),
        period_end=today + timedelta(days=45 + 365),
        applications_open_until=today + timedelta(days=21),
    )
    body_create(
        actor=None, name="Fællesskaber i bydelene", kind=BodyKind.WORKING_GROUP, parent=committee
    )
    for key, motivation, facts in APPLICANTS:
        application_submit(actor=people[key], body=committee, motivation=motivation, **facts)


def load(people: dict) -> int:
    """Load the bodies and meetings; returns the number of meetings."""
    secretariat = people["hanne.lund"]
    body_create(actor=None, name="Kommunalbestyrelsen", kind=BodyKind.MUNICIPAL_COUNCIL)
    for name in COUNCILS:
        body_create(actor=None, name=name, kind=BodyKind.COUNCIL)
    committee = _committee(secretariat)
    _fourth_meeting(committee)
    _next_meeting(committee)
    _principles(committee)
    _open_committee(people)
    return 2
