# policykg — set-up is two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
DB     ?= .policykg
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run ingest serve test test-fast lint bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# torch first, pinned: a CPU wheel of 2.13.0 is on these machines; any other version pulls CUDA.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test]'
	touch $(STAMP)

ingest: install
	$(VENV)/bin/policykg ingest corpus/ --db $(DB)

run: ingest
	$(VENV)/bin/policykg serve --db $(DB) --host $(HOST) --port $(PORT)

serve: install
	$(VENV)/bin/policykg serve --db $(DB) --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest

test-fast: install
	$(PY) -m pytest -m "not slow and not virtuoso and not browser"

lint: install
	$(VENV)/bin/ruff check ingest graph api ontology tests bench
	$(VENV)/bin/mypy ingest graph api --ignore-missing-imports

bench: install
	$(PY) bench/run_all.py

eval: install
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(PY) ../shared/eval/run_eval.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .ruff_cache .mypy_cache *.egg-info
