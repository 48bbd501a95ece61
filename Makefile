# Min plan — the front door. `make` lists the targets; `make run` and `make test` do the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
IDP_PORT ?= 5001
STAFF_IDP_PORT ?= 5002
KRR_PORT ?= 5003
SMTP_PORT ?= 5025
SMS_PORT ?= 5004
MASKINPORTEN_PORT ?= 5405
# Where the e-mail and SMS stand-ins keep what they receive; /utvikling/post shows it.
DEV_MAILBOX := $(CURDIR)/instance/dev_mailbox.sqlite3
# The share of app/ and devidp/ lines the suite runs; `make test` fails below it.
COVERAGE_MIN ?= 92
VENDOR := app/static/vendor
ICONS := node_modules/@navikt/aksel-icons/dist/svg
# What the app serves: app/static/ under content-hashed names, precompressed (app/build_assets.py).
STATIC_DIST := app/static-dist

.PHONY: help install run test test-fast bench bench-profile bench-notices format lint-translations translations vendor assets db demo-data backup restore clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENDOR)/.built: node_modules/.installed app/pictograms.py Makefile
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/htmx $(VENDOR)/designsystemet $(VENDOR)/fonts $(VENDOR)/pictograms $(VENDOR)/axe
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet/designsystemet.css
	cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css $(VENDOR)/designsystemet/theme.css
	for w in 400 500 600; do for s in latin latin-ext; do \
	  cp node_modules/@fontsource/inter/files/inter-$$s-$$w-normal.woff2 $(VENDOR)/fonts/; done; done
	$(BIN)/python -m app.vendor_fonts $(VENDOR)/fonts
	$(BIN)/python -c 'from app.pictograms import PICTOGRAMS as P; import shutil; \
	  [shutil.copy("$(ICONS)/%s.svg" % v, "$(VENDOR)/pictograms/%s.svg" % k) for k, v in P.items()]'
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	touch $@

vendor: $(VENV)/.installed $(VENDOR)/.built ## Copy htmx, Designsystemet, fonts and pictograms from npm

$(STATIC_DIST)/manifest.json: $(VENV)/.installed $(VENDOR)/.built app/build_assets.py app/assets.py $(shell find app/static -type f -not -path '*/.*')
	$(BIN)/python -m app.build_assets app/static $(STATIC_DIST)

assets: vendor $(STATIC_DIST)/manifest.json ## Build the static files the app serves: hashed names, gzip and Brotli

translations: $(VENV)/.installed ## Compile the translations (.po → .mo)
	@# pybabel skips a catalog whose header is marked fuzzy, silently with -q: fail instead.
	@out=$$($(BIN)/pybabel compile -d translations 2>&1); echo "$$out" | grep -v '^compiling'; \
	  ! echo "$$out" | grep -q skipping

extract-messages: $(VENV)/.installed ## Extract messages into translations/messages.pot and update the .po files
	$(BIN)/pybabel -q extract -w 100 -F babel.cfg -k _l -k lazy_gettext -k by_category:1,2 --sort-by-file --omit-header -o translations/messages.pot .
	$(BIN)/pybabel -q update -w 100 -N --ignore-obsolete -i translations/messages.pot -d translations

install: $(VENV)/.installed vendor assets translations ## Set up everything: Python and npm packages, vendor files, static build, translations

db: install ## Create or upgrade the database (SQLite in instance/ unless DATABASE_URL is set)
	$(BIN)/alembic upgrade head

demo-data: db ## Load the synthetic demo data (safe to run again)
	$(RUN_ENV) $(BIN)/flask --app app demo-data load

# PostgreSQL only: DATABASE_URL names the database (its owner's role), FILE the dump (docs/operations.md).
backup: ## Back up the PostgreSQL database at DATABASE_URL with pg_dump (custom format) to FILE, or backups/
	scripts/backup.sh $(FILE)

restore: ## Restore FILE (make restore FILE=…) into the new, empty PostgreSQL database at DATABASE_URL
	@test -n "$(FILE)" || { echo "make restore FILE=backups/….dump (DATABASE_URL: a new, empty database)"; exit 2; }
	scripts/restore.sh $(FILE)

# What the app and its notice worker are told of the stand-ins beside them.
RUN_ENV = IDPORTEN_DISCOVERY_URL=http://$(HOST):$(IDP_PORT)/.well-known/openid-configuration \
	STAFF_OIDC_DISCOVERY_URL=http://$(HOST):$(STAFF_IDP_PORT)/.well-known/openid-configuration \
	KRR_URL=http://$(HOST):$(KRR_PORT) \
	SMTP_HOST=$(HOST) SMTP_PORT=$(SMTP_PORT) SMS_GATEWAY_URL=http://$(HOST):$(SMS_PORT) DEV_MAILBOX_PATH=$(DEV_MAILBOX) \
	PUBLIC_URL=http://$(HOST):$(PORT) \
	FHIR_MASKINPORTEN_ISSUER=http://$(HOST):$(MASKINPORTEN_PORT)/ FHIR_AUDIENCE=http://$(HOST):$(PORT)/fhir

# The stand-ins (devidp/: ID-porten and the staff login; devstandins/: the contact register, Maskinporten, an
# SMTP server and an SMS gateway) run beside the app, and the app talks to them over the network;
# the notice worker sends through them. Ctrl-C stops the app; the trap then stops the rest
# (background jobs ignore it).
run: demo-data ## Start Min plan on http://$(HOST):$(PORT) with demo data, its notice worker, and the stand-ins: ID-porten ($(IDP_PORT)), staff login ($(STAFF_IDP_PORT)), contact register ($(KRR_PORT)), Maskinporten ($(MASKINPORTEN_PORT)), SMTP ($(SMTP_PORT)), SMS ($(SMS_PORT))
	@$(BIN)/python -m devidp --host $(HOST) --port $(IDP_PORT) --client-url http://$(HOST):$(PORT) & idp=$$!; \
	$(BIN)/python -m devidp --realm staff --host $(HOST) --port $(STAFF_IDP_PORT) --client-url http://$(HOST):$(PORT) & staff_idp=$$!; \
	$(BIN)/python -m devstandins.krr --host $(HOST) --port $(KRR_PORT) & krr=$$!; \
	$(BIN)/python -m devstandins.maskinporten --host $(HOST) --port $(MASKINPORTEN_PORT) & maskinporten=$$!; \
	$(BIN)/python -m devstandins.smtp --host $(HOST) --port $(SMTP_PORT) --store $(DEV_MAILBOX) & smtp=$$!; \
	$(BIN)/python -m devstandins.sms --host $(HOST) --port $(SMS_PORT) --store $(DEV_MAILBOX) & sms=$$!; \
	$(RUN_ENV) $(BIN)/python -m app.notifications.worker --workers 2 & worker=$$!; \
	trap 'kill $$idp $$staff_idp $$krr $$maskinporten $$smtp $$sms $$worker 2>/dev/null; wait $$idp $$staff_idp $$krr $$maskinporten $$smtp $$sms $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/flask --app app run --host $(HOST) --port $(PORT)

# Three workers on two cores share the tests by file (a file's tests run in order in one worker,
# each worker on a database of its own): a browser test waits for Chromium and a server test for
# the database much of its time, so a third worker fills those waits. The long files go first, and
# the second database runs only what reaches one, the language matrix once (tests/scheduling.py).
PYTEST_PARALLEL := -n 3 --dist loadfile

test: install ## Run every test (SQLite; PostgreSQL too when TEST_DATABASE_URL is set), the linter and the formatter check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m tests.checks.migrations
	$(BIN)/pytest $(PYTEST_PARALLEL) --cov --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_MIN)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== the same suite on PostgreSQL ($$TEST_DATABASE_URL) =="; \
	  DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/python -m tests.checks.migrations && \
	  TEST_ON_DATABASE="$$TEST_DATABASE_URL" $(BIN)/pytest $(PYTEST_PARALLEL); \
	fi

test-fast: install ## Run the tests without the browser
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser"

bench: install ## Measure the pages and the FHIR API under load, side by side: gunicorn, PostgreSQL, Redis, locust (figures to benchmarks/results.json)
	$(BIN)/python -m benchmarks.pages

bench-profile: install ## Where the plan page's time goes: the big and the small plan 200 times in-process under cProfile
	$(BIN)/python -m benchmarks.pages --profile 200

bench-notices: install ## Measure notices through the queue: 10 000 with two workers on PostgreSQL and Redis (figures to benchmarks/notices.json)
	$(BIN)/python -m benchmarks.notices

.PHONY: bench-access-log bench-row-sizes
bench-access-log: install ## The access log with a million other people's audit rows on PostgreSQL: time, statements, the index it reads (figures to benchmarks/access_log.json)
	$(BIN)/python -m benchmarks.access_log

bench-row-sizes: install ## Bytes per row (with indexes) of the audit log, plan changes, sessions and notices on PostgreSQL (figures to benchmarks/row_sizes.json, for docs/capacity.md)
	$(BIN)/python -m benchmarks.row_sizes

format: install ## Sort imports, fix what the linter can and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtual environment, npm packages, vendor files and the local database
	rm -rf $(VENV) node_modules $(VENDOR) $(STATIC_DIST) instance
