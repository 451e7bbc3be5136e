# dkbm: two commands on a fresh machine: `make demo` and `make test`.
#
# `make install` sets up what the product needs to run (a server gets no browser, no Node.js,
# no test tools, and make never asks for root); `make test` adds the test tools on top.
# Missing system packages (deploy/system-packages.sh) are named with the command that
# installs them, or installed when make runs as root (CI).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.dev-tools
BROWSER_STAMP := $(VENV)/.browser-tools
AXE := axe-core@4.14.1

.PHONY: install dev-tools browser-tools demo test lint bench clean locale

install: $(STAMP)

# The lock pins every package; the product's own dependencies (pyproject) pick which.
$(STAMP): requirements.lock pyproject.toml deploy/system-packages.sh
	PYTHON=$(PYTHON) sh deploy/system-packages.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $(STAMP)

# pytest, ruff, Playwright's Python side, the SMTP server of the tests and benchmarks
dev-tools: $(DEV_STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $(DEV_STAMP)

# The portal's browser tests: Debian's Chromium (never 'playwright install') and axe-core
browser-tools: $(BROWSER_STAMP)

$(BROWSER_STAMP): $(DEV_STAMP) deploy/system-packages.sh
	sh deploy/system-packages.sh test
	test -f $(VENV)/node/node_modules/axe-core/axe.min.js || npm install --silent --no-save --prefix $(VENV)/node $(AXE)
	touch $(BROWSER_STAMP)

demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	DKBM_DATABASE_URL=sqlite:///demo.db $(BIN)/dkbm demo

lint: dev-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: browser-tools lint
	$(BIN)/pytest -n 4 --dist worksteal -q

bench: dev-tools
	$(BIN)/python -m dkbm.bench

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache .ruff_cache

# German for Click's and Typer's own words (help, usage errors): compile the catalog.
locale: dev-tools
	$(BIN)/pybabel compile -d cli/locale -D messages
