"""One side of ``bench/compare.py``: the tree in COMPARE_TREE serving the pages it is
asked for, one line of JSON in ([path, Accept]) and out ([milliseconds, status])."""

import json
import os
import sys
import time
from pathlib import Path

tree = Path(os.environ["COMPARE_TREE"])
sys.argv = [str(tree / "bench" / "bench_requests.py")]
sys.path[:0] = [str(tree), str(tree / "example_site"), str(tree / "bench")]

import bench_requests as bench  # noqa: E402  (sets Django up with that tree's settings)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

paths_file = Path(os.environ["COMPARE_PATHS"])
if os.environ.get("COMPARE_BUILD"):
    paths_file.write_text(json.dumps(bench.build_site()))
else:  # the database is the other side's; the static files are each tree's own
    call_command("collectstatic", interactive=False, verbosity=0)
from example_site.wsgi import application  # noqa: E402  (as gunicorn loads it)

settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 0
# The floor: a missing address asked for without HTML where the tree has one.
floor_accept = getattr(bench, "ACCEPT", {}).get(getattr(bench, "FLOOR", None), "text/html")
print("ready", floor_accept, flush=True)

for line in sys.stdin:
    path, accept = json.loads(line)
    environ = bench.wsgi_environ(path)
    environ["HTTP_ACCEPT"] = accept
    status = []
    started = time.perf_counter()
    response = application(environ, lambda s, headers, *_, status=status: status.append(s))
    try:
        b"".join(response)
    finally:
        response.close()
    elapsed = (time.perf_counter() - started) * 1000
    print(json.dumps([elapsed, status[0]]), flush=True)
