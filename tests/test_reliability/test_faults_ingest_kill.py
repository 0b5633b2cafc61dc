"""An ingest killed with SIGKILL leaves the store consistent: the document is fully old or fully new.

Version 1 of a large document (the 180 KB corpus compilation, several documents in one file) is in
the store; version 2 (the same file with its last 40 % of lines cut, so clauses and a part are
gone) is being written when the process is killed. After each kill the store opens (RocksDB
recovers from its write-ahead log and the lock goes with the dead process), every graph of that
file holds exactly version 1's or version 2's triples, and an export works.

Two writers are killed: ``policykg ingest`` itself, at delays spread over its whole run (parsing
and writing), and a loop that does nothing but replace the file's graphs (v1, v2, v1 …), so that
nearly every kill lands inside a store transaction.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.ingesting import ingest_paths
from graph.store import open_store

ROOT = Path(__file__).resolve().parents[2]
BIG = ROOT / "corpus" / "003_b9a5555a0524b338.txt"
NAME = "big-policy.txt"  # both versions have this name: ingest identifies a source by its file name
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

# replaces the file's graphs, alternating between two versions, until killed
WRITER = """
import sys
from rdflib import Dataset
from graph.store import open_store

def graphs(path):
    data = Dataset()
    data.parse(path, format="nquads")
    return [(str(g.identifier), g) for g in data.graphs() if str(g.identifier).startswith("https://")]

versions = [graphs(sys.argv[2]), graphs(sys.argv[3])]
with open_store(sys.argv[1]) as store:
    print("ready", flush=True)
    i = 0
    while True:
        store.replace_source(sys.argv[4], versions[i % 2])
        i += 1
"""


def graph_counts(db: Path) -> dict[str, int]:
    """{graph IRI: triples} of a store, opened read-write as the next ingest would."""
    with open_store(f"oxigraph:{db}") as store:
        return {row["g"]: row["n"] for row in store.query(PER_GRAPH)}


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Folders: v1/ and v2/ (the file), db1/ and db2/ (a store holding just that version), nq files."""
    base = tmp_path_factory.mktemp("kill")
    lines = BIG.read_text(encoding="utf-8").splitlines(keepends=True)
    texts = {"v1": "".join(lines), "v2": "".join(lines[: int(len(lines) * 0.6)])}
    out = {}
    for version, text in texts.items():
        folder = base / version
        folder.mkdir()
        (folder / NAME).write_text(text, encoding="utf-8")
        db = base / f"db-{version}"
        with open_store(f"oxigraph:{db}") as store:
            summary = ingest_paths([folder], store, search_dir=None, log=lambda _: None, workers=1)
            assert summary.ingested == 1, summary.failed
            (base / f"{version}.nq").write_bytes(store.dump("nq"))
        out[version], out[f"db-{version}"], out[f"{version}.nq"] = folder, db, base / f"{version}.nq"
    out["base"] = base
    return out


def check_consistent(db: Path, expected: dict[str, dict[str, int]]) -> str:
    """Which version the store holds ("v1" or "v2"); fails when it is neither or the export fails."""
    counts = graph_counts(db)
    matches = [name for name, wanted in expected.items() if counts == wanted]
    assert matches, f"the store holds neither version: {sum(counts.values())} triples in {len(counts)} graphs"
    with open_store(f"oxigraph:{db}", read_only=True) as store:
        dump = store.dump("nq")
    assert dump.count(b"\n") == sum(counts.values())
    return matches[0]


def test_faults_versions_differ(versions):
    v1, v2 = graph_counts(versions["db-v1"]), graph_counts(versions["db-v2"])
    assert len(v1) > len(v2) >= 2  # cutting the file dropped a part (its graph must go too)
    assert sum(v1.values()) > sum(v2.values()) + 1000


def _kill_after(command: list[str], delay: float, ready_line: bool = False) -> int | None:
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if ready_line:
        assert proc.stdout.readline().strip() == "ready"
    try:
        finished: int | None = proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        finished = None
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    proc.stdout.close()
    return finished


@pytest.mark.timeout(150)
def test_faults_sigkill_during_cli_ingest_leaves_old_or_new(versions, tmp_path):
    expected = {"v1": graph_counts(versions["db-v1"]), "v2": graph_counts(versions["db-v2"])}
    command = [sys.executable, "-m", "api.cli", "ingest", str(versions["v2"] / NAME), "--no-index", "-q"]
    began = time.monotonic()
    db = tmp_path / "whole"
    shutil.copytree(versions["db-v1"], db)
    assert _kill_after([*command, "--db", str(db)], 60.0) == 0, "a full ingest of v2 should finish"
    full_run = time.monotonic() - began
    assert check_consistent(db, expected) == "v2"
    rng = random.Random(8)
    seen = []
    for i in range(3):  # delays spread over the run: start-up, parsing, writing the store, closing
        delay = full_run * (i + rng.random()) / 3
        db = tmp_path / f"killed-{i}"
        shutil.copytree(versions["db-v1"], db)
        finished = _kill_after([*command, "--db", str(db)], delay)
        seen.append((round(delay, 2), finished, check_consistent(db, expected)))
    print(f"\nfull ingest {full_run:.1f} s; (kill delay s, exit code if it finished first, version): {seen}")
    assert any(version == "v1" for _, _, version in seen)  # some kills landed before the write


@pytest.mark.timeout(120)
def test_faults_sigkill_inside_transactions_leaves_old_or_new(versions, tmp_path):
    expected = {"v1": graph_counts(versions["db-v1"]), "v2": graph_counts(versions["db-v2"])}
    db = tmp_path / "db"
    shutil.copytree(versions["db-v1"], db)
    command = [sys.executable, "-c", WRITER, str(db), str(versions["v1.nq"]), str(versions["v2.nq"]), NAME]
    rng = random.Random(15)
    seen = []
    for _ in range(5):
        assert _kill_after(command, rng.uniform(0.3, 1.5), ready_line=True) is None
        seen.append(check_consistent(db, expected))  # the same store, killed again and again
    print(f"\nversions after each kill: {seen}")
    assert len(seen) == 5
