"""Generate a municipality's worth of ideas inside PostgreSQL, fast.

Every table is filled by one `INSERT ... SELECT ... FROM generate_series(...)`: no
row passes through Python, so 100,000 ideas and 1,000,000 messages take well under
two minutes. The shape follows a real municipality (see README.md); `setseed` makes
a run repeatable. The database must be migrated and hold no people or ideas yet.
Django must be set up (for the models' defaults); run.py does that, and so does main().

    python bench/generate.py --database-url postgres://... --initiatives 10000 --messages 100000
"""

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

STAFF = 40  # ids 1..40: 37 staff, 2 secretariat, 1 administrator
CONTACT_PERSONS = 37
CITIZENS = 20_000
FIRST_NAMES = (  # noqa: SIM905
    "Anne Mette Lise Karen Hanne Sofie Ida Emma Fatima Amira Inger Lone Birgitte Maja Freja "
    "Peter Jonas Ole Thomas Henrik Mads Emil Yusuf Lars Søren Niels Jens Anders Mikkel Ali"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Poulsen Holm Lund Kragh Dahl Berg Friis Haddad Demir"
).split()
AGE_BANDS = ["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus"]
# Title = activity + place; about one idea in 40 has each activity, e.g. "Fælleshave".
ACTIVITIES = (  # noqa: SIM905
    "Fælleshave|Reparationscafé|Bænk|Loppemarked|Blomstereng|Lektiecafé|Legeplads|Cykelsti|"
    "Strikkeklub|Gåklub|Fællesspisning|Byttemarked|Insekthotel|Vinterbadning|Skraldeindsamling|"
    "Motionshold for seniorer|Koncert|Kunstudstilling|Bogbytteskab|Petanquebane|Shelter|"
    "Madpakkehus|Løbeklub|Sprogcafé|Fortællecafé|Nabohjælp|Fælles juletræ|Sommerfest|Hundeskov|"
    "Delebilordning|Cykelværksted|Skaterbane|Frugtlund|Regnvandsbed|Udendørs fitness|Torvedag|"
    "Filmaften|Seniordans|Kor|Plantebytte"
).split("|")
PLACES = (  # noqa: SIM905 (for SQL's format(): %s is the district)
    "ved %s Station|i %s|på biblioteket i %s|i parken i %s|ved skolen i %s|på torvet i %s|"
    "ved søen i %s|ved stranden i %s|i boligområdet i %s|ved hallen i %s"
).split("|")
SENTENCES = [
    "Mange naboer har spurgt efter noget lignende, og vi er allerede otte familier.",
    "Vi har frivillige, der gerne vil give en hånd, men vi mangler et sted at være.",
    "Det skal være gratis og åbent for alle, også for dem, der ikke kender nogen.",
    "Jeg har talt med skolen, og de vil gerne være med.",
    "Vi håber, at kommunen kan hjælpe med tilladelser og lidt kontakt til de rette folk.",
    "Ældre i området går tit alene, og her kan de møde andre.",
    "Børnene i kvarteret har ikke meget at lave om eftermiddagen.",
    "Det vil gøre området grønnere og give plads til bier og sommerfugle.",
    "Vi har prøvet det i det små sidste sommer, og det gik godt.",
    "Vi regner med at mødes en gang om måneden, gerne en lørdag formiddag.",
    "Der er langt til det nærmeste sted af den slags i dag.",
    "Foreningen på hjørnet har tilbudt at låne os værktøj og borde.",
    "Vi har brug for lidt penge til materialer, højst nogle få tusinde kroner.",
    "Det er vigtigt for os, at det sker sammen med dem, der bor her.",
    "Vi vil gerne høre, om der er andre i kommunen med en lignende idé.",
    "Stedet bliver i dag næsten ikke brugt, og det er synd.",
    "Vi kan passe på det selv, hvis nogen hjælper os i gang.",
    "Idéen kom, da vi talte sammen til vejfesten i fjor.",
    "Vi tænker, at det kan samle unge og gamle på tværs af vejene.",
    "Det skal være let at være med, også hvis man kun har en time.",
    "Vi vil gerne fortælle om det i lokalavisen og på biblioteket.",
    "Måske kan kommunens folk give os gode råd om sikkerhed.",
    "Mange bruger cykel her, og der mangler et sted at samles.",
    "Vi vil gerne starte i foråret, når vejret bliver bedre.",
]
NEXT_STEPS = [
    "Vi mødes på stedet og ser på mulighederne.",
    "Kontaktpersonen undersøger, hvem der ejer arealet.",
    "Vi holder et møde med foreningen.",
    "Kommunen vender tilbage om tilladelsen.",
    "Første prøve holdes en lørdag.",
    "Idéhaveren inviterer naboerne til et møde.",
    "Vi ser på budgettet sammen.",
]
MESSAGES = [
    "Tak for din idé. Jeg vil gerne høre mere. Kan vi tale sammen i næste uge?",
    "Det lyder godt. Jeg har talt med naboerne, og flere vil gerne være med.",
    "Jeg har undersøgt sagen. Arealet ejes af kommunen, så det kan lade sig gøre.",
    "Hvornår passer det dig at mødes på stedet?",
    "Tirsdag eftermiddag passer fint. Jeg tager en nabo med.",
    "Jeg har sat dig i kontakt med en forening, der har gjort noget lignende.",
    "Tak for mødet i dag. Her er et kort referat af det, vi aftalte.",
    "Vi har fået tilladelsen. Nu kan vi gå i gang.",
    "Kan kommunen låne os nogle borde og stole til dagen?",
    "Ja, dem kan I låne. Hent dem på materielgården fredag.",
    "Det gik rigtig godt i lørdags. Der kom over tredive mennesker.",
    "Jeg er lidt syg i denne uge. Kan vi flytte mødet?",
    "Intern note: husk at tjekke med vejafdelingen om parkering.",
    "Her er et billede af stedet, som det ser ud nu.",
    "Vi vil gerne prøve det i det små først, hvis I er med på det.",
    "Jeg har sendt jeres idé videre til kulturafdelingen. De kontakter jer.",
]
PARTNER_ROLES = [
    ("premises", "Biblioteket lægger lokale til den første lørdag i måneden."),
    ("permits", "Kommunen hjælper med tilladelsen til at bruge arealet."),
    ("funding", "Puljen for borgerinitiativer giver et tilskud til materialer."),
    ("contacts", "Kommunen sætter jer i forbindelse med den lokale forening."),
    ("communication", "Kommunen omtaler initiativet i nyhedsbrevet."),
    ("sparring", "Kontaktpersonen holder et møde om planen hver måned."),
]
HELP_KINDS = ["sparring", "premises", "permits", "funding", "contacts", "communication"]

# Status by share of all ideas; most are in dialogue, underway or realised. Open ideas are
# younger than closed ones: received up to 45 days, in dialogue up to a year, and so on.
STATUS_MIX = [  # (status, share, maximum age in days)
    ("received", 0.05, 45),
    ("in_dialogue", 0.17, 365),
    ("bridging", 0.06, 365),
    ("trial", 0.05, 730),
    ("underway", 0.20, 730),
    ("realised", 0.27, 1826),
    ("declined", 0.08, 1826),
    ("paused", 0.06, 1826),
    ("withdrawn", 0.06, 1826),
]
RESUME_STATUS = {"realised": "underway", "paused": "underway", "withdrawn": "in_dialogue"}
ACTIVE = ("received", "in_dialogue", "bridging", "trial", "underway")


def _case(column: str, mapping: dict[str, str], default: str) -> str:
    arms = " ".join(f"WHEN '{key}' THEN {value}" for key, value in mapping.items())
    return f"CASE {column} {arms} ELSE {default} END"


def _status_sql() -> tuple[str, str]:
    """SQL that picks a status from r_status, and an age bound for that status."""
    arms, bound = [], 0.0
    for status, share, _days in STATUS_MIX:
        bound += share
        arms.append(f"WHEN r_status < {bound:.4f} THEN '{status}'")
    status = "CASE " + " ".join(arms) + " ELSE 'withdrawn' END"
    ages = {status: f"interval '{days} days'" for status, _share, days in STATUS_MIX}
    return status, _case("status", ages, "interval '1826 days'")


def _pick(array: str, r: str) -> str:
    """A random element of a SQL array parameter, chosen by the random column r."""
    return f"({array}::text[])[1 + floor({r} * cardinality({array}::text[]))::int]"


def _sql_initiatives() -> str:
    status, max_age = _status_sql()
    resume = _case("status", {k: f"'{v}'" for k, v in RESUME_STATUS.items()}, "''")
    active_with_step = "status IN ('in_dialogue', 'bridging', 'trial', 'underway')"
    place = f"format({_pick('%(places)s', 'r_place')}, coalesce(d.name, 'Gentofte'))"
    title = f"{_pick('%(activities)s', 'r_act')} || ' ' || {place}"
    sentence = _pick("%(sentences)s", "{}")
    description = (
        f"'Jeg vil gerne starte: ' || lower({_pick('%(activities)s', 'r_act')}) || ' ' "
        f"|| {place} || '. ' "
        f"|| {sentence.format('r_s1')} || ' ' || {sentence.format('r_s2')} "
        f"|| CASE WHEN r_s3 < 0.6 THEN ' ' || {sentence.format('r_s3 / 0.6')} ELSE '' END"
    )
    help_bits = "(floor(r_help * 64)::int & floor(r_help2 * 64)::int)"
    return f"""
    INSERT INTO initiatives_initiative (
        id, title, description, help_wanted, place, is_public, status, resume_status, channel,
        next_step, next_step_due, decline_reason, decline_referral, submitted_at,
        contact_assigned_at, first_reply_at, updated_at, contact_person_id, district_id,
        registered_by_id)
    WITH raw AS MATERIALIZED (
        SELECT random() r_status, random() r_age, random() r_public, random() r_channel,
               random() r_contact, random() r_district, random() r_act, random() r_place,
               random() r_s1, random() r_s2, random() r_s3, random() r_help, random() r_help2,
               random() r_step, random() r_due, random() r_reply, random() r_has_place
        FROM generate_series(1, %(initiatives)s)
    ), with_status AS (
        SELECT *, {status} AS status FROM raw
    ), dated AS (
        SELECT *, now() - r_age * {max_age} AS submitted_at,
               CASE WHEN status <> 'received' OR r_contact < 0.4
                    THEN 1 + floor(power(r_contact, 1.5) * {CONTACT_PERSONS})::int END AS contact
        FROM with_status
    )
    SELECT
        row_number() OVER (ORDER BY submitted_at),
        {title},
        {description},
        (SELECT coalesce(jsonb_agg(kind ORDER BY i), '[]')
           FROM unnest(%(help_kinds)s::text[]) WITH ORDINALITY AS h(kind, i)
          WHERE ({help_bits} >> (i::int - 1)) & 1 = 1),
        CASE WHEN r_has_place < 0.5 THEN {place} ELSE '' END,
        r_public < 0.85,
        status,
        {resume},
        CASE WHEN r_channel < 0.80 THEN 'web' WHEN r_channel < 0.87 THEN 'library'
             WHEN r_channel < 0.93 THEN 'phone' WHEN r_channel < 0.97 THEN 'event'
             WHEN r_channel < 0.99 THEN 'meeting' ELSE 'email' END,
        CASE WHEN {active_with_step} THEN {_pick("%(next_steps)s", "r_step")} ELSE '' END,
        CASE WHEN {active_with_step} THEN current_date + (floor(r_due * 60)::int - 10) END,
        CASE WHEN status = 'declined' THEN %(decline_reason)s ELSE '' END,
        CASE WHEN status = 'declined' THEN %(decline_referral)s ELSE '' END,
        submitted_at,
        CASE WHEN contact IS NOT NULL
             THEN least(now(), submitted_at + r_reply * interval '2 days') END,
        CASE WHEN status <> 'received'
             THEN least(now(), submitted_at + (1 + r_reply * 9) * interval '1 day') END,
        least(now(), submitted_at + r_due * interval '90 days'),
        contact,
        d.id,
        CASE WHEN r_channel >= 0.80 THEN 1 + floor(r_step * {CONTACT_PERSONS})::int END
    FROM dated
    LEFT JOIN municipality_district d ON d.id = 1 + floor(r_district * 10)::int
    """


def _sql_citizens() -> str:
    return f"""
    INSERT INTO accounts_user (id, password, email, name, role, age_band, language, is_active,
                               date_joined, department_id, district_id)
    SELECT {STAFF} + n, '!', 'borger' || n || '@example.dk',
           {_pick("%(first)s", "random()")} || ' ' || {_pick("%(last)s", "random()")},
           'citizen',
           CASE WHEN random() < 0.6 THEN {_pick("%(age_bands)s", "random()")} ELSE '' END,
           'da', true, now() - random() * interval '5 years', NULL,
           CASE WHEN random() < 0.7 THEN 1 + floor(random() * 9)::int END
    FROM generate_series(1, {CITIZENS}) AS n
    """


# Owners: one citizen each, some citizens own many; 15 % have a co-owner (a different person).
SQL_OWNERS = f"""
INSERT INTO initiatives_ownership (initiative_id, user_id, added_at)
WITH raw AS MATERIALIZED (
    SELECT id, submitted_at, {STAFF} + 1 + floor(power(random(), 2) * {CITIZENS})::int AS owner,
           random() AS r_co, 1 + floor(random() * ({CITIZENS} - 1))::int AS offset_
    FROM initiatives_initiative
)
SELECT id, owner, submitted_at FROM raw
UNION ALL
SELECT id, {STAFF} + 1 + (owner - {STAFF} - 1 + offset_) %% {CITIZENS},
       least(now(), submitted_at + interval '7 days')
FROM raw WHERE r_co < 0.15
"""

# Topics: 1-3 distinct ones; 11 is prime, so t0 + j*step (mod 11) never repeats for j < 3.
SQL_TOPICS = """
INSERT INTO initiatives_initiative_topics (initiative_id, topic_id)
SELECT p.id, 1 + (p.t0 + j * p.step) %% 11
FROM (
    SELECT id, floor(random() * 11)::int AS t0, 1 + floor(random() * 10)::int AS step,
           CASE WHEN r < 0.4 THEN 1 WHEN r < 0.8 THEN 2 ELSE 3 END AS k
    FROM (SELECT id, random() AS r FROM initiatives_initiative) AS raw
) AS p, generate_series(0, p.k - 1) AS j
"""

# The public timeline: received, contact assigned, first reply (into dialogue), the later
# status, and a role taken on by the municipality: about three events an idea.
SQL_TIMELINE = """
INSERT INTO initiatives_timelineevent (initiative_id, kind, actor_id, status, previous_status,
                                       next_step, next_step_due, text, created_at)
SELECT i.id, 'submitted', o.user_id, 'received', '', '', NULL::date, '', i.submitted_at
FROM initiatives_initiative i
JOIN initiatives_ownership o ON o.initiative_id = i.id AND o.added_at = i.submitted_at
UNION ALL
SELECT i.id, 'contact_assigned', i.contact_person_id, '', '', '', NULL::date, u.name,
       i.contact_assigned_at
FROM initiatives_initiative i JOIN accounts_user u ON u.id = i.contact_person_id
UNION ALL
SELECT id, 'status_changed', contact_person_id, 'in_dialogue', 'received',
       %(first_step)s, (first_reply_at + interval '14 days')::date, '', first_reply_at
FROM initiatives_initiative WHERE status <> 'received'
UNION ALL
SELECT id, 'status_changed', contact_person_id, status,
       CASE WHEN status IN ('paused', 'withdrawn', 'realised') THEN resume_status
            ELSE 'in_dialogue' END,
       next_step, next_step_due, decline_reason,
       least(now(), first_reply_at + random() * (now() - first_reply_at))
FROM initiatives_initiative WHERE status NOT IN ('received', 'in_dialogue')
"""

SQL_PARTNER_ROLES = """
INSERT INTO initiatives_partnerrole (initiative_id, kind, description, created_by_id, created_at)
SELECT p.id, (%(roles)s::text[])[1 + (p.r0 + j * 2) %% 6],
       (%(role_texts)s::text[])[1 + (p.r0 + j * 2) %% 6], p.contact_person_id,
       least(now(), p.first_reply_at + interval '20 days')
FROM (
    SELECT id, contact_person_id, first_reply_at, floor(random() * 6)::int AS r0,
           CASE WHEN r < 0.2 THEN 2 WHEN r < 0.8 THEN 1 ELSE 0 END AS k
    FROM (SELECT *, random() AS r FROM initiatives_initiative
          WHERE status IN ('trial', 'underway', 'realised')) AS raw
) AS p, generate_series(0, p.k - 1) AS j
"""

# Messages: a lognormal weight per idea (sigma 1.2: a typical idea has a handful, a few
# have hundreds), turned into whole counts that add up to exactly %(messages)s.
SQL_MESSAGES = """
INSERT INTO initiatives_message (initiative_id, author_id, text, internal, lix, created_at)
WITH weights AS MATERIALIZED (
    SELECT i.id, i.submitted_at, i.contact_person_id,
           exp(1.2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
             * CASE WHEN i.status = 'received' THEN 0.1 ELSE 1 END AS w
    FROM initiatives_initiative i
), counts AS MATERIALIZED (
    SELECT id, submitted_at, contact_person_id,
           round(%(messages)s * sum(w) OVER (ORDER BY id) / sum(w) OVER ())::int AS upto
    FROM weights
), per_idea AS MATERIALIZED (
    SELECT c.*, upto - coalesce(lag(upto) OVER (ORDER BY id), 0) AS n,
           (SELECT user_id FROM initiatives_ownership o WHERE o.initiative_id = c.id
             ORDER BY added_at LIMIT 1) AS owner_id
    FROM counts c
)
SELECT m.id, m.author,
       (%(texts)s::text[])[1 + floor(random() * cardinality(%(texts)s::text[]))::int],
       m.staff AND random() < 0.1, CASE WHEN m.staff THEN 25 + random() * 25 END, m.created_at
FROM (
    SELECT p.id,
           CASE WHEN j %% 2 = 0 AND p.contact_person_id IS NOT NULL THEN p.contact_person_id
                ELSE p.owner_id END AS author,
           j %% 2 = 0 AND p.contact_person_id IS NOT NULL AS staff,
           p.submitted_at
             + least(now() - p.submitted_at, interval '400 days') * (j::float / (p.n + 1))
             AS created_at
    FROM per_idea p, generate_series(1, p.n) AS j
) AS m
"""

# What the data looks like, for the README.
SHAPE = {
    "status_share": """SELECT json_object_agg(status, share ORDER BY share DESC)
        FROM (SELECT status, round(count(*) / sum(count(*)) OVER (), 3)::float AS share
              FROM initiatives_initiative GROUP BY status) AS s""",
    "public_share": "SELECT round(avg(is_public::int), 3)::float FROM initiatives_initiative",
    "contact_person_share": """SELECT round(avg((contact_person_id IS NOT NULL)::int), 3)::float
        FROM initiatives_initiative""",
    "messages_per_idea": """SELECT json_build_object('median', percentile_disc(0.5) WITHIN
        GROUP (ORDER BY n), 'p99', percentile_disc(0.99) WITHIN GROUP (ORDER BY n), 'max',
        max(n), 'ideas_without', (SELECT count(*) FROM initiatives_initiative i WHERE NOT EXISTS
        (SELECT FROM initiatives_message m WHERE m.initiative_id = i.id)))
        FROM (SELECT count(*) AS n FROM initiatives_message GROUP BY initiative_id) c""",
    "submitted": """SELECT json_build_object('first', min(submitted_at)::date,
        'last', max(submitted_at)::date) FROM initiatives_initiative""",
}

TABLES = [
    "municipality_department",
    "municipality_topic",
    "municipality_district",
    "accounts_user",
    "initiatives_initiative",
    "initiatives_initiative_topics",
    "initiatives_ownership",
    "initiatives_timelineevent",
    "initiatives_partnerrole",
    "initiatives_message",
]


def _reference_data(cur) -> None:
    """The demo's departments, topics and districts: Gentofte's own names."""
    from skabsammen.common.text import danish_slug
    from skabsammen.municipality.demo import DEPARTMENTS, DISTRICTS, TOPICS

    for i, (name, intake) in enumerate(DEPARTMENTS, 1):
        cur.execute(
            "INSERT INTO municipality_department (id, name, handles_intake) VALUES (%s, %s, %s)",
            (i, name, intake),
        )
    for table, names in (("municipality_topic", TOPICS), ("municipality_district", DISTRICTS)):
        for i, name in enumerate(names, 1):
            cur.execute(
                f"INSERT INTO {table} (id, name, slug) VALUES (%s, %s, %s)",
                (i, name, danish_slug(name)),
            )
    for i in range(1, STAFF + 1):
        role = (
            "staff" if i <= CONTACT_PERSONS else ("secretariat" if i < STAFF else "administrator")
        )
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 7) % len(LAST_NAMES)]}"
        cur.execute(
            "INSERT INTO accounts_user (id, password, email, name, role, age_band, language,"
            " is_active, date_joined, department_id)"
            " VALUES (%s, '!', %s, %s, %s, '', 'da', true, now() - interval '6 years', %s)",
            (i, f"medarbejder{i}@gentofte.dk", name, role, 1 + i % len(DEPARTMENTS)),
        )


@contextlib.contextmanager
def model_defaults(cur):
    """Give NOT NULL columns the models' defaults while we insert, then take them away.

    Django keeps defaults in Python, not in the database, so a field added to a model
    after this file was written would make the INSERTs fail; this way it gets its default.
    """
    from django.apps import apps

    cur.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_nullable = 'NO'"
        " AND column_default IS NULL AND is_identity = 'NO' AND table_name = ANY(%s)",
        (TABLES,),
    )
    bare = set(cur.fetchall())
    changed = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            key = (model._meta.db_table, field.column)
            value = field.get_default()  # "" for text fields that have no default
            if key in bare and value is not None:
                value = Jsonb(value) if isinstance(value, dict | list) else value
                cur.execute(
                    sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                        sql.Identifier(key[0]), sql.Identifier(key[1]), sql.Literal(value)
                    )
                )
                changed.append(key)
    try:
        yield
    finally:
        for table, column in changed:
            cur.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT").format(
                    sql.Identifier(table), sql.Identifier(column)
                )
            )


def generate(database_url: str, initiatives: int, messages: int, seed: float = 0.42) -> dict:
    """Fill the database; return how many rows each table got and how long each step took."""
    params = {
        "initiatives": initiatives,
        "messages": messages,
        "activities": ACTIVITIES,
        "places": PLACES,
        "sentences": SENTENCES,
        "next_steps": NEXT_STEPS,
        "help_kinds": HELP_KINDS,
        "first": FIRST_NAMES,
        "last": LAST_NAMES,
        "age_bands": AGE_BANDS,
        "texts": MESSAGES,
        "roles": [kind for kind, _text in PARTNER_ROLES],
        "role_texts": [text for _kind, text in PARTNER_ROLES],
        "first_step": NEXT_STEPS[0],
        "decline_reason": "Kommunen kan ikke tage del, fordi arealet er udlejet til anden brug.",
        "decline_referral": "Spørg den lokale grundejerforening, som råder over området.",
    }
    steps = [
        ("departments, topics, districts, staff", None),
        ("citizens", _sql_citizens()),
        ("initiatives", _sql_initiatives()),
        ("owners", SQL_OWNERS),
        ("topics", SQL_TOPICS),
        ("timeline", SQL_TIMELINE),
        ("partner roles", SQL_PARTNER_ROLES),
        ("messages", SQL_MESSAGES),
    ]
    timings = {}
    with psycopg.connect(database_url, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM accounts_user")
        existing_users = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM initiatives_initiative")
        if existing_users or cur.fetchone()[0]:
            raise SystemExit("The database already holds people or ideas; use an empty one.")
        cur.execute("SELECT setseed(%s)", (seed,))
        with model_defaults(cur):
            for name, statement in steps:
                started = time.perf_counter()
                with conn.transaction():
                    if statement is None:
                        _reference_data(cur)
                    else:
                        cur.execute(statement, params)
                timings[name] = time.perf_counter() - started
                print(f"  {name:<40} {timings[name]:6.1f} s", flush=True)
        for table in TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        started = time.perf_counter()
        # A production database is vacuumed regularly; this sets the visibility map too.
        cur.execute("VACUUM (ANALYZE) " + ", ".join(TABLES))
        timings["vacuum analyze"] = time.perf_counter() - started
        print(f"  {'vacuum analyze':<40} {timings['vacuum analyze']:6.1f} s", flush=True)
        rows = {}
        for table in TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")
            rows[table] = cur.fetchone()[0]
        shape = {}
        for name, query in SHAPE.items():
            cur.execute(query)
            shape[name] = cur.fetchone()[0]
    return {
        "rows": rows,
        "shape": shape,
        "seconds": timings,
        "total_seconds": sum(timings.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a migrated, empty database")
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    args = parser.parse_args()
    # Django tells which defaults the models give; see model_defaults().
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.update(DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="skabsammen.settings")
    import django

    django.setup()
    result = generate(args.database_url, args.initiatives, args.messages)
    print(f"Generated in {result['total_seconds']:.1f} s: {result['rows']}")


if __name__ == "__main__":
    main()
