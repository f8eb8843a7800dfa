"""Load-test the list of ideas, its API and an idea's page on PostgreSQL with realistic data.

Steps: start a throw-away PostgreSQL server (or use --database-url), migrate, generate
the data (bench/generate.py), count each page's SQL queries in-process and EXPLAIN
ANALYZE them, start gunicorn with 2 sync workers and production settings, then load
each page with wrk and compare it with a bare Django view that returns a constant page.
Results go to bench/results/ as JSON and Markdown; see bench/README.md.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from bench.postgres import free_port, throwaway_server  # noqa: E402

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
BIN = Path(sys.executable).parent
MAX_QUERIES = 10
MAX_P95_MS = 100
MIN_SHARE_OF_CONSTANT = 0.40

# (name, path); {district}, {word}, {common_word} and {idea} are filled in from the data.
PAGES = [
    ("constant view", "/bench/constant/"),
    ("list", "/initiativer/"),
    ("list: filtered", "/initiativer/?status=underway&district={district}"),
    ("list: page 200", "/initiativer/?page=200"),
    ("search", "/initiativer/?q={word}"),
    ("search: common word", "/initiativer/?q={common_word}"),
    ("API list", "/api/v1/initiatives"),
    ("idea page", "/initiativer/{idea}/"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    data = parser.add_argument_group("data")
    data.add_argument("--initiatives", type=int, default=100_000, help="default: %(default)s")
    data.add_argument("--messages", type=int, default=1_000_000, help="default: %(default)s")
    data.add_argument(
        "--quick", action="store_true", help="10,000 ideas and 100,000 messages, 5 s per page"
    )
    data.add_argument(
        "--database-url",
        help="use this (migrated or empty) database instead of a throw-away server",
    )
    data.add_argument(
        "--skip-generate", action="store_true", help="benchmark the data already in the database"
    )
    load = parser.add_argument_group("load (wrk)")
    load.add_argument("--duration", type=int, default=20, help="seconds per page (%(default)s)")
    load.add_argument("--connections", type=int, default=16, help="default: %(default)s")
    load.add_argument("--threads", type=int, default=2, help="wrk threads (%(default)s)")
    load.add_argument("--workers", type=int, default=2, help="gunicorn workers (%(default)s)")
    load.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    load.add_argument("--word", default="fælleshave", help="search word (%(default)s)")
    load.add_argument("--common-word", default="naboer", help="a word in many ideas (%(default)s)")
    load.add_argument(
        "--only", help='comma-separated page names to load, e.g. "list,API list" (and the constant)'
    )
    load.add_argument(
        "--quiet-below",
        type=float,
        default=10,
        help="before each page, wait until other processes use less than this %% of a core"
        " (%(default)s)",
    )
    load.add_argument(
        "--retries", type=int, default=2, help="new tries of a disturbed page (%(default)s)"
    )
    load.add_argument(
        "--patience", type=int, default=600, help="most seconds to wait for quiet (%(default)s)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one request per page into results/"
    )
    args = parser.parse_args()
    if args.quick:
        args.initiatives, args.messages, args.duration, args.warmup = 10_000, 100_000, 5, 1
    return args


def production_env(database_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "EMAIL_OUTBOX": "false",
        "ROOT_URLCONF": "bench.urls",
        "DJANGO_SETTINGS_MODULE": "skabsammen.settings",
    }


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def probe_values(args) -> dict[str, str]:
    """Values for the page addresses, taken from the data."""
    from django.db.models import Count

    from skabsammen.initiatives.models import Initiative
    from skabsammen.municipality.models import District

    district = (
        District.objects.filter(initiatives__status="underway", initiatives__is_public=True)
        .annotate(n=Count("initiatives"))
        .order_by("-n")
        .first()
    ) or District.objects.first()
    # A public idea that is underway and has a role of the municipality: a full page.
    ideas = Initiative.objects.public().order_by("-submitted_at")
    idea = ideas.filter(status="underway", partner_roles__isnull=False).first() or ideas.first()
    return {
        "district": district.slug,
        "idea": str(idea.pk),
        "word": quote(args.word),
        "common_word": quote(args.common_word),
    }


def measure_in_process(pages: list[tuple[str, str]], repeat: int = 30) -> dict:
    """Per page: its SQL queries (with EXPLAIN ANALYZE), and its time in one process.

    Uses Django's test client against the same database, so the figures hold for this
    data size. Times are medians of `repeat` requests, without any concurrent load.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, path in pages:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {path} answered {response.status_code}")
        walls, sql_times = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(path)
                walls.append(time.perf_counter() - started)
            sql_times.append(sum(float(q["time"]) for q in captured.captured_queries))
        queries = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                plan = ""
                if query["sql"].lstrip().upper().startswith("SELECT"):
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                queries.append(
                    {"sql": query["sql"], "ms": float(query["time"]) * 1000, "plan": plan}
                )
        results[name] = {
            "path": path,
            "queries": len(queries),
            "median_ms": statistics.median(walls) * 1000,
            "median_sql_ms": statistics.median(sql_times) * 1000,
            "sql": queries,
        }
        print(
            f"  {name:<22} {len(queries):3d} queries   {results[name]['median_ms']:7.1f} ms"
            f" a request in-process, of which SQL {results[name]['median_sql_ms']:6.1f} ms",
            flush=True,
        )
    return results


def profile(pages: list[tuple[str, str]], out: Path) -> None:
    """cProfile one (warm) request per page: the top calls by cumulative and by own time."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    with out.open("w") as file:
        for name, path in pages:
            client.get(path)
            profiler = cProfile.Profile()
            profiler.runcall(client.get, path)
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(15)
            file.write(f"===== {name}: {path}\n{text.getvalue()}\n")
    print(f"  profiles in {out.relative_to(ROOT)}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as log_file:
        bind = f"127.0.0.1:{port}"
        command = [BIN / "gunicorn", "skabsammen.wsgi", "-w", str(workers), "-b", bind]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop it in order
        )
        try:
            for _ in range(100):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(base + "/bench/constant/", timeout=2).read()
                    break
                if process.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {log}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


class CpuWatch:
    """CPU used by other processes while we measure: the machine may be shared.

    Others' CPU = all busy CPU (/proc/stat) minus that of our process trees (this script
    with gunicorn and wrk; the PostgreSQL server), in % of one core. A process's children
    that have ended count in its own figures (cutime), so short-lived ones are not lost.
    Approximate: the kernel's work for our network traffic counts as "others".
    """

    def __init__(self, postmaster_pid: int | None):
        self.postmaster_pid = postmaster_pid

    @staticmethod
    def _processes() -> dict[int, tuple[int, str, int]]:
        """pid → (parent pid, name, CPU ticks of it and its ended children)."""
        processes = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError):
                    text = (entry / "stat").read_text()
                    name = text[text.index("(") + 1 : text.rindex(")")]
                    fields = text[text.rindex(")") + 2 :].split()
                    ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
                    processes[int(entry.name)] = (int(fields[1]), name, ticks)
        return processes

    def _ours(self, pid: int, processes) -> bool:
        roots = {os.getpid(), self.postmaster_pid}
        if self.postmaster_pid is None and processes[pid][1] == "postgres":
            return True  # --database-url: count any local PostgreSQL as ours
        while pid > 1 and pid in processes:
            if pid in roots:
                return True
            pid = processes[pid][0]
        return False

    def _snapshot(self) -> tuple[float, int, int]:
        cpu = [int(x) for x in Path("/proc/stat").read_text().split()[1:9]]
        busy = sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait
        processes = self._processes()
        ours = sum(p[2] for pid, p in processes.items() if self._ours(pid, processes))
        return time.monotonic(), busy, ours

    def start(self) -> None:
        self.started = self._snapshot()

    def others_percent(self) -> float:
        """Others' CPU since start(), in % of one core."""
        (t0, busy0, ours0), (t1, busy1, ours1) = self.started, self._snapshot()
        others = (busy1 - busy0 - (ours1 - ours0)) / os.sysconf("SC_CLK_TCK")
        return max(0.0, 100 * others / (t1 - t0))

    def wait_until_quiet(self, limit: float, patience: int) -> None:
        deadline = time.monotonic() + patience
        while True:
            self.start()
            time.sleep(2)
            others = self.others_percent()
            if others <= limit or time.monotonic() > deadline:
                return
            print(f"  … other processes use {others:.0f}% of a core; waiting", flush=True)
            time.sleep(8)


def wrk(url: str, args, duration: int, connections: int | None = None) -> dict:
    connections = connections or args.connections
    command = ["wrk", f"-t{args.threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "10s", "-s", str(BENCH / "report.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def load_test(base: str, pages: list[tuple[str, str]], args, watch: CpuWatch) -> dict:
    """Warm up every page, then load each in turn; the constant view first and last.

    Before each page, wait (up to --patience s) until other processes are quiet; if they
    were not quiet during the measurement, measure again (--retries) and keep the quietest.
    """
    for _name, path in pages:
        wrk(base + path, args, args.warmup, connections=4)
    order = [*pages, pages[0]]
    results: dict[str, list[dict]] = {}
    for name, path in order:
        attempts = []
        while len(attempts) <= args.retries:
            watch.wait_until_quiet(args.quiet_below, args.patience)
            watch.start()
            result = wrk(base + path, args, args.duration)
            result["others_cpu_percent"] = round(watch.others_percent(), 1)
            attempts.append(result)
            if result["others_cpu_percent"] <= args.quiet_below:
                break
            print(f"  {name:<22} disturbed by other processes; measuring again", flush=True)
        result = min(attempts, key=lambda r: r["others_cpu_percent"])
        result["discarded_attempts"] = [a for a in attempts if a is not result]
        errors = {kind: n for kind, n in result["errors"].items() if n}
        print(
            f"  {name:<22} {result['rps']:8.1f} req/s   p50 {result['p50_ms']:6.1f}"
            f"   p95 {result['p95_ms']:6.1f}   p99 {result['p99_ms']:6.1f} ms"
            f"   others' CPU {result['others_cpu_percent']:3.0f}%"
            + (f"   ERRORS {errors}" if errors else ""),
            flush=True,
        )
        results.setdefault(name, []).append(result)
    return results


def machine() -> dict:
    from django import get_version
    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    gunicorn_version = subprocess.run(
        [str(BIN / "gunicorn"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "cpu": model.group(1) if model else platform.processor(),
        "postgresql": postgres,
        "python": platform.python_version(),
        "django": get_version(),
        "gunicorn": gunicorn_version,
        "wrk": (wrk_version.stdout + wrk_version.stderr).split("Copyright")[0].strip(),
    }


def code_version() -> dict:
    """Which code was measured: the commit, and files changed since (others edit too)."""

    def git(*args: str) -> str:
        command = ["git", "--no-optional-locks", *args]  # read only: no index refresh
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "changed": git("status", "--short").splitlines()}


def table(pages, queries: dict, load: dict) -> str:
    constant = statistics.mean(r["rps"] for r in load["constant view"])
    lines = [
        "| page | SQL queries | in-process ms (SQL ms) | req/s | % of constant | p50 ms | p95 ms"
        " | p99 ms | others' CPU | meets goal |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for name, path in pages:
        q = queries[name]
        for run, result in enumerate(load[name]):
            label = f"{name} ({('first', 'last')[run]})" if len(load[name]) > 1 else name
            share = result["rps"] / constant
            misses = []
            if q["queries"] > MAX_QUERIES:
                misses.append(f"queries > {MAX_QUERIES}")
            if result["p95_ms"] > MAX_P95_MS:
                misses.append(f"p95 > {MAX_P95_MS} ms")
            if name != "constant view" and share < MIN_SHARE_OF_CONSTANT:
                misses.append(f"< {MIN_SHARE_OF_CONSTANT:.0%} of constant")
            lines.append(
                f"| {label} `{path}` | {q['queries']}"
                f" | {q['median_ms']:.1f} ({q['median_sql_ms']:.1f})"
                f" | {result['rps']:.0f} | {share:.0%} | {result['p50_ms']:.1f}"
                f" | {result['p95_ms']:.1f} | {result['p99_ms']:.1f}"
                f" | {result['others_cpu_percent']:.0f}%"
                f" | {'yes' if not misses else 'no: ' + ', '.join(misses)} |"
            )
    return "\n".join(lines)


def write_sql_report(queries: dict, out: Path) -> None:
    with out.open("w") as file:
        for name, page in queries.items():
            file.write(f"===== {name}: {page['path']} ({page['queries']} queries)\n\n")
            for query in page["sql"]:
                file.write(f"-- {query['ms']:.2f} ms\n{query['sql']}\n{query['plan']}\n\n")


def main() -> None:
    args = parse_args()
    # Stop the servers on Ctrl-C (even if started with SIGINT ignored) and on SIGTERM.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    prefix = RESULTS / f"{stamp}-{args.initiatives}"
    report: dict = {"date": datetime.now().isoformat(timespec="seconds"), "args": vars(args)}
    with contextlib.ExitStack() as stack:
        if args.database_url:
            database_url, postmaster_pid = args.database_url, None
        else:
            print("Starting a throw-away PostgreSQL server …", flush=True)
            server = stack.enter_context(throwaway_server())
            database_url, postmaster_pid = server.url, server.pid
        env = production_env(database_url)
        print("Migrating …", flush=True)
        migrate(env)
        setup_django(env)
        if not args.skip_generate:
            print(f"Generating {args.initiatives:,} ideas and {args.messages:,} messages …")
            report["generation"] = generate(database_url, args.initiatives, args.messages)
            print(f"  generated in {report['generation']['total_seconds']:.1f} s", flush=True)
        report["machine"] = machine()
        report["code"] = code_version()
        values = probe_values(args)
        pages = [(name, path.format(**values)) for name, path in PAGES]
        report["pages"] = dict(pages)
        watch = CpuWatch(postmaster_pid)
        print("Counting queries and timing each page in-process …", flush=True)
        watch.wait_until_quiet(args.quiet_below, args.patience)
        watch.start()
        report["queries"] = measure_in_process(pages)
        report["in_process_others_cpu_percent"] = round(watch.others_percent(), 1)
        print(f"  others' CPU meanwhile: {report['in_process_others_cpu_percent']:.0f}%")
        write_sql_report(report["queries"], Path(f"{prefix}-sql.txt"))
        if args.profile:
            profile(pages, Path(f"{prefix}-profile.txt"))
        if args.only:
            wanted = {"constant view", *(name.strip() for name in args.only.split(","))}
            pages = [page for page in pages if page[0] in wanted]
        print(
            f"Load: gunicorn with {args.workers} sync workers, wrk -t{args.threads}"
            f" -c{args.connections} -d{args.duration}s per page …",
            flush=True,
        )
        base = stack.enter_context(gunicorn(env, args.workers, Path(f"{prefix}-gunicorn.log")))
        report["load"] = load_test(base, pages, args, watch)
    markdown = table(pages, report["queries"], report["load"])
    Path(f"{prefix}.json").write_text(json.dumps(report, indent=2, default=str))
    Path(f"{prefix}.md").write_text(markdown + "\n")
    print()
    print(markdown)
    too_many = [n for n, q in report["queries"].items() if q["queries"] > MAX_QUERIES]
    if too_many:
        print(f"\nMore than {MAX_QUERIES} SQL queries: {', '.join(too_many)}")
    print(f"\nResults: {prefix.relative_to(ROOT)}.json, .md, -sql.txt (EXPLAIN ANALYZE)")


if __name__ == "__main__":
    main()
