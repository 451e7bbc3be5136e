# dkbm: two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean locale

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@# WeasyPrint (the Protokoll as PDF) needs Pango from the system
	ldconfig -p | grep -q libpango-1.0 || (apt-get update -q && apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@# the portal's browser tests: Debian's Chromium (never 'playwright install') and axe-core
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)
	test -f $(VENV)/node/node_modules/axe-core/axe.min.js || npm install --silent --no-save --prefix $(VENV)/node axe-core@4.14.1
	touch $(STAMP)

demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	DKBM_DATABASE_URL=sqlite:///demo.db $(BIN)/dkbm demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/pytest -n 3 -q

bench: install
	$(BIN)/python -m dkbm.bench

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache .ruff_cache

# German for Click's and Typer's own words (help, usage errors): compile the catalog.
locale: install
	$(BIN)/pybabel compile -d cli/locale -D messages
