"""Start the web server and a task worker together; Ctrl-C stops both."""

import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from skabsammen.accounts.models import User
from skabsammen.accounts.services import sign_in_link_create, sign_in_link_url
from skabsammen.bridges.tasks import introductions_close_expired_daily
from skabsammen.initiatives.tasks import reminders_send_daily
from skabsammen.municipality.demo import DEMO_SIGN_INS
from skabsammen.outreach.tasks import outreach_reminders_send_daily

# Queued once a day while the server runs (each is safe to run twice).
DAILY_TASKS = (
    reminders_send_daily,
    outreach_reminders_send_daily,
    introductions_close_expired_daily,
)


class Command(BaseCommand):
    help = "Run gunicorn and the django-tasks database worker; queue the daily reminders."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        python = sys.executable
        address = f"{host}:{port}"
        # The commands are fixed here; nothing in them comes from a user.
        processes = [
            subprocess.Popen(  # noqa: S603
                [
                    python,
                    "-m",
                    "gunicorn",
                    "skabsammen.wsgi",
                    "--bind",
                    address,
                    "--workers",
                    str(workers),
                    # No access log: sign-in links carry their token in the path.
                    "--log-level",
                    "warning",
                ]
            ),
            subprocess.Popen([python, "manage.py", "db_worker", "--no-startup-delay"]),  # noqa: S603
        ]
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            self._wait_for(host, port, processes)
            self._banner(host, port)
            reminded_on = None
            while not stopping and all(p.poll() is None for p in processes):
                if reminded_on != timezone.localdate():
                    for daily_task in DAILY_TASKS:
                        daily_task.enqueue()
                    reminded_on = timezone.localdate()
                time.sleep(1)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            self.stdout.write("Stopped the web server and the task worker.")

    def _wait_for(self, host, port, processes, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in processes):
                raise SystemExit("The web server or the task worker did not start.")
            try:
                with socket.create_connection((host, port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"Nothing answered on {host}:{port} within {timeout:.0f} seconds.")

    def _banner(self, host, port):
        base = f"http://{host}:{port}"
        lines = ["", f"Skab Sammen is running at {base}/", ""]
        people = {u.email: u for u in User.objects.filter(email__in=[e for e, _ in DEMO_SIGN_INS])}
        if people:
            lines.append(
                f"Demo sign-ins (each link works once, for {settings.SIGN_IN_LINK_MINUTES} minutes;"
                " `make signin EMAIL=...` prints a new one):"
            )
            for email, role in DEMO_SIGN_INS:
                if email in people:
                    _, token = sign_in_link_create(email=email, limited=False)
                    lines.append(f"  {role:<14} {email:<30} {sign_in_link_url(token)}")
        lines += [
            "",
            "Anyone can also sign in at /konto/log-ind/ with any address: the e-mail is printed"
            " here and shown to staff on the outbox page (/udbakke/).",
            "Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
