"""``make bench-compare BASE=<rev>``: this code and another revision, side by side.

On a shared machine whole-request times drift by a fifth from one run to the
next, so two runs of ``bench/bench_requests.py`` minutes apart cannot tell a
10 % change. This starts two workers, one running this checkout and one a git
worktree of ``BASE`` (``var/bench-base``), both on the bench database that
this checkout's ``build_site()`` fills (the same rows for both), and asks them
for the same pages in turns, request by request in a shuffled order, page
cache off. It prints each one's median, its ratio to its own floor (the
missing address asked for without HTML, or the 404 page where ``BASE`` has no
such floor) and new/old. Both revisions must share the database schema.
Environment: BENCH_ROUNDS (40), and bench_requests.py's.
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "compare_worker.py"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
GIT = shutil.which("git") or "git"


def git(*args, **kwargs):
    """git in this checkout (a worktree of the revision to compare with)."""
    return subprocess.run([GIT, *args], cwd=ROOT, **kwargs)  # noqa: S603 (fixed arguments)


def start(tree, build, paths_file):
    env = {**os.environ, "COMPARE_TREE": str(tree), "COMPARE_BUILD": "1" if build else "",
           "COMPARE_PATHS": str(paths_file), "PYTHONPATH": str(tree)}
    worker = subprocess.Popen(  # noqa: S603 (this interpreter, our own worker)
        [sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env=env, cwd=str(tree),
    )
    line = worker.stdout.readline()
    if not line.startswith("ready "):
        sys.exit(f"the worker for {tree} did not start")
    return worker, line.split(" ", 1)[1].strip()


def ask(worker, path, accept):
    worker.stdin.write(json.dumps([path, accept]) + "\n")
    worker.stdin.flush()
    milliseconds, status = json.loads(worker.stdout.readline())
    return milliseconds, status


def main():
    if len(sys.argv) != 2 or not sys.argv[1]:
        sys.exit("usage: bench/compare.py <git revision>  (make bench-compare BASE=...)")
    base = sys.argv[1]
    base_tree = ROOT / "var" / "bench-base"
    paths_file = ROOT / "var" / "bench-compare-paths.json"
    base_tree.parent.mkdir(exist_ok=True)
    if base_tree.exists():
        git("worktree", "remove", "--force", str(base_tree))
        shutil.rmtree(base_tree, ignore_errors=True)
    git("worktree", "add", "--detach", str(base_tree), base, check=True, capture_output=True)
    workers = {}
    try:
        # The database is built by a process of its own: a worker that built it would
        # serve with the build's objects in its memory (measured: 8 % slower on the floor
        # against itself).
        builder, _ = start(ROOT, True, paths_file)
        builder.stdin.close()
        builder.wait()
        workers["new"] = start(ROOT, False, paths_file)
        workers["old"] = start(base_tree, False, paths_file)
        paths = json.loads(paths_file.read_text())
        html = "text/html,application/xhtml+xml"
        cases = {"floor": {name: ("/no-such-page/", floor) for name, (_, floor) in workers.items()}}
        for label, path in paths.items():
            if not label.startswith("404"):
                cases[label] = {name: (path, html) for name in workers}
        for label, case in cases.items():  # warm: templates, renditions, prepared queries
            expected = "404" if label == "floor" else "200"
            for name, (worker, _) in workers.items():
                for _ in range(3):
                    status = ask(worker, *case[name])[1]
                if not status.startswith(expected):
                    sys.exit(f"{name}: {label} answered {status}, expected {expected}")
        times = {(label, name): [] for label in cases for name in workers}
        for n in range(ROUNDS):
            order = list(times)
            random.Random(n).shuffle(order)
            for label, name in order:
                times[(label, name)].append(ask(workers[name][0], *cases[label][name])[0])
    finally:
        for worker, _ in workers.values():
            worker.stdin.close()
            worker.wait()
        git("worktree", "remove", "--force", str(base_tree), capture_output=True)
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"this checkout (new) and {base} (old), request by request in turns, "
          f"median of {ROUNDS} rounds; x: ratio to its own floor")
    print(f"{'page':<26} {'old ms':>7} {'x':>5} {'new ms':>7} {'x':>5} {'new/old':>8}")
    for label in cases:
        old, new = median[(label, "old")], median[(label, "new")]
        print(f"{label:<26} {old:>7.1f} {old / median[('floor', 'old')]:>5.1f} "
              f"{new:>7.1f} {new / median[('floor', 'new')]:>5.1f} {new / old:>8.2f}")


if __name__ == "__main__":
    main()
