"""Time a meeting's minutes as PDF and DOCX, and the import of the Aarhus minutes PDF.

The issue's goals, on this machine: a 20-item meeting with 30 attachments renders its
minutes PDF in at most 2 s and its DOCX in at most 0.5 s; importing the 28-page Aarhus
PDF takes at most 5 s.

Steps: Django against a throw-away SQLite database in a temporary folder; migrate; build
the meeting through the services as the secretariat would (body, 15 members, 20 items
with Danish texts of realistic length, 30 attachments, attendance, decisions, approved
minutes); then time, in this one process: the DOCX, `meeting_import` of the Aarhus PDF
into an empty state and `read_minutes` alone, then the PDF (the secretariat's version
and the public one; for DOCX and PDF the first, cold call separately). Median and max of
--repeat runs.
Results go to bench/results/committees-<time>.json; see bench/README.md.
"""

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import CpuWatch, code_version  # noqa: E402  (no side effects on import)

RESULTS = ROOT / "bench" / "results"
AARHUS_PDF = ROOT.parent / "shared" / "data" / "minutes" / "aarhus-byraad-2025-08-27.pdf"
GOALS_S = {"pdf": 2.0, "docx": 0.5, "import": 5.0}

# The meeting ------------------------------------------------------------------------------

BODY = "Økonomiudvalget"
PLACE = "Mødesal 1, Gentofte Rådhus"
STARTS = datetime(2025, 3, 24, 16, 0)
ENDS = datetime(2025, 3, 24, 18, 35)
CLOSING = "Protokollen blev læst og godkendt, og mødet hævet kl. 18.35"
CHAIR = "Anne Marie Holm"
MEMBERS = [
    "Jesper Kjærgaard",
    "Lise Bruun",
    "Mads Østergaard",
    "Karen Dahl Sørensen",
    "Henrik Lauritzen",
    "Sofie Brandt",
    "Peter Vinther",
    "Mette Rasmussen",
    "Thomas Juul",
    "Camilla Thorup",
    "Niels Krogh",
    "Birgitte Skov",
    "Jonas Vestergaard",
    "Eva Mølgaard",
]
ABSENT = {"Niels Krogh": "", "Birgitte Skov": "Ole Damgaard"}  # name → substitute
# Attachments per item: 30 in all, 0–3 an item.
ATTACHMENTS_PER_ITEM = [2, 1, 0, 3, 1, 2, 1, 1, 2, 0, 1, 3, 2, 1, 1, 2, 1, 2, 3, 1]
CLOSED_ITEMS = {1}

# (title, the subject as a phrase for the shared paragraphs, summary)
ITEMS = [
    (
        "Køb af areal ved Ordrup Station",
        "købet af arealet ved Ordrup Station",
        "DSB Ejendomme har tilbudt kommunen at købe et areal på 2.350 m² ved Ordrup Station. "
        "Arealet kan bruges til cykelparkering og en ny plads foran stationen. Sagen "
        "forelægges med forslag til bud og finansiering.",
    ),
    (
        "Budgetopfølgning pr. 28. februar 2025",
        "budgetopfølgningen",
        "Budgetopfølgningen pr. 28. februar 2025 viser et forventet mindreforbrug på "
        "drift på 14,6 mio. kr. og et merforbrug på anlæg på 3,2 mio. kr. Sagen forelægges "
        "med forslag til tillægsbevillinger og overførsler mellem bevillingsområder.",
    ),
    (
        "Regnskab 2024 – foreløbigt resultat",
        "regnskabet for 2024",
        "Det foreløbige regnskab for 2024 viser et overskud på den ordinære drift på "
        "412 mio. kr., hvilket er 38 mio. kr. mere end forudsat i det korrigerede budget. "
        "Det endelige regnskab forelægges i maj.",
    ),
    (
        "Anlægsbevilling til renovering af Hellerup Skole",
        "renoveringen af Hellerup Skole",
        "Hellerup Skoles klimaskærm og faglokaler trænger til en gennemgribende "
        "renovering. Forvaltningen har udarbejdet et projekt til 48,5 mio. kr., og der "
        "søges om anlægsbevilling, så arbejdet kan begynde i sommerferien 2025.",
    ),
    (
        "Klimaplan 2030 – status og næste skridt",
        "klimaplanen",
        "Kommunens udledning af drivhusgasser er faldet med 31 procent siden 2019. Status "
        "for Klimaplan 2030 gennemgås, og der foreslås tre nye indsatser inden for "
        "transport, bygninger og indkøb.",
    ),
    (
        "Ny model for borgerinddragelse i lokalplaner",
        "den nye model for borgerinddragelse",
        "Forvaltningen foreslår en ny model, hvor borgerne inddrages allerede før det "
        "første udkast til en lokalplan. Modellen er afprøvet i to lokalplaner i 2024 med "
        "gode erfaringer.",
    ),
    (
        "Udbud af vintertjeneste 2025–2029",
        "udbuddet af vintertjenesten",
        "Kontrakten om vintertjeneste udløber den 30. september 2025. Sagen forelægges "
        "med forslag til udbudsform, tildelingskriterier og tidsplan for et nyt udbud.",
    ),
    (
        "Takster for daginstitutioner 2026",
        "taksterne for daginstitutioner",
        "Taksterne for dagpleje, vuggestue og børnehave for 2026 skal fastsættes. "
        "Forslaget holder forældrebetalingen på 25 procent af driftsudgiften, som loven "
        "giver mulighed for.",
    ),
    (
        "Helhedsplan for Kildeskovshallen",
        "helhedsplanen for Kildeskovshallen",
        "Kildeskovshallen er 50 år gammel, og både svømmehal og idrætshaller trænger til "
        "fornyelse. Helhedsplanen beskriver tre scenarier med anlægsudgifter mellem 180 og "
        "310 mio. kr.",
    ),
    (
        "Boligsocial indsats i Gentofte Nord",
        "den boligsociale indsats",
        "Den boligsociale helhedsplan for Gentofte Nord udløber ved udgangen af 2025. "
        "Sagen forelægges med en evaluering og et forslag til en ny fireårig plan i "
        "samarbejde med boligorganisationerne.",
    ),
    (
        "Digitaliseringsstrategi 2025–2028",
        "digitaliseringsstrategien",
        "Udkastet til en ny digitaliseringsstrategi har fokus på selvbetjening, kunstig "
        "intelligens i sagsbehandlingen og informationssikkerhed. Strategien har været i "
        "høring hos MED-organisationen.",
    ),
    (
        "Trafiksikkerhedsplan – prioritering af projekter",
        "trafiksikkerhedsplanen",
        "Trafiksikkerhedsplanen indeholder 42 mulige projekter. Forvaltningen foreslår, at "
        "de 12 projekter med størst effekt pr. krone gennemføres i 2025 og 2026.",
    ),
    (
        "Frivillighedspolitik – revideret udkast",
        "frivillighedspolitikken",
        "Frivillighedspolitikken er revideret efter dialogmøder med foreninger og "
        "frivillige. Det reviderede udkast lægger vægt på enklere adgang til lokaler og "
        "mindre administration.",
    ),
    (
        "Salg af Jægersborg Allé 12 – resultat af udbud",
        "salget af Jægersborg Allé 12",
        "Ejendommen Jægersborg Allé 12 har været udbudt til salg. Der er kommet fem bud, "
        "og forvaltningen anbefaler, at ejendommen sælges til højestbydende.",
    ),
    (
        "Etablering af fælleshaver på kommunale arealer",
        "fælleshaverne",
        "Borgere har foreslået fælleshaver på fire kommunale arealer. Sagen forelægges med "
        "forslag til vilkår for brugen af arealerne og en pulje på 600.000 kr.",
    ),
    (
        "Ældreboliger på Bakkegårds Allé – skema A",
        "ældreboligerne på Bakkegårds Allé",
        "Boligorganisationen ønsker at opføre 36 almene ældreboliger på Bakkegårds Allé. "
        "Skema A forelægges til godkendelse sammen med kommunens grundkapitalindskud.",
    ),
    (
        "Kvartalsrapport for sygefravær",
        "sygefraværet",
        "Sygefraværet i kommunen var 4,9 procent i fjerde kvartal 2024 mod 5,3 procent i "
        "samme kvartal året før. Rapporten viser fraværet fordelt på områder og "
        "personalegrupper.",
    ),
    (
        "Cykelparkering ved stationerne",
        "cykelparkeringen ved stationerne",
        "Der mangler cykelparkering ved flere af kommunens stationer. Forvaltningen "
        "foreslår 1.100 nye pladser ved Hellerup, Charlottenlund og Jægersborg stationer.",
    ),
    (
        "Opgaveudvalget Vi Skaber Sammen – afrapportering",
        "opgaveudvalgets anbefalinger",
        "Opgaveudvalget Vi Skaber Sammen har afsluttet sit arbejde og afleverer sine "
        "anbefalinger til, hvordan borgere og kommune kan skabe mere sammen.",
    ),
    (
        "Meddelelser fra borgmesteren",
        "borgmesterens meddelelser",
        "Borgmesteren orienterer om aktuelle sager, herunder KKR-møder, samarbejdet i "
        "Nordsjælland og status på den regionale trafikplan.",
    ),
]

PARAGRAPHS = [
    "Forvaltningen har i forbindelse med {subject} gennemgået de økonomiske og faglige "
    "forudsætninger og drøftet sagen med de berørte afdelinger. Gennemgangen viser, at "
    "forslaget kan gennemføres inden for de nuværende rammer, men at der er usikkerhed om "
    "prisudviklingen på bygge- og anlægsområdet, som kan få betydning for den endelige "
    "udgift.",
    "Sagen har været drøftet i det lokale MED-udvalg, som bakker op om forslaget. "
    "MED-udvalget har særligt lagt vægt på, at medarbejderne inddrages tidligt i "
    "planlægningen, og at der afsættes tid til oplæring, når nye arbejdsgange tages i "
    "brug. Forvaltningen vil følge op på det i den videre proces.",
    "Handicaprådet, Seniorrådet og Grønt Råd har haft lejlighed til at udtale sig. "
    "Seniorrådet bemærker, at tilgængeligheden for ældre og gangbesværede bør indgå som "
    "et selvstændigt kriterium, og Grønt Råd anbefaler, at klimaaftrykket opgøres for "
    "hele projektets levetid. Høringssvarene er vedlagt som bilag.",
    "Erfaringerne fra sammenlignelige kommuner viser, at det er afgørende at fastlægge "
    "klare mål og en tidsplan fra begyndelsen. Forvaltningen har derfor udarbejdet en "
    "plan med tre faser: forberedelse frem til sommerferien, gennemførelse i efteråret "
    "og evaluering i første kvartal af det følgende år.",
    "Udgifterne til {subject} afholdes inden for de afsatte midler i budgettet for 2025. "
    "Der forventes ingen afledte driftsudgifter ud over dem, der allerede indgår i "
    "budgetoverslagsårene. Eventuelle mindreudgifter tilbageføres til kassebeholdningen "
    "ved regnskabsafslutningen.",
    "Kommunalbestyrelsen vedtog med budgetaftalen for 2025, at der skal arbejdes videre "
    "med {subject}. Budgetaftalen forudsætter, at borgere, foreninger og erhvervsliv "
    "inddrages, og at der følges op på resultaterne, så Kommunalbestyrelsen kan tage "
    "stilling til en eventuel videreførelse i forbindelse med budget 2026.",
    "Forvaltningen vurderer, at forslaget ikke rejser særlige juridiske spørgsmål. Der er "
    "dog foretaget en vurdering af, om forslaget er omfattet af udbudsreglerne, og "
    "konklusionen er, at det ikke er tilfældet, fordi den samlede værdi ligger under "
    "tærskelværdien.",
    "Der er afholdt et borgermøde med omkring 120 deltagere, og der er indkommet 34 "
    "skriftlige bemærkninger via kommunens hjemmeside. Hovedparten af bemærkningerne er "
    "positive, men flere borgere udtrykker bekymring for trafikken i anlægsperioden og "
    "for støj om aftenen.",
]
BULLETS = [
    "Tidsplanen fastholdes, så arbejdet afsluttes inden udgangen af 2025",
    "Borgere og foreninger inddrages gennem dialogmøder og en digital høring",
    "Der udarbejdes en årlig status til det stående udvalg",
    "Udgifterne holdes inden for den afsatte ramme på budgettet",
    "Tilgængelighed for personer med handicap indgår i alle faser",
    "Klimaaftrykket opgøres og indgår i den endelige vurdering",
    "Erfaringerne deles med de øvrige kommuner i Nordsjælland",
    "Der følges op på resultaterne ved en evaluering efter et år",
]
RECOMMENDATIONS = [
    "At Økonomiudvalget anbefaler Kommunalbestyrelsen at godkende {subject}.",
    "At der meddeles en anlægsbevilling på {amount} mio. kr., som finansieres af "
    "kassebeholdningen.",
    "At forvaltningen bemyndiges til at indgå de nødvendige aftaler inden for rammen.",
    "At orienteringen tages til efterretning.",
    "At der gives en tillægsbevilling på {amount} mio. kr. til drift i 2025.",
    "At sagen genoptages i Økonomiudvalget, når evalueringen foreligger.",
]
PREVIOUS = (
    "Kommunalbestyrelsen behandlede sagen den {day}. {month} 2024 (punkt {point}) og "
    "besluttede at bede forvaltningen om at udarbejde et konkret forslag til {subject}."
)
DECISIONS = [
    "Anbefalet, idet Økonomiudvalget lægger vægt på, at {subject} følges tæt, og at "
    "udvalget orienteres, hvis tidsplanen eller økonomien skrider. Udvalget bad samtidig "
    "forvaltningen om at belyse, hvordan erfaringerne kan bruges i andre sager.",
    "Et flertal (A, C, F og V) anbefalede indstillingen. Et mindretal (Ø) kunne ikke "
    "anbefale indstillingen med henvisning til, at udgiften bør finansieres inden for "
    "områdets egen ramme, og at borgerne bør høres igen, før der træffes endelig "
    "beslutning.",
    "Godkendt. Økonomiudvalget bad forvaltningen om at tage kontakt til de "
    "foreninger, der har indsendt bemærkninger, og om at inddrage deres forslag i det "
    "videre arbejde. Sagen forelægges igen, når der foreligger et revideret forslag.",
    "Orienteringen blev taget til efterretning. Udvalget drøftede særligt, hvordan "
    "resultaterne formidles til borgerne, og ønskede en kort status på næste møde.",
]
ATTACHMENTS = [
    "Notat om {subject}",
    "Økonomisk oversigt",
    "Tidsplan og milepæle",
    "Høringssvar fra Seniorrådet, Handicaprådet og Grønt Råd",
    "Kortbilag",
    "Udkast til aftale",
    "Evaluering af den hidtidige indsats",
]


def item_texts(number: int, title: str, subject: str, summary: str, rng: random.Random):
    """An item's sections: a summary, a background of several paragraphs with a bullet
    list, 2–4 recommendation points, sometimes previous decisions, and the decisions."""
    paragraphs = [p.format(subject=subject) for p in rng.sample(PARAGRAPHS, rng.randint(4, 6))]
    bullets = "\n".join(f"- {b}" for b in rng.sample(BULLETS, rng.randint(3, 6)))
    paragraphs.insert(2, f"Forvaltningen foreslår, at {subject} tilrettelægges, så:\n\n{bullets}")
    points = [
        p.format(subject=subject, amount=f"{rng.randint(5, 480) / 10:.1f}".replace(".", ","))
        for p in rng.sample(RECOMMENDATIONS, rng.randint(2, 4))
    ]
    previous = ""
    if number % 2:
        previous = PREVIOUS.format(
            day=rng.randint(1, 28),
            month=rng.choice(["januar", "marts", "juni", "september", "oktober"]),
            point=rng.randint(2, 25),
            subject=subject,
        )
    decisions = "\n\n".join(
        d.format(subject=subject) for d in rng.sample(DECISIONS, rng.randint(1, 2))
    )
    return {
        "title": title,
        "case_id": f"EMN-2025-{rng.randint(100, 9999):05d}",
        "is_closed": number in CLOSED_ITEMS,
        "summary": summary,
        "background": "\n\n".join(paragraphs),
        "recommendation_intro": "Økonomi og Personale indstiller\n\nTil Økonomiudvalget:",
        "recommendations": points,
        "previous_decisions": previous,
    }, decisions


def build_meeting():
    """The meeting, built through the services as the secretariat would (actor None is an
    operator). Returns the meeting and the text sizes."""
    from django.utils import timezone

    from skabsammen.committees import services
    from skabsammen.committees.models import BodyKind, MemberGroup, MemberRole, Presence

    rng = random.Random(42)
    body = services.body_create(actor=None, name=BODY, kind=BodyKind.STANDING_COMMITTEE)
    start = STARTS.date().replace(month=1, day=1)
    services.membership_add(
        actor=None,
        body=body,
        name=CHAIR,
        role=MemberRole.CHAIR,
        group=MemberGroup.POLITICIAN,
        starts_on=start,
    )
    for name in MEMBERS:
        services.membership_add(
            actor=None, body=body, name=name, group=MemberGroup.POLITICIAN, starts_on=start
        )
    meeting = services.meeting_create(
        actor=None,
        body=body,
        number=3,
        starts_at=timezone.make_aware(STARTS),
        ends_at=timezone.make_aware(ENDS),
        place=PLACE,
    )
    items, characters = [], 0
    for number, ((title, subject, summary), attachments) in enumerate(
        zip(ITEMS, ATTACHMENTS_PER_ITEM, strict=True), start=1
    ):
        fields, decisions = item_texts(number, title, subject, summary, rng)
        item = services.agenda_item_add(actor=None, meeting=meeting, **fields)
        for title_template in rng.sample(ATTACHMENTS, attachments):
            services.attachment_register(
                actor=None,
                item=item,
                title=title_template.format(subject=subject),
                document_id=str(rng.randint(4_000_000, 4_999_999)),
            )
        items.append((item, decisions))
        characters += sum(len(v) for v in fields.values() if isinstance(v, str))
        characters += sum(map(len, fields["recommendations"])) + len(decisions)
    services.meeting_publish_agenda(actor=None, meeting=meeting)
    services.meeting_mark_held(actor=None, meeting=meeting)
    rows = [(name, Presence.PRESENT, "") for name in [CHAIR, *MEMBERS] if name not in ABSENT] + [
        (name, Presence.SUBSTITUTED if substitute else Presence.ABSENT, substitute)
        for name, substitute in ABSENT.items()
    ]
    services.meeting_record_attendance(actor=None, meeting=meeting, rows=rows)
    for item, decisions in items:
        services.agenda_item_decide(actor=None, item=item, decisions=decisions)
    services.meeting_approve_minutes(actor=None, meeting=meeting, closing_note=CLOSING)
    return meeting, {
        "items": len(items),
        "closed_items": len(CLOSED_ITEMS),
        "attachments": sum(ATTACHMENTS_PER_ITEM),
        "attendance": len(rows),
        "text_characters": characters,
    }


# Measuring --------------------------------------------------------------------------------


def peak_mb() -> float:
    """This process's peak resident memory so far (it never goes down)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def series(function, repeat: int, watch: CpuWatch, args, self_timed: bool = False) -> dict:
    """Call `function` `repeat` times; wall and CPU seconds of each. If other processes
    were busy meanwhile (> --quiet-below % of a core), measure again (--retries) and keep
    the quietest try. A `self_timed` function returns the wall seconds of the part that
    counts (its CPU time is then that of the whole call)."""
    tries = []
    while len(tries) <= args.retries:
        watch.wait_until_quiet(args.quiet_below, args.patience)
        gc.collect()
        watch.start()
        walls, cpus = [], []
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            timed = function()
            walls.append(timed if self_timed else time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        others = round(watch.others_percent(), 1)
        tries.append(
            {
                "median_s": statistics.median(walls),
                "max_s": max(walls),
                "min_s": min(walls),
                "median_cpu_s": statistics.median(cpus),
                "wall_s": walls,
                "others_cpu_percent": others,
            }
        )
        if others <= args.quiet_below or len(tries) > args.retries:
            break
        print(f"    disturbed by other processes ({others:.0f}% of a core); measuring again")
    best = min(tries, key=lambda t: t["others_cpu_percent"])
    best["discarded_tries"] = [t for t in tries if t is not best]
    return best


def once(function):
    """(result, wall seconds) of one call."""
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def pdf_pages(data: bytes, folder: Path) -> int:
    path = folder / "pages.pdf"
    path.write_bytes(data)
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", output.stdout, re.M).group(1))


def clear_import(meeting) -> None:
    """Remove an imported meeting, its body and the body's working groups, so that the
    next import starts from the same empty state (it refuses a duplicate by SHA-256 and
    by body and time)."""
    from skabsammen.committees.models import Body, Meeting

    body = meeting.body
    groups = Body.objects.filter(parent=body)
    Meeting.objects.filter(body__in=[body, *groups]).delete()
    groups.delete()
    body.delete()


def profile(function, out, title: str) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(function)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    out.write(f"===== {title}\n{text.getvalue()}\n")


def machine() -> dict:
    import django
    import docx
    import weasyprint
    from django.db import connection
    from weasyprint.text.ffi import pango

    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    poppler = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
    version = pango.pango_version()
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "cpu": model.group(1) if model else platform.processor(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": connection.Database.sqlite_version,
        "weasyprint": weasyprint.__version__,
        "pango": f"{version // 10000}.{version // 100 % 100}.{version % 100}",
        "python_docx": getattr(docx, "__version__", "?"),
        "poppler": (poppler.stdout + poppler.stderr).splitlines()[0],
    }


# Experiments: changes to the app tried from here by monkeypatching; not the headline ------


def experiments(document, repeat: int, watch: CpuWatch, args) -> dict:
    """Each experiment renders the same MeetingDocument with one change and is measured
    like the headline figures. Nothing in the app (or a library) is changed on disk."""
    from docx.oxml.styles import CT_Styles
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from skabsammen.committees import documents

    html = documents.render_html(document)
    font_config = FontConfiguration()
    no_toc_pages = re.sub(r"\.toc a::after \{[^}]*\}", "", html)
    assert no_toc_pages != html

    # python-docx looks for the default paragraph style by walking every style each time
    # a paragraph is given a style ("List Bullet", the headings). Remember it for the
    # duration of one render.
    default_for, defaults = CT_Styles.default_for, {}

    def remembered_default_for(self, style_type):
        key = (id(self), style_type)
        if key not in defaults:
            defaults[key] = default_for(self, style_type)
        return defaults[key]

    def docx_with_remembered_default():
        defaults.clear()
        CT_Styles.default_for = remembered_default_for
        try:
            return documents.render_docx(document)
        finally:
            CT_Styles.default_for = default_for

    tried = {
        "PDF as is (template rendered outside the timing)": lambda: HTML(string=html).write_pdf(),
        "PDF, one FontConfiguration kept for the process": lambda: HTML(string=html).write_pdf(
            font_config=font_config
        ),
        "PDF, no page numbers in the contents (no target-counter)": lambda: HTML(
            string=no_toc_pages
        ).write_pdf(),
        "DOCX as is": lambda: documents.render_docx(document),
        "DOCX, default paragraph style looked up once": docx_with_remembered_default,
    }

    def body_xml(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("word/document.xml")

    same = body_xml(docx_with_remembered_default()) == body_xml(documents.render_docx(document))
    assert same, "the DOCX experiment changes the document"
    results = {}
    for name, function in tried.items():
        function()  # warm
        result = series(function, repeat, watch, args)
        results[name] = result
        print(line(name, result), flush=True)
    return results


# Main -------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (%(default)s)")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one warm call of each into results/"
    )
    parser.add_argument(
        "--experiments",
        action="store_true",
        help="also time changes to the PDF and DOCX rendering, monkeypatched here (not the app)",
    )
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=10,
        help="before each series, wait until other processes use less than this %% of a core"
        " (%(default)s)",
    )
    parser.add_argument(
        "--retries", type=int, default=2, help="new tries of a disturbed series (%(default)s)"
    )
    parser.add_argument(
        "--patience", type=int, default=300, help="most seconds to wait for quiet (%(default)s)"
    )
    return parser.parse_args()


def setup_django(folder: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "EMAIL_OUTBOX": "false",
            "DJANGO_SETTINGS_MODULE": "skabsammen.settings",
        }
    )
    import django
    from django.core.management import call_command
    from django.utils import translation

    django.setup()
    call_command("migrate", verbosity=0)
    translation.activate("da")


def verdict(result: dict, goal: float) -> str:
    if result["max_s"] <= goal:
        return "met (every run)"
    if result["median_s"] <= goal:
        return "median met, not every run"
    return "NOT met"


def line(name: str, result: dict, goal: float | None = None, cold: float | None = None) -> str:
    text = f"  {name:<48} median {result['median_s']:6.3f} s   max {result['max_s']:6.3f} s"
    if cold is not None:
        text += f"   first call {cold:6.3f} s"
    if goal is not None:
        text += f"   goal ≤ {goal} s: {verdict(result, goal)}"
    return text + f"   others' CPU {result['others_cpu_percent']:.0f}%"


def main() -> None:
    args = parse_args()
    # Delete the temporary folder on Ctrl-C (even if started with SIGINT ignored) and SIGTERM.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    prefix = RESULTS / f"committees-{stamp}"
    report: dict = {"date": datetime.now().isoformat(timespec="seconds"), "args": vars(args)}
    watch = CpuWatch(postmaster_pid=0)  # no server of ours: SQLite runs in this process
    memory: dict[str, float] = {"after setup": 0.0}
    with tempfile.TemporaryDirectory(prefix="bench-committees-") as name:
        folder = Path(name)
        print("Migrating a throw-away SQLite database …", flush=True)
        setup_django(folder)
        memory["after setup"] = peak_mb()
        report["code"] = code_version()

        from django.contrib.auth.models import AnonymousUser
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from skabsammen.accounts.models import Role, User
        from skabsammen.committees import documents, selectors, services
        from skabsammen.committees.minutes import read_minutes

        print("Building the meeting through the services …", flush=True)
        (meeting, shape), seconds = once(build_meeting)
        shape["build_s"] = round(seconds, 2)
        report["meeting"] = shape
        secretariat = User.objects.create_user(
            "sekretariat@bench.invalid", "Sekretariatet", role=Role.SECRETARIAT
        )
        with CaptureQueriesContext(connection) as captured:
            (full, select_s) = once(
                lambda: selectors.meeting_document(
                    user=secretariat, pk=meeting.pk, kind=documents.MINUTES
                )
            )
        public = selectors.meeting_document(
            user=AnonymousUser(), pk=meeting.pk, kind=documents.MINUTES
        )
        report["meeting_document"] = {"queries": len(captured), "seconds": select_s}
        print(
            f"  {shape['items']} items ({shape['closed_items']} closed), "
            f"{shape['attachments']} attachments, {shape['attendance']} attending, "
            f"{shape['text_characters']:,} characters of text; built in {seconds:.1f} s; "
            f"meeting_document: {len(captured)} queries, {select_s * 1000:.0f} ms",
            flush=True,
        )
        memory["after building"] = peak_mb()
        figures: dict = {}

        # DOCX: first the import of python-docx, then the first (cold) render, then N.
        print("DOCX (python-docx) …", flush=True)
        docx_was_imported = "docx" in sys.modules  # then the first call is not cold
        _, import_s = once(lambda: __import__("docx"))
        docx, first_s = once(lambda: documents.render_docx(full))
        figures["docx"] = series(lambda: documents.render_docx(full), args.repeat, watch, args)
        figures["docx"].update(
            import_s=import_s,
            first_call_s=first_s,
            imported_before=docx_was_imported,
            bytes=len(docx),
        )
        figures["docx public"] = series(
            lambda: documents.render_docx(public), args.repeat, watch, args
        )
        print(line("secretariat's version", figures["docx"], GOALS_S["docx"], first_s))
        print(line("public version", figures["docx public"], GOALS_S["docx"]), flush=True)
        (prefix.parent / f"{prefix.name}.docx").write_bytes(docx)
        memory["after DOCX"] = peak_mb()

        # Import of the Aarhus PDF: the service (into an empty state each time), and the
        # reader alone.
        print("Import of the Aarhus PDF …", flush=True)
        data = AARHUS_PDF.read_bytes()
        imported = []

        def import_once():
            if imported:
                clear_import(imported.pop())
            imported.append(
                services.meeting_import(actor=None, data=data, filename=AARHUS_PDF.name)
            )

        def timed_import() -> float:
            """One import into an empty state; the clearing before it is not timed."""
            if imported:
                clear_import(imported.pop())
            started = time.perf_counter()
            imported.append(
                services.meeting_import(actor=None, data=data, filename=AARHUS_PDF.name)
            )
            return time.perf_counter() - started

        first_import_s = timed_import()
        import_report = imported[-1].import_report
        figures["import"] = series(timed_import, args.repeat, watch, args, self_timed=True)
        figures["import"].update(
            first_call_s=first_import_s,
            pdf_pages=pdf_pages(data, folder),
            pdf_bytes=len(data),
            result={
                k: import_report[k]
                for k in ("layout", "kind", "items", "closed_items", "attachments", "present")
            },
        )
        figures["read_minutes"] = series(
            lambda: read_minutes(data, AARHUS_PDF.name), args.repeat, watch, args
        )
        print(line("meeting_import", figures["import"], GOALS_S["import"], first_import_s))
        print(line("read_minutes alone", figures["read_minutes"]), flush=True)
        memory["after import"] = peak_mb()

        # PDF: the import of WeasyPrint, the first (cold) render, then N; then the parts.
        print("PDF (WeasyPrint) …", flush=True)
        weasyprint_was_imported = "weasyprint" in sys.modules
        _, weasy_import_s = once(lambda: __import__("weasyprint"))
        pdf, first_pdf_s = once(lambda: documents.render_pdf(full))
        figures["pdf"] = series(lambda: documents.render_pdf(full), args.repeat, watch, args)
        figures["pdf"].update(
            import_s=weasy_import_s,
            first_call_s=first_pdf_s,
            imported_before=weasyprint_was_imported,
            bytes=len(pdf),
            pages=pdf_pages(pdf, folder),
        )
        public_pdf = documents.render_pdf(public)
        figures["pdf public"] = series(
            lambda: documents.render_pdf(public), args.repeat, watch, args
        )
        figures["pdf public"].update(pages=pdf_pages(public_pdf, folder), bytes=len(public_pdf))
        print(line("secretariat's version", figures["pdf"], GOALS_S["pdf"], first_pdf_s))
        print(line("public version", figures["pdf public"], GOALS_S["pdf"]), flush=True)
        (prefix.parent / f"{prefix.name}.pdf").write_bytes(pdf)
        memory["after PDF"] = peak_mb()

        from weasyprint import HTML

        html = documents.render_html(full)
        parts = {
            "template (render_html)": lambda: documents.render_html(full),
            "WeasyPrint parse + layout (HTML.render)": lambda: HTML(string=html).render(),
        }
        rendered = HTML(string=html).render()
        parts["WeasyPrint PDF writing (Document.write_pdf)"] = rendered.write_pdf
        figures["pdf parts"] = {}
        for name, function in parts.items():
            figures["pdf parts"][name] = series(function, args.repeat, watch, args)
            print(line(name, figures["pdf parts"][name]), flush=True)

        if args.profile:
            out_path = Path(f"{prefix}-profile.txt")
            with out_path.open("w") as out:
                profile(lambda: documents.render_pdf(full), out, "render_pdf (warm)")
                profile(lambda: documents.render_docx(full), out, "render_docx (warm)")
                profile(import_once, out, "meeting_import (warm, with the clearing before it)")
            report["profile"] = str(out_path.relative_to(ROOT))
        if args.experiments:
            print("Experiments (monkeypatched here; the app is unchanged) …", flush=True)
            report["experiments"] = experiments(full, args.repeat, watch, args)
        memory["at the end"] = peak_mb()
        report["peak_rss_mb"] = memory
        report["machine"] = machine()  # last: it imports WeasyPrint and python-docx
        report["figures"] = figures
        with contextlib.suppress(Exception):
            connection.close()

    report["goals"] = {
        kind: {
            "goal_s": goal,
            "median_s": figures[kind]["median_s"],
            "max_s": figures[kind]["max_s"],
            "verdict": verdict(figures[kind], goal),
        }
        for kind, goal in GOALS_S.items()
    }
    markdown = table(report, args.repeat)
    out = Path(f"{prefix}.json")
    out.write_text(json.dumps(report, indent=2, default=str, ensure_ascii=False))
    Path(f"{prefix}.md").write_text(markdown + "\n")
    print()
    print(markdown)
    print(f"\nResults: {out.relative_to(ROOT)}, .md, and the rendered .pdf and .docx")


def table(report: dict, repeat: int) -> str:
    """The figures as Markdown: what the README shows."""
    figures, shape, memory = report["figures"], report["meeting"], report["peak_rss_mb"]
    pdf, docx, imp = figures["pdf"], figures["docx"], figures["import"]
    machine = report["machine"]
    lines = [
        f"{machine['nproc']} vCPU {machine['cpu']}, load average at the end"
        f" {machine['load_average'][0]:.2f}; Python {machine['python']}, WeasyPrint"
        f" {machine['weasyprint']} (Pango {machine['pango']}), python-docx"
        f" {machine['python_docx']}, {machine['poppler']}. Runs of each: {repeat}.",
        "",
        f"Meeting: {shape['items']} items ({shape['closed_items']} closed),"
        f" {shape['attachments']} attachments, {shape['attendance']} attending,"
        f" {shape['text_characters']:,} characters of text. Minutes PDF {pdf['pages']} pages"
        f" ({pdf['bytes'] / 1024:.0f} KiB), DOCX {docx['bytes'] / 1024:.0f} KiB. Aarhus PDF"
        f" {imp['pdf_pages']} pages: {imp['result']['items']} items,"
        f" {imp['result']['attachments']} attachments.",
        "",
        "| what | median s | max s | first call s | goal | met | others' CPU |",
        "|---|--:|--:|--:|--:|---|--:|",
    ]
    rows = [
        ("minutes PDF, secretariat's version", pdf, "pdf"),
        ("minutes PDF, public version", figures["pdf public"], "pdf"),
        *((f"↳ {name}", result, None) for name, result in figures["pdf parts"].items()),
        ("minutes DOCX, secretariat's version", docx, "docx"),
        ("minutes DOCX, public version", figures["docx public"], "docx"),
        ("`meeting_import` of the Aarhus PDF", imp, "import"),
        ("↳ `read_minutes` alone (pdftotext + parsing)", figures["read_minutes"], None),
    ]
    for name, result, goal in rows:
        first = result.get("first_call_s")
        if first is not None and "import_s" in result:
            first_text = f"{first:.3f} (+ {result['import_s']:.3f} import)"
        else:
            first_text = "" if first is None else f"{first:.3f}"
        lines.append(
            f"| {name} | {result['median_s']:.3f} | {result['max_s']:.3f} | {first_text}"
            f" | {f'≤ {GOALS_S[goal]} s' if goal else ''}"
            f" | {verdict(result, GOALS_S[goal]) if goal else ''}"
            f" | {result['others_cpu_percent']:.0f}% |"
        )
    for name, result in report.get("experiments", {}).items():
        lines.append(
            f"| experiment: {name} | {result['median_s']:.3f} | {result['max_s']:.3f} |"
            f" | | | {result['others_cpu_percent']:.0f}% |"
        )
    lines += [
        "",
        "Peak memory of the process (ru_maxrss, MB; it only grows): "
        + ", ".join(f"{k} {v:.0f}" for k, v in memory.items())
        + ".",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
