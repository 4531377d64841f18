# Rapporteur — developer entry points. Start with `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages: fonts for Chinese and Arabic, libmagic, WeasyPrint's Pango,
# poppler (pdftotext/pdffonts/pdftoppm), gettext, Chromium for browser tests,
# Tesseract with the six UN languages for scanned PDFs, ClamAV's daemon (tests scan EICAR).
APT_PACKAGES := fonts-noto-cjk fonts-noto-core fonts-liberation libmagic1 libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 poppler-utils gettext chromium \
	tesseract-ocr tesseract-ocr-ara tesseract-ocr-chi-sim tesseract-ocr-rus tesseract-ocr-fra tesseract-ocr-spa \
	clamav-daemon libicu-dev pkg-config g++

# The test suite runs against real PostgreSQL and Redis.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rapporteur
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15

.PHONY: help install system-packages venv messages demo demo-data serve test lint bench eval eval-translated eval-draft clean

help:
	@echo "make demo   - install, load the demo call, build its draft, run the server"
	@echo "make test   - run the test suite (PostgreSQL + Redis on 127.0.0.1)"
	@echo "make lint   - ruff, mypy, import-linter"
	@echo "make bench  - benchmarks"

install: system-packages venv messages

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "System packages: all present."; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing system packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "Missing system packages; run: sudo apt-get install $$missing"; fi

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $@

messages: venv
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then RAPPORTEUR_ALLOW_DEVELOPMENT_KEY=1 $(MANAGE) compilemessages -v0 --ignore=.venv; fi

demo: install demo-data serve

demo-data:
	mkdir -p var/demo
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	@echo "Loading the demo call (progress below; Celery's per-task lines are silenced)."
	@$(MANAGE) demo_load demo/
	@$(MANAGE) prefill_contributor_names --call intl-cooperation-hr-2021
	@$(MANAGE) create_demo_accounts
	@if $(MANAGE) help build_report >/dev/null 2>&1; then \
		for lang in zh en; do echo "Building the draft report ($$lang) …"; \
		LOG_LEVEL=WARNING $(MANAGE) build_report intl-cooperation-hr-2021 --lang $$lang --output var/demo/report-$$lang.pdf; done; \
	else echo "(report building is not available yet)"; fi

serve:
	@echo; echo "Rapporteur is running at http://$(HOST):$(PORT)/  — staff sign in at http://$(HOST):$(PORT)/staff/ (admin: /admin/)"
	@echo "Accounts: see above (create_demo_accounts): manager (call set-up, team, messages), triager, editor. Stop with Ctrl-C."
	@if [ -n "$$CELERY_BROKER_URL" ]; then $(VENV)/bin/celery -A config worker -B -l warning & fi; \
	$(MANAGE) runserver $(HOST):$(PORT) --insecure

test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
		$(PY) -m pytest

# ruff (style and bugs), mypy with django-stubs (types), import-linter (the one-way layers).
lint: venv
	$(VENV)/bin/ruff check .
	DATABASE_URL=sqlite:///$(CURDIR)/var/lint.sqlite3 RAPPORTEUR_ALLOW_DEVELOPMENT_KEY=1 $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# BENCH_SCALE=0.25 make bench: a quick look (smaller sets; the targets need the full size, docs/benchmarks.md).
bench: install
	@if ls bench/*.py >/dev/null 2>&1; then for f in bench/bench_*.py; do start=$$(date +%s); \
	$(PY) $$f || exit 1; echo "($$f took $$(( $$(date +%s) - start )) s, load average $$(cut -d' ' -f1 /proc/loadavg))"; done; \
	else echo "No benchmarks yet."; fi

# Scores theme suggestions, language detection and duplicates against the gold.yaml of
# the demo and of every evaluation call (eval/calls/), leave-one-call-out for themes
# (decision 0017), on a throwaway embedded database so it never touches yours.
EVAL_CALLS := $(sort $(dir $(wildcard eval/calls/*/gold.yaml)))
EVAL_ENV := DATABASE_URL=sqlite:///$(CURDIR)/var/eval/eval.sqlite3 MEDIA_ROOT=$(CURDIR)/var/eval/media CELERY_BROKER_URL=
eval: install
	rm -rf var/eval && mkdir -p var/eval
	$(EVAL_ENV) $(MANAGE) migrate --noinput -v0
	$(EVAL_ENV) $(MANAGE) evaluate demo/ $(EVAL_CALLS)

# The same, then the ablation "themes with the call's own translations" (each package's
# themes_translated.yaml, written for it; decision 0017, 3 December 2026).
eval-translated: install
	rm -rf var/eval && mkdir -p var/eval
	$(EVAL_ENV) $(MANAGE) migrate --noinput -v0
	$(EVAL_ENV) $(MANAGE) evaluate demo/ $(EVAL_CALLS) --translated-themes

# The editor's measures of the English drafts (issue 10): demo call and the two evaluation calls.
eval-draft: install
	rm -rf var/eval-draft && mkdir -p var/eval-draft
	$(EVAL_DRAFT_ENV) $(MANAGE) migrate --noinput -v0
	$(EVAL_DRAFT_ENV) $(MANAGE) eval_draft demo/ eval/calls/privacy-digital-age-2025 eval/calls/older-persons-climate-2025
EVAL_DRAFT_ENV := DATABASE_URL=sqlite:///$(CURDIR)/var/eval-draft/db.sqlite3 MEDIA_ROOT=$(CURDIR)/var/eval-draft/media \
	CELERY_BROKER_URL= RAPPORTEUR_ALLOW_DEVELOPMENT_KEY=1

clean:
	rm -rf var/ .pytest_cache .ruff_cache
