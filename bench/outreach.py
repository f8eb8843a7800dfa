"""Send 10,000 personal invitations to a local SMTP server with one task worker, and
stop the worker midway in further runs, counting what was lost or doubled.

The issue's goal: 10,000 e-mails to a local SMTP server (aiosmtpd) in under 2 minutes
with one worker, none lost or doubled across a worker restart.

Steps, for each run: a throw-away SQLite database in a temporary folder, `migrate`; a
register of 12,000 residents (all with an e-mail address), a campaign whose sample of
10,000 is drawn and sent through the services (`sample_draw`, `invitations_send`, which
queues the sending task and its watchdog); an aiosmtpd server on 127.0.0.1 in this
process counting messages by Message-ID. Then:

* clean run: start one `manage.py db_worker`; the time runs from its start until the
  campaign is marked sent (so it includes the worker's start-up);
* SIGTERM run (a restart as systemd does it): at about half the clean run's time, send
  the worker SIGTERM, wait until it exits (it finishes its chunk of sending), start a
  new worker;
* SIGKILL run: the same with SIGKILL, at whatever point the worker is: between
  messages, mid-SMTP, or between the server's reply and the database update. Nothing
  else is done: the watchdog takes over once the lease has passed (set to 10 s here,
  300 s by default), so the run includes that wait.

Each run counts lost (never received) and doubled (received twice) Message-IDs.
Results go to bench/results/outreach-<time>.json; see bench/README.md.
"""

import argparse
import json
import os
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import code_version  # noqa: E402  (no side effects on import)

RESULTS = ROOT / "bench" / "results"
GOAL_S = 120
LEASE_S = 10

SETUP = """
from datetime import timedelta
from django.utils import timezone
from skabsammen.accounts.models import Role, User
from skabsammen.outreach.models import Campaign, RegisterPerson
from skabsammen.outreach.services.sample import sample_draw
from skabsammen.outreach.services.sending import invitations_send

DISTRICTS = ["Hellerup", "Gentofte", "Vangede", "Dyssegård", "Jægersborg", "Ordrup",
             "Charlottenlund", "Klampenborg"]
BANDS = ["18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus"]
actor = User.objects.create(email="sek@gentofte.dk", name="Sekretariat", role=Role.SECRETARIAT)
campaign = Campaign.objects.create(
    title="Hvad skal Gentofte arbejde med?",
    purpose="Vi vil gerne høre fra borgere, vi sjældent hører fra.",
    answer_until=timezone.localdate() + timedelta(days=21),
)
RegisterPerson.objects.bulk_create(
    (
        RegisterPerson(
            campaign=campaign, row=n + 2, external_id=f"P{n:06d}", name=f"Borger Nummer {n}",
            address=f"Testvej {n}", postcode="2900", city="Hellerup",
            district=DISTRICTS[n % 8], birth_year=1950 + n % 50, age_band=BANDS[n % 7],
            gender="woman" if n % 2 else "man", email=f"borger{n}@example.dk",
            household=f"testvej {n}|2900",
        )
        for n in range(PEOPLE)
    ),
    batch_size=2000,
)
campaign.register_rows = PEOPLE
campaign.save()
sample_draw(actor=actor, campaign=campaign, size=SIZE,
            strata=["district", "age_band", "gender"], seed="2026")
invitations_send(actor=actor, campaign=campaign)
"""


class Inbox:
    """An SMTP sink counting messages by Message-ID."""

    def __init__(self):
        self.ids: Counter = Counter()
        self.first: float | None = None
        self.last: float | None = None

    async def handle_DATA(self, server, session, envelope):
        start = envelope.content.find(b"Message-ID:")
        end = envelope.content.find(b"\n", start)
        self.ids[envelope.content[start + 11 : end].strip().decode()] += 1
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        return "250 OK"

    @property
    def received(self) -> int:
        return sum(self.ids.values())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(database: Path) -> str:
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("SELECT status FROM outreach_campaign").fetchone()[0]


def expected_ids(database: Path, host: str) -> set[str]:
    with sqlite3.connect(database, timeout=30) as db:
        rows = db.execute(
            "SELECT id, campaign_id FROM outreach_invitation WHERE channel = 'email'"
        ).fetchall()
    return {f"<outreach-{c}-{i}@{host}>" for i, c in rows}


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def one_run(*, people: int, size: int, stop: str, keep: bool, stop_after_s: float = 0) -> dict:
    from aiosmtpd.controller import Controller

    folder = Path(tempfile.mkdtemp(prefix="bench-outreach-"))
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "VAR_DIR": str(folder),
        "DATABASE_URL": "",
        "DEBUG": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "http://skabsammen.bench",
        "OUTREACH_SEND_LEASE_SECONDS": str(LEASE_S),
    }
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    database = folder / "skabsammen.sqlite3"
    worker = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"]
    workers: list[subprocess.Popen] = []
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    result = {"people": people, "size": size, "stop": stop, "lease_s": LEASE_S}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
        started = time.monotonic()
        setup = SETUP.replace("PEOPLE", str(people)).replace("SIZE", str(size))
        subprocess.run([sys.executable, "manage.py", "shell", "-c", setup], **run)
        result["setup_s"] = round(time.monotonic() - started, 2)
        started = time.monotonic()
        workers.append(subprocess.Popen(worker, cwd=ROOT, env=env, **quiet))
        if stop != "none":
            # At a set time, not when a message arrives: a kill on arrival would always
            # fall between the server's reply and the database update.
            time.sleep(stop_after_s)
            sent_before = inbox.received
            os.kill(workers[0].pid, signal.SIGKILL if stop == "kill" else signal.SIGTERM)
            result["stopped_after"] = sent_before
            result["stopped_at_s"] = round(time.monotonic() - started, 2)
            workers[0].wait()
            result["worker_exited_s"] = round(time.monotonic() - started, 2)
            result["received_when_exited"] = inbox.received
            # No recovery step: a SIGTERM'd worker left the continuation queued; after a
            # SIGKILL the campaign's watchdog takes the sending over once a lease passes.
            workers.append(subprocess.Popen(worker, cwd=ROOT, env=env, **quiet))
        while status(database) != "sent":
            time.sleep(0.1)
            if time.monotonic() - started > 900:
                raise SystemExit("Not sent within 15 minutes.")
        result["seconds"] = round(time.monotonic() - started, 2)
        result["smtp_first_to_last_s"] = round(inbox.last - inbox.first, 2)
        expected = expected_ids(database, "skabsammen.bench")
        result["emails"] = len(expected)
        result["received"] = inbox.received
        result["lost"] = len(expected - set(inbox.ids))
        result["doubled"] = sum(1 for n in inbox.ids.values() if n > 1)
        result["unexpected"] = len(set(inbox.ids) - expected)
        result["per_second"] = round(len(expected) / result["seconds"], 1)
    finally:
        for process in workers:
            stop_worker(process)
        controller.stop()
        if not keep:
            subprocess.run(["rm", "-rf", str(folder)], check=False)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=12_000)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--kill-runs", type=int, default=1, help="runs with a SIGKILLed worker")
    parser.add_argument("--term-runs", type=int, default=1, help="runs with a SIGTERMed worker")
    parser.add_argument("--clean-runs", type=int, default=1, help="runs without a kill")
    parser.add_argument(
        "--stop-after", type=float, help="seconds after the worker's start to stop it"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    runs = []
    stop_after_s = args.stop_after
    plan = ["none"] * args.clean_runs + ["term"] * args.term_runs + ["kill"] * args.kill_runs
    for stop in plan:
        if stop != "none" and stop_after_s is None:  # about halfway through a clean run
            clean = [r["seconds"] for r in runs if r["stop"] == "none"]
            stop_after_s = (sum(clean) / len(clean) / 2) if clean else 15.0
        result = one_run(
            people=args.people,
            size=args.size,
            stop=stop,
            keep=args.keep,
            stop_after_s=stop_after_s or 0,
        )
        runs.append(result)
        print(json.dumps(result), flush=True)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "code": code_version(),
        "goal_s": GOAL_S,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"outreach-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"Written to {path.relative_to(ROOT)}")
    for r in runs:
        ok = r["seconds"] <= GOAL_S and not r["lost"] and not r["doubled"]
        kind = {"none": "clean", "term": "SIGTERM", "kill": "SIGKILL"}[r["stop"]]
        if r["stop"] != "none":
            kind += f" after {r['stopped_after']}"
        print(
            f"{kind:>20}: {r['emails']} e-mails in {r['seconds']} s ({r['per_second']}/s), "
            f"lost {r['lost']}, doubled {r['doubled']}: goal {'met' if ok else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
