"""/ask latency: p50/p95 of POST /ask over the eligibility questions in tests/cases/*.yaml.

    .venv/bin/python bench/bench_ask.py [--db DIR] [--rounds 3] [--quick]

The questions are every ``question`` of the YAML cases (corpus and external). Without ``--db``
the five corpus documents and ../shared/external/texts are ingested into a temporary store (no
search index: /ask reads the graph). Requests go through the app in-process (FastAPI TestClient),
one at a time, so the figure is the route's own cost. ``--quick``: one round.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXTERNAL_TEXTS = ROOT.parent / "shared" / "external" / "texts"


def questions() -> list[str]:
    """Every question of the YAML eligibility cases, in file order."""
    found = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        found += [case["question"] for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []
                  if isinstance(case, dict) and case.get("question")]
    return found


def build_store(folder: Path) -> Path:
    from api.ingesting import ingest_paths
    from graph.store import open_store

    sources = [ROOT / "corpus"] + ([EXTERNAL_TEXTS] if EXTERNAL_TEXTS.is_dir() else [])
    with open_store(f"oxigraph:{folder}") as store:
        ingest_paths(sources, store, search_dir=None, log=lambda _: None)
    return folder


def bench(db: Path | None, rounds: int) -> list[str]:
    """Report lines: questions, p50, p95, errors."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    asked = questions()
    with tempfile.TemporaryDirectory() as tmp:
        db = db or build_store(Path(tmp) / "db")
        with TestClient(create_app(Settings(db=db))) as client:
            client.post("/ask", json={"question": asked[0]})  # warm-up: first-call imports and caches
            took, errors = [], 0
            for _ in range(rounds):
                for question in asked:
                    began = time.perf_counter()
                    response = client.post("/ask", json={"question": question})
                    took.append(time.perf_counter() - began)
                    errors += response.status_code != 200
    took.sort()
    p95 = took[min(len(took) - 1, int(0.95 * len(took)))]
    return [f"/ask: {len(asked)} questions x {rounds} rounds = {len(took)} requests, "
            f"p50 {statistics.median(took) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, {errors} errors"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store folder (default: corpus + external texts, ingested)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one round")
    args = parser.parse_args()
    for line in bench(args.db, 1 if args.quick else args.rounds):
        print(line)


if __name__ == "__main__":
    main()
