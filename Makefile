# Newsroom: `make demo` serves the demo site, `make test` runs the whole suite.
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links (canonical, share tags, feeds, desk emails) name the address the demo is served
# on; set SITE_URL to override (a proxy, a name other than HOST).
SITE_URL ?= http://$(HOST):$(PORT)
# The demo newsroom publishes in English and Ukrainian (/uk/…); NEWSROOM_LANGUAGES=en for one.
NEWSROOM_LANGUAGES ?= en,uk

.PHONY: help install demo serve test bench soak ops-check lint format messages clean

help:
	@echo "make demo   install into .venv, migrate, load demo content (English and Ukrainian), serve on http://$(HOST):$(PORT) with the scheduler"
	@echo "make test   install, start a throwaway PostgreSQL, run the suite on SQLite and PostgreSQL"
	@echo "make soak   load and faults: gunicorn + PostgreSQL + Redis under wrk, then PostgreSQL stopped"
	@echo "make ops-check  two servers and the scheduler while Redis, then PostgreSQL, are stopped"
	@echo "make bench  load 100,000 stories into a throwaway PostgreSQL, drive gunicorn with wrk, print one table"
	@echo "make messages  the Ukrainian catalogue of the readers' interface brought up to date with the code, compiled"

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@rm -rf build newsroom.egg-info
	@touch $@

install: $(VENV)/.installed

demo: export SITE_URL := $(SITE_URL)
demo: export NEWSROOM_LANGUAGES := $(NEWSROOM_LANGUAGES)
demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty --demo-users
	$(PY) manage.py renditions warm
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Serving the demo newsroom on http://$(HOST):$(PORT)  (desk: /admin/, user 'editor', password 'newsroom-demo')"
	@echo "Scheduled stories are published every 15 s while it runs; Ctrl+C stops the server and the scheduler."
	@# Demo logins need no authenticator app, and desk emails are printed here as they are sent.
	DESK_REQUIRE_2FA=0 TASKS_BACKEND=immediate DJANGO_EMAIL_BACKEND=console scripts/serve-demo $(PY) $(HOST):$(PORT)

test: install
	scripts/system-deps
	scripts/test

# Outside `make test`: each takes a few minutes and starts its own throwaway services.
soak: install
	scripts/system-deps
	scripts/soak

ops-check: install
	scripts/system-deps
	scripts/ops-check
# BENCH_ARGS="--articles 2000 --seconds 5" for a quick run; the archive is kept under var/
# (a PostgreSQL dump) and reused while it has as many stories.
BENCH_ARGS ?= --articles 100000
bench: install
	scripts/bench-deps
	scripts/with-postgres $(PY) bench/http_load.py --reuse $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The readers' interface in the other languages (LOCALES="uk pl" for a third): each catalogue
# brought up to date with the English in the code and templates (translate what it marks new
# or fuzzy), then compiled. Needs gettext.
LOCALES ?= uk
messages: install
	for locale in $(LOCALES); do \
	  $(PY) manage.py makemessages --locale $$locale --add-location file --ignore tests && \
	  $(PY) manage.py compilemessages --locale $$locale || exit 1; \
	done

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache .ruff_cache
