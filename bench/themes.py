"""Benchmark the themes app with 100,000 citizen inputs and their stored vectors.

    OMP_NUM_THREADS=1 .venv/bin/python bench/themes.py            # 100,000 inputs (~2 min)
    OMP_NUM_THREADS=1 .venv/bin/python bench/themes.py --inputs 20000

In a throw-away SQLite database: store the inputs (short Danish texts built from a few
dozen sentences, four channels, five districts, half of them quotable, three years of
dates) and synthetic vectors (20 centres plus noise, unit rows; the e5 model is not the
point here), run a theme run as the task does (k=20), then time the staff's themes page
(goal: under 200 ms), the public API and `similar_inputs` in-process with Django's test
client. Prints a Markdown table and writes it to bench/results/themes.json.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


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


def generate(n: int, seed: int = 0) -> None:
    import numpy as np

    from skabsammen.citizeninput.models import CitizenInput
    from skabsammen.themes import services
    from skabsammen.themes.models import InputVector
    from skabsammen.themes.tests.conftest import TEXTS

    rng = np.random.default_rng(seed)
    channels = ["web", "library", "outreach", "phone"]
    districts = ["Hellerup", "Ordrup", "Gentofte", "Dyssegård", "Vangede"]
    start = datetime(2023, 1, 1, tzinfo=UTC)
    inputs = []
    for i in range(n):
        picks = rng.choice(len(TEXTS), size=2, replace=False)
        inputs.append(
            CitizenInput(
                source="bench",
                key=str(i),
                text=f"{TEXTS[picks[0]]}. {TEXTS[picks[1]]} ({i})",
                channel=channels[i % 4],
                district=districts[int(rng.integers(5))],
                quotable=bool(i % 2),
                said_at=start + timedelta(days=int(rng.integers(3 * 365))),
            )
        )
    CitizenInput.objects.bulk_create(inputs, batch_size=5000)
    centres = rng.standard_normal((20, services.DIM)).astype(np.float32)
    ids = list(CitizenInput.objects.order_by("id").values_list("id", "text"))
    for begin in range(0, len(ids), 5000):
        chunk = ids[begin : begin + 5000]
        vectors = centres[rng.integers(20, size=len(chunk))] + rng.standard_normal(
            (len(chunk), services.DIM)
        ).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        InputVector.objects.bulk_create(
            InputVector(
                input_id=pk,
                vector=vector.astype(np.float32).tobytes(),
                model=services.MODEL,
                text_sha256=services.text_sha256(text),
            )
            for (pk, text), vector in zip(chunk, vectors, strict=True)
        )


def timed(call, repeat: int) -> dict:
    call()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        setup(var)
        from django.db import connection
        from django.test import Client

        from skabsammen.accounts.tests.factories import StaffFactory
        from skabsammen.citizeninput.models import CitizenInput
        from skabsammen.themes import services
        from skabsammen.themes.models import ThemeRun
        from skabsammen.themes.selectors import similar_inputs

        started = time.perf_counter()
        generate(args.inputs)
        generated_s = time.perf_counter() - started

        run = ThemeRun.objects.create(k_requested=20)
        started = time.perf_counter()
        run = services.theme_run_perform(run_id=run.pk)
        run_s = time.perf_counter() - started
        assert run.status == "done", run.failure
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024

        client = Client()
        client.force_login(StaffFactory(), backend="skabsammen.accounts.backends.EmailLinkBackend")
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)
        ):
            assert client.get("/temaer/").status_code == 200
        page = timed(lambda: client.get("/temaer/"), args.repeat)
        api = timed(lambda: Client().get("/api/v1/themes"), args.repeat)
        one = CitizenInput.objects.order_by("id").first()
        started = time.perf_counter()
        similar_inputs(one)
        similar_cold_ms = (time.perf_counter() - started) * 1000
        similar = timed(lambda: similar_inputs(one), args.repeat)

    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": args.inputs,
        "cpus": os.cpu_count(),
        "generate_s": round(generated_s, 1),
        "run_s": round(run_s, 1),
        "run_peak_gb": round(peak_gb, 2),
        "run_k": run.k,
        "page_queries": len(queries),
        "page": page,
        "api": api,
        "similar_cold_ms": round(similar_cold_ms, 1),
        "similar": similar,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "themes.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"| measure ({args.inputs:,} inputs, {os.cpu_count()} cores) | figure |")
    print("|---|---|")
    print(
        f"| theme run in the task (k=20, stored vectors) | {run_s:.1f} s, peak {peak_gb:.2f} GB |"
    )
    print(
        f"| themes page (staff), {len(queries)} queries | median {page['median_ms']} ms, "
        f"p95 {page['p95_ms']} ms |"
    )
    print(f"| GET /api/v1/themes | median {api['median_ms']} ms, p95 {api['p95_ms']} ms |")
    print(f"| similar_inputs, first call (loads vectors) | {similar_cold_ms:.0f} ms |")
    print(f"| similar_inputs, cached | median {similar['median_ms']} ms |")


if __name__ == "__main__":
    main()
