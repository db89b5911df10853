"""The example site reads its configuration from the environment."""

import pytest

from example_site.env import database_from_url, env_bool, env_list


def test_sqlite_urls():
    assert database_from_url("sqlite:///var/site.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "var/site.sqlite3",
    }
    assert database_from_url("sqlite:////tmp/site.sqlite3")["NAME"] == "/tmp/site.sqlite3"
    assert database_from_url("sqlite://")["NAME"] == ":memory:"


def test_postgres_url_with_escaped_password_and_options():
    config = database_from_url("postgres://news:p%40ss@db.internal:6543/berita?sslmode=require")
    assert config == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "berita",
        "USER": "news",
        "PASSWORD": "p@ss",
        "HOST": "db.internal",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require"},
    }


def test_unknown_database_scheme_is_a_clear_error():
    with pytest.raises(ValueError, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://localhost/x")


def test_booleans_and_lists(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_bool("FLAG") is True
    assert env_bool("MISSING_FLAG", default=True) is True
    assert env_list("HOSTS") == ["a.example", "b.example"]
    assert env_list("MISSING_HOSTS", ["x"]) == ["x"]


def manage(*args, **env_changes):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "example_site.settings"  # not the tests' settings
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "example_site/manage.py", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )


def test_production_without_secret_key_refuses_to_start():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="example_site.settings_production",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_manage_py_is_for_development_and_wsgi_needs_a_secret_key(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    # example_site/manage.py with the development settings: debug mode by default.
    assert manage("makemigrations", "--check", "--dry-run", DATABASE_URL=db).returncode == 0
    assert manage("check", DATABASE_URL=db, DEBUG="0").returncode != 0
    # A server (wsgi.py) never falls back to the development key.
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", "import example_site.wsgi"],
        env={
            **env,
            "DATABASE_URL": db,
            "PYTHONPATH": "example_site",
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
        },
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY (or DEBUG=1 for a development key)." in result.stderr


def test_wsgi_freezes_what_start_up_built(tmp_path):
    """gunicorn's worker imports wsgi.py: by then the URLconf is loaded and what start-up
    built is out of the garbage collector's reach, not walked again on every request."""
    import os
    import subprocess
    import sys

    probe = (
        "import gc, sys, example_site.wsgi as w; "
        "print(callable(w.application), 'example_site.urls' in sys.modules, "
        "gc.get_freeze_count() > 4 * len(gc.get_objects()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "PYTHONPATH": "example_site",
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
            "SECRET_KEY": "x" * 50,
        },
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]
