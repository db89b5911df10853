# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) example_site/manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# make run-prod: the production settings, locally, over plain HTTP.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsplugin_example
PROD_REDIS_URL ?= redis://127.0.0.1:6379/1
WORKERS ?= 3
# make run-edge: Varnish on EDGE_PORT in front of run-prod's gunicorn.
EDGE_PORT ?= 6081
VARNISH_URL ?=
PROD_ENV = DJANGO_SETTINGS_MODULE=example_site.settings_production \
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) VARNISH_URL=$(VARNISH_URL) \
	SECRET_KEY="$$(cat var/prod-secret-key)" ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SERVE_MEDIA=1 WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT)

.PHONY: run run-prod run-edge prod-check test test-postgres browser nginx varnish lint check-migrations bench bench-compare bench-scale bench-import loadtest clean

# Reinstall only when the package metadata changes.
$(STAMP): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsplugin needs Python 3.11 or newer")'
	@echo "Installing newsplugin and its dependencies into $(VENV) (once; again when setup.cfg changes)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -qq --upgrade pip
	@$(PY) -m pip install -qq -e '.[example,test]'
	@touch $(STAMP)

var:
	@mkdir -p var

run: $(STAMP) | var
	@DEBUG=1 $(MANAGE) migrate --noinput --verbosity 0
	@DEBUG=1 $(MANAGE) load_demo_content --site-url http://127.0.0.1:$(PORT)/
	@DEBUG=1 WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

var/prod-secret-key: | var
	$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# gunicorn workers on PostgreSQL and Redis, static files through whitenoise, and
# the task worker that sends notifications (stopped with gunicorn).
# SECURE_SSL_REDIRECT and SECURE_COOKIES are off only because this serves plain
# HTTP on 127.0.0.1; behind a TLS load balancer leave them on. SERVE_MEDIA=1: the
# photos from gunicorn, as no web server or storage is in front here.
run-prod: $(STAMP) var/prod-secret-key | var
	$(PROD_ENV) $(MANAGE) ensure_database
	$(PROD_ENV) $(MANAGE) migrate --noinput
	@if $(PROD_ENV) $(MANAGE) help load_demo_content >/dev/null 2>&1; then \
	  $(PROD_ENV) $(MANAGE) load_demo_content --site-url http://127.0.0.1:$(PORT)/; fi
	$(PROD_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(PROD_ENV) $(MANAGE) check --deploy
	$(PROD_ENV) $(MANAGE) newsplugin_worker --backend notifications --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PROD_ENV) $(VENV)/bin/gunicorn --chdir example_site --bind 127.0.0.1:$(PORT) \
	  --workers $(WORKERS) --access-logfile - example_site.wsgi

# run-prod behind Varnish (Debian's varnish package) on 127.0.0.1:$(EDGE_PORT), which
# the site purges through wagtail.contrib.frontend_cache; both stop together.
run-edge: $(STAMP) | var
	@command -v varnishd >/dev/null 2>&1 || { echo "varnishd is missing: apt-get install varnish"; exit 1; }
	sed 's/@BACKEND_PORT@/$(PORT)/' example_site/varnish/default.vcl > var/varnish.vcl
	varnishd -F -n $(CURDIR)/var/varnish -a 127.0.0.1:$(EDGE_PORT) -T 127.0.0.1:0 \
	  -f $(CURDIR)/var/varnish.vcl -s malloc,128m & varnish=$$!; \
	trap 'kill $$varnish 2>/dev/null; wait $$varnish' EXIT INT TERM; \
	$(MAKE) run-prod VARNISH_URL=http://127.0.0.1:$(EDGE_PORT)

# nginx -> Varnish -> two gunicorns -> PostgreSQL, Redis, the task worker and a mail
# server, all on loopback and all its own, under load, with each fault injected in
# turn; prints a table per fault and fails unless nothing accepted was lost.
# PROD_CHECK_SHORT=1 (as in CI) makes each fault 6 s instead of 20.
prod-check: $(STAMP) | var
	@for p in nginx:nginx-light varnishd:varnish redis-server:redis-server; do \
	  command -v $${p%%:*} >/dev/null 2>&1 || test -x /usr/sbin/$${p%%:*} || { \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      apt-get install -y -qq $${p##*:} >/dev/null 2>&1 || \
	      (apt-get update -qq && apt-get install -y -qq $${p##*:} >/dev/null); \
	    else echo "$${p%%:*} is missing: apt-get install $${p##*:}"; exit 1; fi; }; done
	$(PY) bench/prod_check.py

# Debian's Chromium for the browser tests; without it they are skipped (a failure under CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || \
	     echo "Could not install chromium: browser tests will be skipped."; \
	  else echo "chromium is missing and apt-get is not usable: browser tests will be skipped."; fi; }

# Debian's nginx for tests/test_behind_nginx.py (the README's proxy set-up, on loopback).
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq nginx-light >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null)) || \
	     echo "Could not install nginx: the tests behind nginx will be skipped."; \
	  else echo "nginx is missing and apt-get is not usable: the tests behind nginx will be skipped."; fi; }

# Debian's varnish for tests/test_edge_languages.py (example_site/varnish/default.vcl).
varnish:
	@command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq varnish >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y -qq varnish >/dev/null)) || \
	     echo "Could not install varnish: the edge cache test will be skipped."; \
	  else echo "varnish is missing and apt-get is not usable: the edge cache test will be skipped."; fi; }

test: $(STAMP) browser nginx varnish | var
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP) browser nginx varnish | var
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest $(PYTEST_ARGS)

# Whole requests through the production settings on PostgreSQL and Redis (own database
# newsplugin_bench, Redis DB 10; BENCH_* variables change them), then article pages with
# 0-1,000 comments in-process: this plugin, stock xtd and a bare Wagtail page.
bench: $(STAMP)
	$(PY) bench/bench_requests.py
	$(PY) bench/bench_comments.py

# The queue, its counts, a bulk approval and an article page with 1,000,000 comments in
# the database against the same with 2,000, with EXPLAIN ANALYZE of the comment queries
# (own database newsplugin_scale, Redis DB 9; SCALE_COMMENTS changes the million).
# This checkout against another revision (BASE=<commit>), request by request in turns.
bench-compare: $(STAMP)
	@test -n "$(BASE)" || { echo "usage: make bench-compare BASE=<git revision>"; exit 2; }
	$(PY) bench/compare.py $(BASE)

bench-scale: $(STAMP)
	$(PY) bench/bench_scale.py

# import_wordpress on a generated export of 20,000 posts and 200,000 comments: peak memory
# and comments per second (BENCH_POSTS, BENCH_COMMENTS_PER_POST change the size; DATABASE_URL
# for PostgreSQL, SQLite in a temporary file otherwise). Takes about half an hour.
bench-import: $(STAMP)
	$(PY) bench/bench_import.py

# gunicorn on PostgreSQL and Redis, 1,200 comments from 16 parallel loopback clients
# (own database newsplugin_load, Redis DB 3; LOAD_* variables change them). Stops by itself.
loadtest: $(STAMP) | var
	$(PY) bench/loadtest.py

# ruff, and the import layers of the app (pyproject.toml's [tool.importlinter]).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache

check-migrations: $(STAMP)
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var build dist *.egg-info tests/artifacts
