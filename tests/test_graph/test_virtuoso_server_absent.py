"""Without the virtuoso-t binary the Virtuoso tests skip on a workstation but fail under CI=true,
so a broken install in CI is seen (tests/virtuoso_server.py). Runs pytest in a child process with
a PATH that holds no virtuoso-t."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ONE_VIRTUOSO_TEST = "tests/test_graph/test_store_contract.py::test_store_drop_graph[virtuoso]"


@pytest.mark.virtuoso
@pytest.mark.parametrize("ci, outcome, reason", [
    ("", "1 skipped", "virtuoso-t not found"),
    ("true", "1 error", "CI=true and virtuoso-t not found"),
])
def test_virtuoso_missing_binary_skips_locally_fails_in_ci(tmp_path, ci, outcome, reason):
    env = {**os.environ, "PATH": str(tmp_path), "CI": ci}
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rsE", ONE_VIRTUOSO_TEST],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert outcome in run.stdout, run.stdout[-2000:]
    assert reason in run.stdout
    assert "virtuoso-opensource-7-bin" in run.stdout
