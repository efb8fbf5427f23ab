# framing — run `make help` for the list of targets.
# On a fresh machine with Python 3.11 and make, `make report` and `make test` do all the set-up.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
KERNEL := $(VENV)/share/jupyter/kernels/framing/kernel.json

.DEFAULT_GOAL := help
.PHONY: help setup report batch test test-fast lint lab clean-notebooks bench clean browser

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@echo ">> creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

# Re-install only when the project metadata changed (stamp files inside the venv).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo ">> installing framing and its dependencies into $(VENV) (quiet; takes a few minutes the first time)"
	$(PIP) install -qq --upgrade pip
	$(PIP) install -qq -e .
	@touch $@

# The kit and its test extras in one pip run (a fresh `make test` or `make lint` resolves and builds
# once, not twice); it stamps .installed too, so `setup` after it has nothing to do.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo ">> installing framing, its dependencies and the test extras into $(VENV) (quiet; takes a few minutes the first time)"
	$(PIP) install -qq --upgrade pip
	$(PIP) install -qq -e '.[test]'
	@touch $(VENV)/.installed $@

$(KERNEL): $(VENV)/.installed
	$(BIN)/python -m ipykernel install --sys-prefix --name framing --display-name "Python (framing)" >/dev/null
	@echo ">> Jupyter kernel 'Python (framing)' installed in $(VENV)"

setup: $(VENV)/.installed $(KERNEL) ## Create .venv and install the kit (skipped when up to date)

report: setup ## Run the default report on the bundled corpus; prints the run folder and its HTML
	$(BIN)/framing report

batch: setup ## Run the example batch (batches/press_releases.yaml, 4 runs, 2 at a time); again: all up to date
	$(BIN)/framing batch batches/press_releases.yaml --jobs 2

test: $(VENV)/.installed-test setup browser ## Install the test extras and Chromium, run the whole test suite (what CI runs)
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed-test setup ## The development loop (~2 min): every test not marked slow or e2e: no kernel, pool, Dask or browser
	$(BIN)/python -m pytest -m "not slow and not e2e" -q

lint: $(VENV)/.installed-test setup ## ruff and mypy (configured in pyproject.toml); must be clean
	$(BIN)/ruff check src tests
	$(BIN)/mypy src

# Browser tests drive Debian's Chromium with Playwright (its own browser download can't work here).
# Where Chromium is missing and we can't install it, the e2e tests skip and say why.
browser: ## Install Debian's chromium for the browser tests (apt-get, as root) when /usr/bin/chromium is missing
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo ">> installing Debian's chromium for the browser tests (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "!! WARNING: apt-get could not install chromium: the browser (e2e) tests will be SKIPPED"; \
	else \
	  echo "!! WARNING: /usr/bin/chromium is missing and we are not root with apt-get:"; \
	  echo "!!          run 'sudo apt-get install chromium', or the browser (e2e) tests will be SKIPPED"; \
	fi

lab: setup ## Start JupyterLab on notebooks/ (127.0.0.1, with a token) using the "Python (framing)" kernel
	$(BIN)/python -m framing.lab

clean-notebooks: setup ## Strip outputs and execution counts from the committed notebooks
	$(BIN)/python -m framing.notebook_tools strip notebooks/*.ipynb

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	@echo ">> installing the benchmark peers (spaCy, pyahocorasick)"
	$(PIP) install -qq -e '.[bench]'
	@touch $@

bench: setup $(VENV)/.installed-bench ## Run the benchmarks (prints ratios against peers measured in the same run)
	@for b in benchmarks/*.py; do echo ">> $$b"; $(BIN)/python $$b || exit 1; done

clean: ## Remove the virtual environment (reports are kept)
	rm -rf $(VENV)
