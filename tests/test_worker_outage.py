"""The notification worker waits out a database outage instead of exiting.

django-tasks-db's own ``db_worker`` exits on the first connection error, and
notifications queued after a PostgreSQL restart then wait for someone to
start it again. ``manage.py newsplugin_worker`` runs here as in production: a
child process on a real PostgreSQL database of its own, reached through a
loopback proxy that the test cuts (every connection dropped, new ones refused)
and restores.
"""

import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import psycopg
import pytest

from .tcp_proxy import CuttableProxy

ROOT = Path(__file__).resolve().parent.parent
SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

SETTINGS = textwrap.dedent(
    """
    from tests.settings import *  # noqa

    # On PostgreSQL, as the example settings do (Wagtail's search index needs it).
    if "django.contrib.postgres" not in INSTALLED_APPS:
        INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]
    DATABASES = {{"default": {{
        "ENGINE": "django.db.backends.postgresql", "NAME": {name!r}, "USER": "postgres",
        "HOST": "127.0.0.1", "PORT": {port!r}, "OPTIONS": {{"connect_timeout": 2}},
    }}}}
    TASKS = {{
        "default": {{"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "notifications": {{"BACKEND": "django_tasks_db.DatabaseBackend"}},
    }}
    LOGGING = {{"version": 1, "disable_existing_loggers": False,
               "handlers": {{"console": {{"class": "logging.StreamHandler"}}}},
               "root": {{"handlers": ["console"], "level": "INFO"}}}}
    """
)

TASKS = textwrap.dedent(
    """
    from pathlib import Path

    try:
        from django.tasks import task
    except ImportError:
        from django_tasks import task

    @task(backend="notifications")
    def leave_mark(path):
        Path(path).write_text("done")
    """
)

ENQUEUE = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from worker_tasks import leave_mark
    leave_mark.enqueue(sys.argv[1])
    """
)


@pytest.fixture
def task_database():
    name = f"newsplugin_worker_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **SERVER) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL must run on 127.0.0.1:5432 for this test: {error}")
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **SERVER) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for(path, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_carries_on_after_the_database_comes_back(tmp_path, task_database):
    proxy = CuttableProxy(("127.0.0.1", 5432))
    (tmp_path / "worker_settings.py").write_text(
        SETTINGS.format(name=task_database, port=str(proxy.port))
    )
    (tmp_path / "worker_tasks.py").write_text(TASKS)
    (tmp_path / "enqueue.py").write_text(ENQUEUE)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), str(ROOT / "example_site")]),
    }
    manage = [sys.executable, str(ROOT / "example_site" / "manage.py")]

    def enqueue(mark):
        subprocess.run([sys.executable, str(tmp_path / "enqueue.py"), str(mark)], env=env,
                       check=True, capture_output=True, timeout=60)

    migrated = subprocess.run([*manage, "migrate", "django_tasks_database", "-v", "0"], env=env,
                              capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 (read after the worker stops)
    worker = subprocess.Popen(
        [*manage, "newsplugin_worker", "--backend", "notifications", "--interval", "0.2",
         "--no-startup-delay"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        enqueue(tmp_path / "before")
        assert wait_for(tmp_path / "before", 30), "the worker ran nothing before the outage"

        proxy.cut()
        time.sleep(4)  # several polls, each failing
        assert worker.poll() is None, "the worker exited during the outage"
        proxy.restore()

        enqueue(tmp_path / "after")
        assert wait_for(tmp_path / "after", 30), "the worker ran nothing after the outage"
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        proxy.stop()
        log.seek(0)
        output = log.read()
        log.close()
    assert output.count("The task database is unavailable") == 1, output
    assert "The task database is back" in output, output
    assert "Traceback" not in output, output
