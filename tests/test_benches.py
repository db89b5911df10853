"""The benches still run (``make bench``): one round each, nothing timed or compared.

They build the demo content and the example site's pages with the code of the day,
so a change to a model or a page type can break them without any other test
noticing (the front page did once: ``make bench`` stopped at its second part).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script, **env):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script)],
        # Never the suite's database: on PostgreSQL the in-process bench would make
        # and drop a test database of the same name under the running suite.
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
             "BENCH_ROUNDS": "1", **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_whole_request_bench_serves_every_page_it_names():
    out = run_bench(
        "bench_requests.py",
        # Its own database and Redis database: not a developer's bench run.
        BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsplugin_bench_smoke",
        BENCH_REDIS_URL="redis://127.0.0.1:6379/11",
    )
    for label in ("404, not HTML (floor)", "404 page", "home page", "news index",
                  "author archive", "article, 0 comments", "article, 1,000 comments"):
        assert any(line.startswith(label) for line in out.splitlines()), label
    assert "target: at most 8 queries on an article:" in out


def test_the_comment_bench_renders_every_size_and_stock_xtd():
    out = run_bench("bench_comments.py")
    rows = [line.split("|")[0].strip() for line in out.splitlines() if "|" in line]
    assert {"0", "50", "200", "1000"} <= set(rows)
    assert "target: 200-comment page >= 3x faster than stock xtd:" in out
