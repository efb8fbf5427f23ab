# framing — run `make help` for the list of targets.
# On a fresh machine with Python 3.11 and make, `make report` and `make test` do all the set-up.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
KERNEL := $(VENV)/share/jupyter/kernels/framing/kernel.json

.DEFAULT_GOAL := help
.PHONY: help setup report batch test lab clean-notebooks bench clean

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

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	@echo ">> installing the test extras"
	$(PIP) install -qq -e '.[test]'
	@touch $@

$(KERNEL): $(VENV)/.installed
	$(BIN)/python -m ipykernel install --sys-prefix --name framing --display-name "Python (framing)" >/dev/null
	@echo ">> Jupyter kernel 'Python (framing)' installed in $(VENV)"

setup: $(VENV)/.installed $(KERNEL) ## Create .venv and install the kit (skipped when up to date)

report: setup ## Run the default report on the bundled corpus; prints the run folder and its HTML
	$(BIN)/framing report

batch: setup ## Run the example batch (batches/press_releases.yaml, 4 runs, 2 at a time); again: all up to date
	$(BIN)/framing batch batches/press_releases.yaml --jobs 2

test: setup $(VENV)/.installed-test ## Install the test extras and run the whole test suite
	$(BIN)/python -m pytest

lab: setup ## Start JupyterLab on notebooks/ (127.0.0.1, with a token) using the "Python (framing)" kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 --no-browser

clean-notebooks: setup ## Strip outputs and execution counts from the committed notebooks
	$(BIN)/python -m framing.notebook_tools strip notebooks/*.ipynb

bench: setup ## Run the benchmarks (prints ratios against peers measured in the same run)
	@for b in benchmarks/*.py; do echo ">> $$b"; $(BIN)/python $$b || exit 1; done

clean: ## Remove the virtual environment (reports are kept)
	rm -rf $(VENV)
