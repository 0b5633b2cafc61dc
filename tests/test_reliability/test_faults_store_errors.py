"""Store faults from the command line: a read-only or full database path gives a clear one-line
error (exit 1, no traceback); an ingest while a server has the store open is safe.

What happens with a server running (documented here by the tests):
- a read-only server (no admin token) never takes the store's lock, so ``policykg ingest`` succeeds
  while the server keeps answering from the snapshot it opened (the new document shows after a
  restart of the server);
- a read-write server (with an admin token) holds the lock, so the ingest fails at once with
  "store is locked by another process" and the server is untouched.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import benchtools as bench_tools
import httpx
import pytest

from graph.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "corpus" / "004_ebeedc2504478cdb.txt"
BIG = ROOT / "corpus" / "003_b9a5555a0524b338.txt"


def policykg(*args: str, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, preexec_fn=preexec)


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("policykg: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def tmpfs(tmp_path):
    """A folder on a fresh 1 MB tmpfs (needs root and mount rights: skipped elsewhere)."""
    where = tmp_path / "mnt"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def _read_only(path: Path) -> None:
    """Make ``path`` unwritable: a read-only remount (root ignores file modes), else chmod."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
    else:
        path.chmod(0o555)


def test_faults_read_only_store_folder(tmpfs):
    assert policykg("ingest", str(SMALL), "--db", str(tmpfs / "db"), "--no-index", "-q").returncode == 0
    _read_only(tmpfs)
    result = policykg("ingest", str(BIG), "--db", str(tmpfs / "db"), "--no-index", "-q")
    assert_one_line_error(result, str(tmpfs / "db"), "not writable")
    export = policykg("export", "--db", str(tmpfs / "db"), "--format", "nq")  # reading still works
    assert export.returncode == 0 and export.stdout.count("\n") > 100


def test_faults_store_path_under_read_only_parent(tmpfs):
    _read_only(tmpfs)
    result = policykg("ingest", str(SMALL), "--db", str(tmpfs / "new-db"), "--no-index", "-q")
    assert_one_line_error(result, "cannot create the store directory")


def test_faults_store_path_is_a_file(tmp_path):
    (tmp_path / "db").write_text("not a store")
    result = policykg("ingest", str(SMALL), "--db", str(tmp_path / "db"), "--no-index", "-q")
    assert_one_line_error(result, "is a file, not a store directory")


def test_faults_full_disk_tmpfs(tmpfs):
    result = policykg("ingest", str(BIG), "--db", str(tmpfs / "db"), "--no-index", "-q")
    assert_one_line_error(result, "store I/O failed", "No space left on device")


def _file_size_limit() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_faults_full_disk_file_size_limit(tmp_path):
    result = policykg("ingest", str(BIG), "--db", str(tmp_path / "db"), "--no-index", "-q",
                      preexec=_file_size_limit)
    assert_one_line_error(result, "store I/O failed", "File too large")
    # what was written before the failure is a consistent store: it opens, and the file is absent
    export = policykg("export", "--db", str(tmp_path / "db"), "--format", "nq")
    assert export.returncode == 0 and export.stdout == ""




def _new_document(folder: Path) -> Path:
    """A small policy with a 文号 of its own, so it is a new document in the store."""
    folder.mkdir()
    text = SMALL.read_text(encoding="utf-8")
    path = folder / "new-policy.txt"
    path.write_text(f"关于测试并发写入的通知\n测发〔2031〕{uuid.uuid4().int % 900 + 100}号\n\n{text}", encoding="utf-8")
    return path


@pytest.mark.timeout(180)
def test_faults_ingest_while_read_only_server_serves_snapshot(corpus_db, tmp_path):
    db = tmp_path / "db"
    shutil.copytree(corpus_db, db)
    with bench_tools.bench_load().serve(db) as base, httpx.Client(base_url=base, timeout=30) as http:
        before = http.get("/health").json()
        result = policykg("ingest", str(_new_document(tmp_path / "in")), "--db", str(db), "--no-index", "-q")
        assert result.returncode == 0, result.stderr
        assert "1 ingested" in result.stdout
        during = http.get("/health").json()
        assert during == before  # the server answers from the snapshot it opened
        sparql = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert sparql.status_code == 200
    with open_store(f"oxigraph:{db}", read_only=True) as store:  # what a restarted server would see
        assert store.counts()["documents"] == before["documents"] + 1


@pytest.mark.timeout(180)
def test_faults_ingest_while_read_write_server_is_refused(corpus_db, tmp_path):
    db = tmp_path / "db"
    shutil.copytree(corpus_db, db)
    with bench_tools.bench_load().serve(db, admin_token="t0ken") as base, httpx.Client(base_url=base, timeout=30) as http:
        before = http.get("/health").json()
        result = policykg("ingest", str(_new_document(tmp_path / "in")), "--db", str(db), "--no-index", "-q")
        assert_one_line_error(result, "store is locked by another process")
        assert http.get("/health").json() == before
