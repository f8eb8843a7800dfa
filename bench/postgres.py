"""A throw-away PostgreSQL 15 server: initdb into a temporary folder, start, stop, remove.

PostgreSQL refuses to run as root; as root, initdb and pg_ctl run as the `postgres` user.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))

# Bulk loading goes faster without crash safety, which a throw-away server does not need.
# The load itself is read-only, so these settings do not change what it measures.
INITDB_OPTIONS = ["--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C.UTF-8"]
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_wal_size": "4GB",
    "shared_buffers": "256MB",
    "maintenance_work_mem": "256MB",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(tool: str, *args: str, as_postgres: bool = True) -> None:
    """Run a PostgreSQL program; as root, as the `postgres` user."""
    command = [str(PG_BIN / tool), *args]
    if as_postgres and os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


@dataclass(frozen=True)
class Server:
    url: str  # DATABASE_URL
    pid: int  # the postmaster's


@contextlib.contextmanager
def throwaway_server(database: str = "skabsammen_bench"):
    """Yield a fresh Server; stop it and delete its files afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="skabsammen-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, log = folder / "data", folder / "server.log"
    port = free_port()
    started = False
    try:
        _run("initdb", "-D", str(data), *INITDB_OPTIONS)
        options = " ".join(f"-c {key}={value}" for key, value in SERVER_SETTINGS.items())
        options += f" -p {port} -c unix_socket_directories={folder}"
        _run("pg_ctl", "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        started = True
        _run("createdb", "-h", str(folder), "-p", str(port), database)
        pid = int((data / "postmaster.pid").read_text().split()[0])
        yield Server(f"postgres://postgres@127.0.0.1:{port}/{database}", pid)
    finally:
        if started:
            with contextlib.suppress(subprocess.CalledProcessError):
                _run("pg_ctl", "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)
