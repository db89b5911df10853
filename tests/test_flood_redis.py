"""Flood control holds across processes that share Redis, as gunicorn workers do."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("NEWSPLUGIN_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")

WORKER = textwrap.dedent(
    """
    import json, sys, time
    import django
    django.setup()
    from newsplugin.comments.rules import (
        ArticleRules,
        CommentContext,
        CommentRefused,
        refuse_floods,
    )
    from newsplugin.models import ArticleComment

    start_at, ip, email = float(sys.argv[1]), sys.argv[2], sys.argv[3]
    comment = ArticleComment(user_email=email, ip_address=ip, comment="x")
    time.sleep(max(0, start_at - time.time()))
    try:
        refuse_floods(CommentContext(comment, None, ArticleRules(flood_seconds=30)))
        print(json.dumps("accepted"))
    except CommentRefused as refusal:
        print(json.dumps(refusal.status_code))
    """
)


def redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 6379")


@pytest.fixture
def worker_env(tmp_path):
    prefix = f"newsplugin-flood-test-{uuid.uuid4().hex}"
    (tmp_path / "flood_settings.py").write_text(
        "from tests.settings import *  # noqa\n"
        "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache',"
        f" 'LOCATION': {REDIS_URL!r}, 'KEY_PREFIX': {prefix!r}}}}}\n"
    )
    (tmp_path / "worker.py").write_text(WORKER)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "flood_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), str(ROOT / "example_site")]),
    }
    return tmp_path / "worker.py", env


def run_workers(script, env, senders):
    import time

    start_at = str(time.time() + 2.0)  # both start together, after Django is set up
    processes = [
        subprocess.Popen(
            [sys.executable, "-W", "error::DeprecationWarning", str(script), start_at, ip, email],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for ip, email in senders
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_processes_let_one_comment_through(worker_env):
    script, env = worker_env
    # Same IP from two workers at the same moment: exactly one gets through.
    results = run_workers(script, env, [("10.9.0.1", "a@example.com"),
                                        ("10.9.0.1", "a@example.com")])
    assert sorted(results, key=str) == [429, "accepted"]
    # The same address, later, in yet another process: still refused.
    assert run_workers(script, env, [("10.9.0.1", "b@example.com")]) == [429]
    # Another address with the same email is another reader (anyone can type an email).
    assert run_workers(script, env, [("10.9.0.2", "a@example.com")]) == ["accepted"]
