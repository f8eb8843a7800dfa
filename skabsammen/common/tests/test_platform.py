"""The set-up contract: the demo, production settings, the admin site."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from skabsammen.accounts.models import Role, User
from skabsammen.initiatives.models import Initiative, Status
from skabsammen.mail.models import Email

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_demo_loads_once_with_ideas_in_every_status():
    call_command("load_demo", stdout=StringIO())
    statuses = set(Initiative.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Initiative.objects.count() >= 30
    assert Initiative.objects.overdue().exists()
    assert Initiative.objects.filter(is_public=False).exists()
    assert Initiative.objects.exclude(channel="web").exists()
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert not Email.objects.exists()  # loading the demo sends nobody anything
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Initiative.objects.count() == 30


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 30 + "a-long-random-production-key-1234567890",
        "ALLOWED_HOSTS": "skabsammen.gentofte.dk",
        "VAR_DIR": str(tmp_path),
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_the_admin_site_is_for_administrators_and_signs_in_by_link(
    client, client_for, administrator, staff
):
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith(reverse("accounts:sign_in"))
    assert client_for(staff).get("/django-admin/").status_code == 302
    assert client_for(administrator).get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_the_audit_log_is_for_administrators(client_for, administrator, staff, citizen):
    from skabsammen.initiatives.services import initiative_submit

    initiative_submit(actor=citizen, title="Have", description="En have.")
    page = client_for(administrator).get(reverse("audit:list"))
    assert page.status_code == 200 and "initiative.submit" in page.content.decode()
    assert client_for(staff).get(reverse("audit:list")).status_code == 403
    assert client_for(citizen).get(reverse("audit:list")).status_code == 403


@pytest.mark.django_db
def test_a_forged_form_gets_a_plain_danish_page(citizen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen, backend="skabsammen.accounts.backends.EmailLinkBackend")
    response = client.post(reverse("initiatives:create"), {"title": "x", "description": "y"})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.content.decode()
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_changing_a_role_in_the_admin_site_is_audited(client_for, administrator, citizen):
    from skabsammen.audit.models import AuditEvent
    from skabsammen.municipality.tests.factories import DepartmentFactory

    department = DepartmentFactory()
    response = client_for(administrator).post(
        f"/django-admin/accounts/user/{citizen.pk}/change/",
        {
            "email": citizen.email,
            "name": citizen.name,
            "role": "staff",
            "department": department.pk,
            "language": "da",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.role == Role.STAFF
    event = AuditEvent.objects.get(action="admin.change", object_id=str(citizen.pk))
    assert event.actor == administrator and "role" in event.data["fields"]


def test_serve_starts_the_web_server_and_worker_and_ctrl_c_stops_both(tmp_path):
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "DEBUG": "false",
        "EMAIL_URL": "dummymail://",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
    subprocess.run([sys.executable, "manage.py", "load_demo"], **run)
    serve = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # like a terminal: Ctrl-C reaches the whole group
    )
    try:
        banner = ""
        deadline = time.monotonic() + 30
        while "Ctrl-C" not in banner and time.monotonic() < deadline:
            banner += serve.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in banner
        assert "admin@gentofte.dk" in banner and "/konto/link/" in banner
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200
        os.killpg(serve.pid, signal.SIGINT)
        assert serve.wait(timeout=20) == 0
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
    leftovers = subprocess.run(
        ["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True, text=True, check=False
    )
    assert leftovers.stdout.strip() == ""


def test_check_deploy_refuses_the_outbox_in_production(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "HTTPS": "true",
        "EMAIL_OUTBOX": "true",
        "SECRET_KEY": "x" * 30 + "a-long-random-production-key-1234567890",
        "ALLOWED_HOSTS": "skabsammen.gentofte.dk",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "skabsammen.E001" in result.stdout + result.stderr


@pytest.mark.django_db
def test_the_health_check_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
