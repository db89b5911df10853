"""The example site's production settings, for ``bench/bench_requests.py``.

The bench measures what a reader gets from the deployed stack: these are
``example_site.settings_production`` (its middleware, whitenoise, Redis cache,
PostgreSQL), fed the environment an operator would give them. When PostgreSQL or
Redis cannot be reached the bench says so and sets ``BENCH_FALLBACK``; then
SQLite and a per-process memory cache stand in, and every table is labelled so.
"""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NEWSPLUGIN_VAR_DIR", str(REPO / "var" / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsplugin_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "b" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Plain HTTP on loopback, as `make run-prod`; everything else as in production.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not every page and task the demo content makes

from example_site.settings_production import *  # noqa: E402, F403
from example_site.settings_production import VAR_DIR  # noqa: E402

_fallback = set(os.environ.get("BENCH_FALLBACK", "").split(","))
if "database" in _fallback:
    DATABASES = {  # noqa: F811
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "bench.sqlite3"),
        }
    }
if "cache" in _fallback:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F811

# Every request for /no-such-page/ would log "Not Found".
LOGGING = {**LOGGING, "loggers": {"django.request": {"level": "ERROR"}}}  # noqa: F405
