# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) example_site/manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-postgres browser lint check-migrations bench clean

# Reinstall only when the package metadata changes.
$(STAMP): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsplugin needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[example,test]'
	touch $(STAMP)

var:
	mkdir -p var

run: $(STAMP) | var
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) load_demo_content
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests; without it they are skipped (a failure under CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || \
	     echo "Could not install chromium: browser tests will be skipped."; \
	  else echo "chromium is missing and apt-get is not usable: browser tests will be skipped."; fi; }

test: $(STAMP) browser | var
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP) browser | var
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest $(PYTEST_ARGS)

# Article pages with 0-1,000 comments: this plugin, stock xtd and a bare Wagtail page.
bench: $(STAMP)
	$(PY) bench/bench_comments.py

lint: $(STAMP)
	$(PY) -m ruff check .

check-migrations: $(STAMP)
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var build dist *.egg-info tests/artifacts
