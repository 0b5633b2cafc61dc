"""Load on a real uvicorn server: 50 concurrent clients for ~20 s with 0 errors; a slow SPARQL
query running meanwhile does not hold up searches (it runs on a worker thread, off the event loop).

The server and the load generator are bench/bench_load.py (the benchmark runs the same for 60 s).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import benchtools as bench_tools
import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENTS, SECONDS = 50, 20.0
P95_BOUND_S = 10.0  # generous: two shared cores serve 50 clients; a hung server goes far past it
QUERY_TIMEOUT_S = 2.0


bench_load = bench_tools.bench_load()


# the server's embedder: the tests' fake (tests/fake_embedder.py), so the index builds in seconds
FAKE_EMBEDDER = f"sys.path.insert(0, {str(ROOT / 'tests')!r})\nimport fake_embedder\nfake_embedder.register()"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """A server over the corpus with its search index (/search answers), query time limit 2 s."""
    sys.path.insert(0, str(ROOT / "tests"))
    import fake_embedder

    fake_embedder.register()
    db = bench_load.corpus_store(tmp_path_factory.mktemp("load") / "db", embedder="hashing")
    env = {"POLICYKG_QUERY_TIMEOUT_S": str(QUERY_TIMEOUT_S), "POLICYKG_EMBEDDER": "hashing"}
    with bench_load.serve(db, env=env, prelude=FAKE_EMBEDDER) as base:
        yield base


def _search_call(base: str):
    return next(c for c in bench_load.workload(base) if c.label == "search")


@pytest.mark.timeout(180)
def test_load_concurrent_clients_have_no_errors(server):
    calls = bench_load.workload(server)
    assert {c.label for c in calls} == {"search", "sparql", "ask", "agencies"}
    report = asyncio.run(bench_load.run_load(server, calls, clients=CLIENTS, seconds=SECONDS))
    print("\n" + "\n".join(report.lines() + report.errors[:20]))
    assert report.errors == []
    assert report.retries <= report.requests // 200  # a dropped kept-alive connection now and then, no more
    assert {c.label for c in calls} <= set(report.latencies)  # every endpoint was exercised
    assert report.requests >= CLIENTS * 2
    assert report.percentile(0.95) < P95_BOUND_S


async def _latencies_while(base: str, call, slow_queries: int) -> tuple[list[float], list[int]]:
    """Latencies of ``call`` sent one after another while ``slow_queries`` cartesian products run."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        async def slow() -> int:
            response = await http.get("/sparql", params={"query": bench_load.SLOW_SPARQL})
            return response.status_code

        tasks = [asyncio.create_task(slow()) for _ in range(slow_queries)]
        await asyncio.sleep(0.3)  # the slow queries are running on their workers
        latencies = []
        deadline = time.monotonic() + QUERY_TIMEOUT_S - 0.5
        while time.monotonic() < deadline or not latencies:
            began = time.perf_counter()
            response = await http.request(call.method, call.path, params=call.params, json=call.json)
            assert response.status_code == 200, response.text
            latencies.append(time.perf_counter() - began)
        statuses = list(await asyncio.gather(*tasks))
    return latencies, statuses


@pytest.mark.timeout(120)
def test_load_slow_sparql_does_not_block_search(server):
    call = _search_call(server)
    alone, _ = asyncio.run(_latencies_while(server, call, slow_queries=0))
    during, statuses = asyncio.run(_latencies_while(server, call, slow_queries=2))
    print(f"\n{call.label} p50 alone {statistics.median(alone) * 1000:.0f} ms, "
          f"while 2 slow queries run {statistics.median(during) * 1000:.0f} ms (max {max(during) * 1000:.0f} ms)")
    assert statuses == [503, 503]  # both slow queries ran into the time limit
    assert len(during) >= 3
    # a blocked event loop would hold every search for the whole time limit (2 s)
    assert max(during) < 1.5
    assert statistics.median(during) < max(0.5, 5 * statistics.median(alone))
