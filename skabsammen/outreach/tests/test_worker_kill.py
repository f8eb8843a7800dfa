"""A task worker killed mid-campaign loses no invitation and sends none twice.

A real `manage.py db_worker` sends a campaign's e-mails to an SMTP server on loopback,
against its own SQLite file. When the 100th message arrives, the server SIGKILLs the
worker before it answers (so that message was never accepted), and a new worker,
with nothing else done, finishes the campaign through its watchdog task. Every
invitation must have arrived exactly once, counted by Message-ID.

(The other window, a kill after the server's "250 accepted" but before the database
records it, is in test_sending.py: it doubles that one message, with the same ID.)
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PEOPLE, INVITED, KILL_AT = 400, 300, 100

SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from skabsammen.accounts.models import Role, User
from skabsammen.outreach.models import Campaign, RegisterPerson
from skabsammen.outreach.services.sample import sample_draw
from skabsammen.outreach.services.sending import invitations_send

actor = User.objects.create(email="sek@gentofte.dk", name="Sekretariat", role=Role.SECRETARIAT)
campaign = Campaign.objects.create(
    title="Test", purpose="Test", answer_until=timezone.localdate() + timedelta(days=14)
)
RegisterPerson.objects.bulk_create(
    RegisterPerson(
        campaign=campaign, row=n + 2, external_id=f"P{{n}}", name=f"Person {{n}}",
        address=f"Vej {{n}}", postcode="2900", district="Hellerup", birth_year=1970,
        age_band="55_64", gender="woman" if n % 2 else "man", email=f"p{{n}}@example.dk",
        household=f"vej {{n}}|2900",
    )
    for n in range({PEOPLE})
)
campaign.register_rows = {PEOPLE}
campaign.save()
sample_draw(actor=actor, campaign=campaign, size={INVITED}, strata=["gender"], seed="1")
invitations_send(actor=actor, campaign=campaign)
"""


class KillingInbox:
    """Counts messages by Message-ID; at `kill_at` kills the worker instead of answering."""

    def __init__(self, kill_at: int):
        self.kill_at = kill_at
        self.ids: Counter = Counter()
        self.worker: subprocess.Popen | None = None
        self.killed = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        if not self.killed.is_set() and sum(self.ids.values()) + 1 == self.kill_at:
            os.kill(self.worker.pid, signal.SIGKILL)
            self.worker.wait()
            self.killed.set()
            return "451 Try again later"  # never accepted: the worker is gone anyway
        self.ids[message["Message-ID"]] += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def campaign_status(database: Path) -> str:
    with sqlite3.connect(database, timeout=20) as db:
        return db.execute("SELECT status FROM outreach_campaign").fetchone()[0]


def test_a_killed_worker_loses_no_invitation_and_sends_none_twice(tmp_path):
    from aiosmtpd.controller import Controller

    inbox = KillingInbox(KILL_AT)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "DEBUG": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "http://skabsammen.test",
        "OUTREACH_SEND_BATCH": "50",
        "OUTREACH_SEND_LEASE_SECONDS": "2",
    }
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "check": True}
    worker_command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay"]
    worker_command += ["--interval", "0.2"]
    workers = []
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
        subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], **run)
        inbox.worker = subprocess.Popen(worker_command, cwd=ROOT, env=env)
        workers.append(inbox.worker)
        assert inbox.killed.wait(timeout=30), "the worker sent too few messages"
        assert sum(inbox.ids.values()) == KILL_AT - 1
        database = tmp_path / "skabsammen.sqlite3"
        with sqlite3.connect(database, timeout=20) as db:
            in_flight = db.execute(
                "SELECT count(*) FROM outreach_invitation WHERE status = 'sending'"
            ).fetchone()[0]
            stuck_tasks = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            ).fetchone()[0]
        assert in_flight == 1 and stuck_tasks == 1  # the dead worker's claim and task

        # No recovery step: the new worker runs the campaign's watchdog, which finds
        # that nothing has moved for a lease and takes the sending over.
        workers.append(subprocess.Popen(worker_command, cwd=ROOT, env=env))
        deadline = time.monotonic() + 30
        while campaign_status(database) != "sent" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert campaign_status(database) == "sent"
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
        controller.stop()

    with sqlite3.connect(database) as db:
        invitations = db.execute(
            "SELECT id, campaign_id, status FROM outreach_invitation WHERE channel = 'email'"
        ).fetchall()
    assert len(invitations) == INVITED
    assert {status for _, _, status in invitations} == {"sent"}
    expected = {f"<outreach-{c}-{i}@skabsammen.test>" for i, c, _ in invitations}
    assert set(inbox.ids) == expected  # none lost
    assert set(inbox.ids.values()) == {1}  # none twice
