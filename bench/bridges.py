"""Benchmark the bridges' suggestions: quality of the ranking, and its speed.

    OMP_NUM_THREADS=1 .venv/bin/python -m bench.bridges            # everything (~5 min)
    OMP_NUM_THREADS=1 .venv/bin/python -m bench.bridges --quick    # no speed run

(a) ../shared/data/similarity/borgerforslag-2018.csv (95 citizens' proposals to the
    Folketing; title + subtitle + text): the three near-duplicate pairs (circumcision age,
    fur farming, organ donation; found by omskæring, pels, organdon(or|ation) in the
    title) must each find each other in the top 3 of the platform's ranking. Their ranks
    are reported for the plain cosine of the stored vectors and for the ranking's text
    part, and for the full score when every *other* proposal shares the topic and the
    district and the pair shares neither (the worst case for the bonuses).
(b) ../shared/data/themes/dk-local-agendas-cap-dev.csv (1,500 agenda titles with a policy
    topic): the share of titles whose top suggestion has the same topic, for the plain
    cosine and for the ranking's text part; then what the topic bonus does when ideas
    carry topics that staff chose imperfectly (the true topic with probability 0.7,
    another at random otherwise).
(c) `suggestions_for` in a throw-away SQLite database with 100,000 ideas and 10,000
    organisations (20,000 contacts), synthetic vectors (20 centres plus noise; the model
    is not measured here): the first call (arrays read), then 50 different ideas with the
    arrays in memory; p50/p95.

Embeddings of (a) and (b) are cached in bench/results/ (keyed by the texts' hash).
Writes bench/results/bridges.json (bridges-quick.json) and prints a Markdown summary.
"""

import argparse
import csv
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SHARED = ROOT.parent / "shared" / "data"
PROPOSALS = SHARED / "similarity" / "borgerforslag-2018.csv"
TITLES = SHARED / "themes" / "dk-local-agendas-cap-dev.csv"
# Words in the titles; "organdon" finds organdonation and organdonor.
PAIRS = {"circumcision": "omskæring", "fur farming": "pels", "organ donation": "organdon"}


def cached(name: str, texts: list[str]) -> np.ndarray:
    from skabsammen.insight.vectors import embed_texts

    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = RESULTS / f"{name}-{digest}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    matrix = embed_texts(texts, threads=1)
    seconds = time.perf_counter() - started
    print(f"  embedded {len(texts)} texts in {seconds:.0f} s", file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    np.save(path, matrix)
    return matrix


def text_space(vectors: np.ndarray) -> np.ndarray:
    """The ranking's text space for a corpus: centred on its mean, with the area profile."""
    from skabsammen.bridges import ranking
    from skabsammen.insight.themes import area_vectors

    return ranking.project(vectors, ranking.centre_of(vectors), area_vectors())


def plain_space(vectors: np.ndarray) -> np.ndarray:
    from skabsammen.bridges.ranking import unit_rows

    return unit_rows(vectors)


def rank_of(scores: np.ndarray, query: int, target: int) -> int:
    """1 = best; the query itself does not count."""
    others = np.delete(np.arange(len(scores)), query)
    order = others[np.argsort(-scores[others], kind="stable")]
    return int(np.flatnonzero(order == target)[0]) + 1


def near_duplicates() -> dict:
    from skabsammen.bridges import ranking

    with open(PROPOSALS, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = ["\n\n".join(p for p in (r["title"], r["subtitle"], r["text"]) if p) for r in rows]
    vectors = cached("bridges-borgerforslag", texts)
    spaces = {"plain cosine": plain_space(vectors), "ranking, text part": text_space(vectors)}
    pairs = {}
    for name, word in PAIRS.items():
        found = [i for i, r in enumerate(rows) if word in r["title"].lower()]
        assert len(found) == 2, (name, [rows[i]["title"] for i in found])
        pairs[name] = found
    out = {}
    space = spaces["ranking, text part"]
    for name, (a, b) in pairs.items():
        entry = {"titles": [rows[a]["title"], rows[b]["title"]]}
        for label, matrix in spaces.items():
            entry[label] = [
                rank_of(np.clip(matrix @ matrix[q], 0, 1), q, t) for q, t in ((a, b), (b, a))
            ]
        # Worst case: all others share the query's topic and district, the pair neither.
        worst = []
        for q, t in ((a, b), (b, a)):
            n = len(rows)
            others = [[] if i in (a, b) else [1] for i in range(n)]
            candidates = ranking.Candidates.build(
                list(range(n)), space, others, others, n_topics=2, n_districts=2
            )
            query = ranking.Query(space=space[q], topics=(1,), district=1)
            worst.append(rank_of(ranking.score(query, candidates).total, q, t))
        entry["full score, worst case for the bonuses"] = worst
        text = np.clip(space @ space[a], 0, 1)
        entry["text score of the pair"] = round(float(text[b]), 3)
        entry["best other text score"] = round(float(np.sort(np.delete(text, [a, b]))[-1]), 3)
        out[name] = entry
    return out


def top_share(space: np.ndarray, truth: np.ndarray, extra: np.ndarray | None = None) -> float:
    scores = np.clip(space @ space.T, 0, 1)
    if extra is not None:
        scores = scores + extra
    np.fill_diagonal(scores, -np.inf)
    return float((truth[scores.argmax(axis=1)] == truth).mean())


def labelled_titles() -> dict:
    from skabsammen.bridges import ranking

    with open(TITLES, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [r["text"] for r in rows]
    truth = np.array([int(r["major_topic"]) for r in rows])
    vectors = cached("insight-e5-stored", texts)  # the same cache as bench/insight.py
    plain, ours = plain_space(vectors), text_space(vectors)
    out = {
        "titles": len(texts),
        "plain cosine of the stored vectors": round(top_share(plain, truth), 3),
        "ranking, text part (centred + areas)": round(top_share(ours, truth), 3),
    }
    # Imperfect topics chosen by staff: the true one with probability 0.7.
    rng = np.random.default_rng(0)
    labels = np.unique(truth)
    noisy = np.where(rng.random(len(truth)) < 0.7, truth, rng.choice(labels, len(truth)))
    same_topic = (noisy[:, None] == noisy[None, :]).astype(np.float32)
    bonus = {}
    for weight in (0.0, 0.04, 0.08, 0.12, 0.2, 0.3):
        text_weight = 1 - weight - ranking.DISTRICT_WEIGHT
        scaled = ours * np.sqrt(text_weight)
        bonus[f"{weight:.2f}"] = round(top_share(scaled, truth, weight * same_topic), 3)
    out["topic bonus with 70 % correct topics (weight: share)"] = bonus
    return out


# (c) Speed -----------------------------------------------------------------------------


def setup(var: str) -> None:
    os.environ.update(
        VAR_DIR=var,
        DATABASE_URL=f"sqlite:///{var}/bench.sqlite3",
        THEMES_EMBED_ON_SAVE="false",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="skabsammen.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(ideas: int, organisations: int, seed: int = 0) -> None:
    from skabsammen.bridges.models import Contact, Organisation, OrganisationVector
    from skabsammen.citizeninput.models import CitizenInput
    from skabsammen.initiatives.models import Initiative, Status
    from skabsammen.municipality.models import District, Topic
    from skabsammen.themes import services
    from skabsammen.themes.models import InputVector
    from skabsammen.themes.tests.conftest import TEXTS

    rng = np.random.default_rng(seed)
    topics = Topic.objects.bulk_create(Topic(name=f"Emne {i}", slug=f"emne-{i}") for i in range(20))
    districts = District.objects.bulk_create(
        District(name=f"Bydel {i}", slug=f"bydel-{i}") for i in range(9)
    )
    centres = rng.standard_normal((20, services.DIM)).astype(np.float32)

    def vectors(n):
        found = centres[rng.integers(20, size=n)] + rng.standard_normal((n, services.DIM))
        return (found / np.linalg.norm(found, axis=1, keepdims=True)).astype(np.float32)

    statuses = [s.value for s in Status]
    batch = 5000
    for start in range(0, ideas, batch):
        n = min(batch, ideas - start)
        made = Initiative.objects.bulk_create(
            Initiative(
                title=f"{TEXTS[int(rng.integers(len(TEXTS)))][:100]} ({start + i})",
                description=". ".join(TEXTS[int(j)] for j in rng.integers(len(TEXTS), size=3)),
                status=statuses[int(rng.integers(len(statuses)))],
                is_public=bool(rng.random() < 0.8),
                district=districts[int(rng.integers(9))] if rng.random() < 0.9 else None,
            )
            for i in range(n)
        )
        Initiative.topics.through.objects.bulk_create(
            Initiative.topics.through(initiative_id=idea.pk, topic_id=topics[int(t)].pk)
            for idea in made
            for t in set(rng.integers(20, size=int(rng.integers(0, 3))).tolist())
        )
        inputs = CitizenInput.objects.bulk_create(
            CitizenInput(source="initiative", key=str(idea.pk), text=f"{idea.title}\n\n")
            for idea in made
        )
        InputVector.objects.bulk_create(
            InputVector(input=item, vector=v.tobytes(), model=services.MODEL, text_sha256="x")
            for item, v in zip(inputs, vectors(n), strict=True)
        )
    made = Organisation.objects.bulk_create(
        Organisation(
            name=f"Forening {i}",
            normal_name=f"forening {i}",
            description=TEXTS[int(rng.integers(len(TEXTS)))],
            is_active=bool(rng.random() < 0.95),
        )
        for i in range(organisations)
    )
    Organisation.topics.through.objects.bulk_create(
        Organisation.topics.through(organisation_id=o.pk, topic_id=topics[int(t)].pk)
        for o in made
        for t in set(rng.integers(20, size=int(rng.integers(0, 3))).tolist())
    )
    Organisation.districts.through.objects.bulk_create(
        Organisation.districts.through(organisation_id=o.pk, district_id=districts[int(d)].pk)
        for o in made
        for d in set(rng.integers(9, size=int(rng.integers(0, 3))).tolist())
    )
    OrganisationVector.objects.bulk_create(
        OrganisationVector(
            organisation=o, vector=v.tobytes(), model=services.MODEL, text_sha256="x"
        )
        for o, v in zip(made, vectors(len(made)), strict=True)
    )
    Contact.objects.bulk_create(
        Contact(
            organisation=o, name=f"Kontakt {o.pk}-{j}", role="Formand", email=f"k{o.pk}-{j}@x.dk"
        )
        for o in made
        for j in range(2)
    )


def timed(call, ideas) -> dict:
    times = []
    for initiative in ideas:
        started = time.perf_counter()
        call(initiative)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(len(times) * 0.95) - 1)], 1),
        "max_ms": round(times[-1], 1),
    }


def speed(ideas: int, organisations: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as var:
        setup(var)
        from django.db import connection

        from skabsammen.bridges import suggestions
        from skabsammen.initiatives.models import Initiative
        from skabsammen.insight.themes import area_vectors

        started = time.perf_counter()
        generate(ideas, organisations)
        generated_s = time.perf_counter() - started
        area_vectors()  # loads e5 once per process (about 1 s); not part of what is timed
        picks = list(Initiative.objects.select_related("district").order_by("?")[: repeat + 5])
        cold = []
        for initiative in picks[:5]:
            suggestions.forget_arrays()
            started = time.perf_counter()
            suggestions.suggestions_for(initiative)
            cold.append((time.perf_counter() - started) * 1000)
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)
        ):
            found = suggestions.suggestions_for(picks[0])
        warm = timed(suggestions.suggestions_for, picks[5:])
        public = timed(suggestions.similar_public_initiatives, picks[5:])
        size_mb = (Path(var) / "bench.sqlite3").stat().st_size / 1e6
    return {
        "ideas": ideas,
        "organisations": organisations,
        "contacts": 2 * organisations,
        "database": "SQLite (file, WAL off, one process)",
        "database_mb": round(size_mb),
        "generate_s": round(generated_s, 1),
        "cold_ms": [round(t) for t in cold],
        "queries_per_call": len(queries),
        "found": [len(found.similar_initiatives), len(found.organisations), len(found.contacts)],
        "warm": warm,
        "similar_public_initiatives_warm": public,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="quality only, no speed run")
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count()}
    result["near_duplicates"] = near_duplicates()
    result["labelled_titles"] = labelled_titles()
    if not args.quick:
        result["speed"] = speed(args.ideas, args.organisations, args.repeat)
    RESULTS.mkdir(exist_ok=True)
    name = "bridges-quick.json" if args.quick else "bridges.json"
    (RESULTS / name).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
