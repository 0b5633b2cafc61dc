"""A private Virtuoso server for the ``virtuoso`` tests (a pytest plugin: the root conftest lists it).

``virtuoso_url`` (session scope) starts ``virtuoso-t`` from Debian's ``virtuoso-opensource-7-bin``
package (listed in .ci/apt-packages) with its own database and ``virtuoso.ini`` in a temporary
directory, on two free loopback ports, and stops it when the session ends. It yields the
``open_store`` keyword arguments:

* ``url``: ``http://127.0.0.1:PORT/sparql``, the anonymous endpoint, for queries;
* ``update_url``: ``.../sparql-auth``, Virtuoso's authenticated endpoint, for updates, with
  ``auth`` = ``("dba", "dba")`` (HTTP digest; a new database's administrator password).

Why /sparql-auth rather than ``GRANT SPARQL_UPDATE TO "SPARQL"``: that is how a real deployment
keeps the public endpoint read-only, so the tests run the same path (digest auth included), and no
``isql`` session is needed to set up the server.

Without the binary the tests skip, except under CI (``CI=true``), where they fail so that a broken
install is seen rather than silently skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BINARY = "virtuoso-t"
PACKAGE = "virtuoso-opensource-7-bin"
START_TIMEOUT = 90.0  # first start creates the database: ~10 s on a 2-core machine

# Minimal settings: ~160 MB of page buffers (8 KB each) is plenty for test data and leaves the
# machine to the other processes. ResultSetMaxRows is raised because Virtuoso *truncates* a SELECT
# at that limit without an error; MaxQueryExecutionTime is left unset (0) because a Virtuoso
# "anytime" query returns partial results when it runs out of time.
INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 8
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
"""


@dataclass
class VirtuosoServer:
    """A running ``virtuoso-t`` and where to reach it."""

    directory: Path
    http_port: int
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def store_options(self) -> dict[str, object]:
        """Keyword arguments of ``graph.store.open_store`` (``url`` included)."""
        return {"url": self.query_url, "update_url": self.query_url + "-auth", "auth": ("dba", "dba")}

    def log_tail(self, lines: int = 20) -> str:
        log = self.directory / "virtuoso.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""

    def stop(self) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), SIGKILL when it does not within 30 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    """A loopback TCP port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?query=ASK%20%7B%7D", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_virtuoso(directory: Path, binary: str = BINARY, timeout: float = START_TIMEOUT) -> VirtuosoServer:
    """Start a private server with its database in ``directory``; return once /sparql answers.

    Raises:
        RuntimeError: the server exited or did not answer within ``timeout`` (the log tail says why).
    """
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, sql_port=sql_port, http_port=http_port))
    with open(directory / "stdout.log", "wb") as out:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=directory,
                                   stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = VirtuosoServer(directory, http_port, process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{server.log_tail()}")
        if _answers(server.query_url):
            return server
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"virtuoso-t did not answer on {server.query_url} in {timeout:.0f} s:\n{server.log_tail()}")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One private Virtuoso for the session; skipped without the binary (failed under CI)."""
    binary = shutil.which(BINARY)
    if binary is None:
        message = f"{BINARY} not found: install the Debian package {PACKAGE} (.ci/apt-packages)"
        if in_ci():
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), binary)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_url(virtuoso_server: VirtuosoServer) -> dict[str, object]:
    """``open_store`` keyword arguments for the private Virtuoso (see the module docstring)."""
    return virtuoso_server.store_options()
