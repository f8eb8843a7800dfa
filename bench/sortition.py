"""Benchmark the selection core: LEXIMIN, LEGACY and stratified samples.

    .venv/bin/python bench/sortition.py            # everything (~15 min)
    .venv/bin/python bench/sortition.py --quick    # examples, one synthetic pool, samples

Prints a Markdown report and writes it with the raw figures to bench/results/.
"""

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from skabsammen.sortition.csvfiles import read_categories, read_respondents  # noqa: E402
from skabsammen.sortition.feasibility import ensure_feasible  # noqa: E402
from skabsammen.sortition.instance import build_instance  # noqa: E402
from skabsammen.sortition.legacy import legacy_lottery  # noqa: E402
from skabsammen.sortition.leximin import leximin  # noqa: E402
from skabsammen.sortition.lottery import individual_lottery  # noqa: E402
from skabsammen.sortition.record import generator  # noqa: E402
from skabsammen.sortition.synthetic import synthetic_pool  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "sortition"
RESULTS = ROOT / "bench" / "results"


def paper(name: str) -> dict[str, str]:
    """Return the paper's statistics for an instance as a dict of its lines."""
    path = DATA / "reference_output" / f"{name}_statistics.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def quotas_hold(lottery, inst) -> bool:
    """Check every panel of an individual lottery against every quota, per person."""
    incidence = np.zeros((len(inst.quotas), inst.n), dtype=np.int64)
    for q, types in enumerate(inst.quota_types):
        incidence[q, np.isin(inst.person_type, types)] = 1
    low = np.array([q.min for q in inst.quotas])
    high = np.array([q.max for q in inst.quotas])
    for panel in lottery.panels:
        counts = incidence[:, list(panel)].sum(axis=1)
        if len(panel) != inst.k or np.any(counts < low) or np.any(counts > high):
            return False
    return True


def run_leximin(label, pool, quotas, k, reference=None) -> dict:
    """Time LEXIMIN end to end (feasibility, solve, individual lottery) on one pool."""
    start = time.perf_counter()
    inst = build_instance(pool, quotas, k)
    ensure_feasible(inst)
    types = leximin(inst)
    lottery = individual_lottery(inst, types.panels, types.weights)
    seconds = time.perf_counter() - start
    probabilities = lottery.probabilities(inst.n)
    row = {
        "instance": label,
        "pool": inst.n,
        "k": k,
        "categories": len({q.category for q in quotas}),
        "types": inst.num_types,
        "seconds": round(seconds, 2),
        "route": types.route,
        "pricing_rounds": types.pricing_rounds,
        "type_panels": len(types.panels),
        "individual_panels": len(lottery.panels),
        "min_probability": float(probabilities.min()),
        "paper_min": reference,
        "quotas_hold": quotas_hold(lottery, inst),
    }
    print(json.dumps(row), flush=True)
    return row


def run_legacy(label, pool, quotas, k, draws) -> dict:
    """Estimate LEGACY's probabilities from `draws` runs."""
    inst = build_instance(pool, quotas, k)
    start = time.perf_counter()
    lottery = legacy_lottery(inst, generator("bench", "legacy"), draws)
    seconds = time.perf_counter() - start
    probabilities = lottery.probabilities(inst.n)
    row = {
        "instance": label,
        "draws": draws,
        "seconds": round(seconds, 1),
        "min_probability": float(probabilities.min()),
        "never_selected": int((probabilities == 0).sum()),
        "quotas_hold": quotas_hold(lottery, inst),
    }
    print(json.dumps(row), flush=True)
    return row


SAMPLE_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from skabsammen.sortition.synthetic import synthetic_population
from skabsammen.sortition.stratified import stratified_sample
population = synthetic_population({size}, seed=1, districts={districts})
start = time.perf_counter()
sample = stratified_sample(population, ["district", "age_band", "gender", "education"],
                           {n}, seed="bench", household={household!r})
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "rows": len(sample.rows), "strata": len(sample.strata),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_sample(size, n, districts, household) -> dict:
    """Time one stratified sample in a fresh process, so its peak memory is its own."""
    code = SAMPLE_CHILD.format(
        root=str(ROOT), size=size, n=n, districts=districts, household=household
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    row = {
        "population": size,
        "n": n,
        "districts": districts,
        "household_rule": bool(household),
        **json.loads(out.strip().splitlines()[-1]),
    }
    print(json.dumps(row), flush=True)
    return row


def examples(draws) -> tuple[list, list]:
    lex, leg = [], []
    for name in ("example_small_20", "example_large_200"):
        pool = read_respondents(DATA / name / "respondents.csv")
        quotas = read_categories(DATA / name / "categories.csv")
        k = int(name.rsplit("_", 1)[1])
        stats = paper(name)
        lex.append(run_leximin(name, pool, quotas, k, stats["LEXIMIN minimum probability (exact)"]))
        leg.append(run_legacy(name, pool, quotas, k, draws))
        leg[-1]["paper"] = stats["LEGACY minimum probability"].split(" (")[0]
    return lex, leg


SYNTHETIC = [  # (volunteers, k, categories, seed): pools like the paper's real ones
    (1000, 60, 6, 0),
    (1000, 60, 6, 1),
    (1000, 100, 6, 0),
    (1000, 40, 8, 0),
    (1000, 60, 8, 2),
    (2000, 100, 6, 0),
]


def synthetic(quick, draws) -> tuple[list, list]:
    lex, leg = [], []
    for size, k, categories, seed in SYNTHETIC[:1] if quick else SYNTHETIC:
        pool, quotas = synthetic_pool(size, k, seed=seed, categories=categories)
        label = f"synthetic {size}/{k}/{categories} cat/seed {seed}"
        lex.append(run_leximin(label, pool, quotas, k))
        if seed == 0 and categories == 6 and k == 60:
            leg.append(run_legacy(label, pool, quotas, k, draws))
    return lex, leg


def table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c, "")
            cells.append(f"{value:.4f}" if isinstance(value, float) else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--quick", action="store_true", help="one synthetic pool, 1,000 draws")
    args.add_argument("--draws", type=int, help="LEGACY draws (10,000; --quick: 1,000)")
    options = args.parse_args()
    draws = options.draws or (1_000 if options.quick else 10_000)
    lex, leg = examples(draws)
    more_lex, more_leg = synthetic(options.quick, draws)
    samples = [
        run_sample(75_000, 1_000, 8, None),
        run_sample(75_000, 1_000, 8, "household"),
        run_sample(6_000_000, 10_000, 98, None),
        run_sample(6_000_000, 10_000, 98, "household"),
    ]
    report = "\n\n".join(
        [
            table(lex + more_lex, ["instance", "pool", "k", "categories", "types", "seconds",
                                   "route", "pricing_rounds", "individual_panels",
                                   "min_probability", "paper_min", "quotas_hold"]),
            table(leg + more_leg, ["instance", "draws", "seconds", "min_probability",
                                   "never_selected", "paper", "quotas_hold"]),
            table(samples, ["population", "n", "districts", "household_rule", "strata",
                            "seconds", "peak_mb"]),
        ]
    )  # fmt: skip
    print(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}-sortition.md").write_text(report + "\n", encoding="utf-8")
    raw = {"leximin": lex + more_lex, "legacy": leg + more_leg, "samples": samples}
    (RESULTS / f"{stamp}-sortition.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
