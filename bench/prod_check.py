"""``make prod-check``: the production stack on loopback, under load, with each fault.

It starts, all on 127.0.0.1 and all its own (nothing of the machine's services
is touched):

    readers and posters -> nginx (load balancer, the trusted proxy)
      -> Varnish (edge cache, round robin, health probes)
        -> two gunicorn app servers (example site, production settings)
          -> PostgreSQL (a cluster of its own), Redis (a server of its own),
             the task worker (newsplugin_worker), a loopback mail server

then runs a bounded mixed load (readers of cached and uncached pages, posters
of comments, each from an address of its own) through a baseline phase and one
phase per fault: Redis killed and restarted, PostgreSQL restarted, mail
blackholed, an app worker killed. Each fault lasts PROD_CHECK_SECONDS (20;
PROD_CHECK_SHORT=1 makes it 6) and is followed by as long again to recover.

It prints a table per phase (requests, status counts, posts accepted, stored,
lost, duplicated, slowest post, recovery time) and exits 1 unless, for every
phase: no accepted comment is lost or stored twice, no reader gets a 500 (a
503 only while the database is down, always with Retry-After), posts are
answered within 1 s while mail is blackholed, and everything recovers by
itself. It stops everything it started, also on Ctrl-C.
"""

import glob
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mail_server import MailServer  # noqa: E402
from tests.nginx import nginx_conf  # noqa: E402

PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "example_site" / "manage.py")]
SHORT = os.environ.get("PROD_CHECK_SHORT") == "1"
SECONDS = float(os.environ.get("PROD_CHECK_SECONDS", "6" if SHORT else "20"))
READERS = int(os.environ.get("PROD_CHECK_READERS", "4" if SHORT else "8"))
POSTERS = int(os.environ.get("PROD_CHECK_POSTERS", "2" if SHORT else "4"))
RUN = uuid.uuid4().hex[:8]
TIMEOUT = 10  # a client gives up on a request after this long


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda path: int(path.split("/")[4]))
    if not found:
        sys.exit("PostgreSQL's server programs are missing (apt-get install postgresql)")
    return Path(found[-1]).parent


def need(program, package):
    path = shutil.which(program) or (f"/usr/sbin/{program}"
                                     if os.path.exists(f"/usr/sbin/{program}") else None)
    if path is None:
        sys.exit(f"{program} is missing: apt-get install {package}")
    return path


def wait_until_served(port, path, seconds=90, in_a_row=6):
    """Wait until ``path`` is answered 200 ``in_a_row`` times in a row (each app
    server in Varnish's round robin, more than once)."""
    deadline = time.monotonic() + seconds
    good = 0
    while good < in_a_row:
        if time.monotonic() > deadline:
            sys.exit(f"{path} was not served through the stack within {seconds} s")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
        except (OSError, http.client.HTTPException):
            status = None
        good = good + 1 if status == 200 else 0
        time.sleep(0.5 if status != 200 else 0.1)


def wait_for_port(port, seconds=60, what="a server"):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{what} did not listen on 127.0.0.1:{port} within {seconds:.0f} s")


class Stack:
    """Every process the check starts, and how to break and mend each."""

    def __init__(self, root):
        self.root = root
        self.processes = {}
        self.logs = {}
        self.ports = {name: free_port() for name in
                      ("postgres", "redis", "app1", "app2", "varnish", "nginx")}
        self.pg_bin = postgres_bin()
        self.pg_data = root / "pg"
        self.mail = MailServer()
        self.mail.answer()
        self.env = {
            **{k: v for k, v in os.environ.items()
               if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))},
            "DJANGO_SETTINGS_MODULE": "example_site.settings_production",
            "NEWSPLUGIN_VAR_DIR": str(root / "var"),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/newsplugin",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "VARNISH_URL": f"http://127.0.0.1:{self.ports['varnish']}",
            "MAIL_URL": f"smtp://127.0.0.1:{self.mail.port}",
            "MAIL_TIMEOUT": "2",
            "NOTIFICATION_RETRY_SECONDS": "2",
            "TRUSTED_PROXIES": "127.0.0.1",
            "SECRET_KEY": "prod-check-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "LOG_LEVEL": "WARNING",
            "CONN_MAX_AGE": "60",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.ports['nginx']}",
        }

    # -- processes ---------------------------------------------------------

    def start(self, name, command, env=None, cwd=None):
        log = open(self.root / f"{name}.log", "a")  # noqa: SIM115 (closed in stop_all)
        self.logs[name] = log
        self.processes[name] = subprocess.Popen(  # noqa: S603 (fixed arguments)
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self.processes[name]

    def stop(self, name, sig=signal.SIGTERM):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self):
        for name in ["nginx", "varnish", "app1", "app2", "worker", "redis"]:
            self.stop(name)
        if (self.pg_data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate")
        self.mail.stop()
        for log in self.logs.values():
            log.close()

    def manage(self, *args, timeout=600):
        result = subprocess.run([*MANAGE, *args], env=self.env, capture_output=True,  # noqa: S603
                                text=True, timeout=timeout)
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code):
        output = self.manage("shell", "--no-imports", "-c", code)
        return json.loads(output.strip().splitlines()[-1])

    # -- PostgreSQL --------------------------------------------------------

    def pg_ctl(self, *args):
        options = (f"-p {self.ports['postgres']} -c listen_addresses=127.0.0.1 "
                   f"-k {self.pg_data} -c fsync=off -c full_page_writes=off "
                   "-c synchronous_commit=off")
        subprocess.run(as_postgres([str(self.pg_bin / "pg_ctl"), "-D", str(self.pg_data),  # noqa: S603
                                    "-l", str(self.pg_data / "postgres.log"), "-o",
                                    options, "-w", "-t", "60", *args]),
                       check=True, capture_output=True)

    def start_postgres(self):
        if not (self.pg_data / "PG_VERSION").exists():
            # fsync off: this cluster is thrown away; a restart here is a clean
            # shutdown and start, which loses nothing either way.
            subprocess.run(as_postgres([str(self.pg_bin / "initdb"), "-D", str(self.pg_data),  # noqa: S603
                                        "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                        "--no-sync"]),
                           check=True, capture_output=True)
        self.pg_ctl("start")

    # -- Redis -------------------------------------------------------------

    def start_redis(self):
        self.start("redis", [need("redis-server", "redis-server"), "--port",
                             str(self.ports["redis"]), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"])
        wait_for_port(self.ports["redis"], what="Redis")

    def redis_keys(self):
        try:
            with socket.create_connection(("127.0.0.1", self.ports["redis"]), timeout=1) as sock:
                sock.sendall(b"DBSIZE\r\n")
                return int(sock.recv(64).strip().lstrip(b":"))
        except (OSError, ValueError):
            return None

    # -- the site ----------------------------------------------------------

    def start_app(self, name):
        self.start(name, [str(Path(PYTHON).parent / "gunicorn"), "--chdir",
                          str(ROOT / "example_site"), "--bind",
                          f"127.0.0.1:{self.ports[name]}", "--workers", "2", "--timeout", "30",
                          "--graceful-timeout", "5", "example_site.wsgi"], env=self.env)

    def app_workers(self, name):
        """The worker processes of gunicorn ``name``: its master's children."""
        master = self.processes[name].pid
        workers = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                workers.append(int(stat.parent.name))
        return workers

    def start_worker(self):
        self.start("worker", [*MANAGE, "newsplugin_worker", "--backend", "notifications",
                              "--interval", "0.5"], env=self.env)

    def start_varnish(self):
        vcl = (ROOT / "example_site" / "varnish" / "default.vcl").read_text()
        self.root.joinpath("varnish.vcl").write_text(two_backends(vcl, self.ports))
        self.start("varnish", [need("varnishd", "varnish"), "-F", "-n",
                               str(self.root / "varnish"), "-a",
                               f"127.0.0.1:{self.ports['varnish']}", "-T", "127.0.0.1:0", "-f",
                               str(self.root / "varnish.vcl"), "-s", "malloc,64m"])
        wait_for_port(self.ports["varnish"], what="Varnish")

    def start_nginx(self):
        conf = self.root / "nginx.conf"
        conf.write_text(nginx_conf(self.root, self.ports["nginx"], self.ports["varnish"],
                                   os.geteuid() == 0, connections=512))
        self.start("nginx", [need("nginx", "nginx-light"), "-p", str(self.root), "-c",
                             str(conf), "-g", "daemon off;"])
        wait_for_port(self.ports["nginx"], what="nginx")


def two_backends(vcl, ports):
    """The example site's VCL, with its one backend replaced by both app servers."""
    start = vcl.index("backend default {")
    end = vcl.index("}", start) + 1
    backends = "\n".join(
        f"""backend {name} {{
    .host = "127.0.0.1";
    .port = "{ports[name]}";
    .connect_timeout = 2s;
    .first_byte_timeout = 35s;
    .probe = {{ .url = "/static/home/favicon.svg"; .interval = 1s; .timeout = 1s;
               .window = 3; .threshold = 2; }}
}}""" for name in ("app1", "app2"))
    vcl = (vcl[:start] + backends
           + "\n\nsub vcl_init {\n    new apps = directors.round_robin();\n"
           "    apps.add_backend(app1);\n    apps.add_backend(app2);\n}\n" + vcl[end:])
    vcl = vcl.replace("vcl 4.1;", "vcl 4.1;\n\nimport directors;", 1)
    hint = "sub vcl_recv {\n    set req.backend_hint = apps.backend();"
    return vcl.replace("sub vcl_recv {", hint, 1)


# -- the load ------------------------------------------------------------------


@dataclass
class Answer:
    kind: str  # "read" or "post"
    started: float
    seconds: float
    status: str  # an HTTP status, or the name of a client-side error
    retry_after: str | None = None
    text: str | None = None  # a post's unique comment text


def address(n):
    """Loopback address number ``n``: 127.<a>.<b>.1, each its own reader."""
    return f"127.{1 + n // 250 % 250}.{n % 250}.1"


class Load:
    def __init__(self, port, article, pages):
        self.port = port
        self.article = article
        self.pages = pages
        self.answers = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.posted = 0
        self.threads = []

    def request(self, method, path, source, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT,
                                          source_address=(source, 0))
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def record(self, answer):
        with self.lock:
            self.answers.append(answer)

    def reader(self, n):
        rng = random.Random(n)
        while not self.stopping.is_set():
            path = rng.choice(self.pages)
            # A third of the readers carry a cookie: Varnish passes them to the app
            # servers, whose own page cache and database then answer.
            headers = {"Cookie": "np_seen=1"} if n % 3 == 0 else {}
            started = time.monotonic()
            try:
                response, _ = self.request("GET", path, address(10_000 + n), headers=headers)
                answer = Answer("read", started, time.monotonic() - started,
                                str(response.status), response.getheader("Retry-After"))
            except (OSError, http.client.HTTPException) as error:
                answer = Answer("read", started, time.monotonic() - started,
                                type(error).__name__)
            self.record(answer)
            self.stopping.wait(0.05)

    def poster(self, n):
        while not self.stopping.is_set():
            with self.lock:
                self.posted += 1
                number = self.posted
            self.record(self.post(number))
            self.stopping.wait(0.3)

    def post(self, number):
        source = address(number)
        text = f"Uji produksi {RUN} nomor {number}."
        started = time.monotonic()
        try:
            response, body = self.request(
                "GET", f"/comments/token/?object_pk={self.article['pk']}", source)
            if response.status != 200:
                return Answer("post", started, time.monotonic() - started,
                              f"token {response.status}", response.getheader("Retry-After"))
            token = json.loads(body)
            cookie = response.getheader("Set-Cookie", "").split(";")[0]
            form = {
                "content_type": "newsplugin.articlepage", "object_pk": str(self.article["pk"]),
                "timestamp": token["timestamp"], "security_hash": token["security_hash"],
                "csrfmiddlewaretoken": token["csrfmiddlewaretoken"],
                "name": f"Pembaca {number}", "email": f"check-{RUN}-{number}@example.com",
                "url": "", "comment": text, "honeypot": "", "reply_to": "0",
            }
            response, _ = self.request(
                "POST", "/comments/post/", source, urlencode(form),
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
            status = str(response.status)
            retry_after = response.getheader("Retry-After")
        except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
            status, retry_after = type(error).__name__, None
        return Answer("post", started, time.monotonic() - started, status, retry_after, text)

    def begin(self):
        for n in range(READERS):
            self.threads.append(threading.Thread(target=self.reader, args=(n,), daemon=True))
        for n in range(POSTERS):
            self.threads.append(threading.Thread(target=self.poster, args=(n,), daemon=True))
        for thread in self.threads:
            thread.start()

    def end(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT + 5)


# -- faults ----------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    fault_on: float = 0.0
    fault_off: float = 0.0
    ended: float = 0.0
    recovered_after: float | None = 0.0
    database_down: bool = False
    mail_down: bool = False


def run_phases(stack, load):
    phases = []

    def phase(name, breaks, mends, wait_recovered=None, **flags):
        current = Phase(name, **flags)
        print(f"  {name} …", flush=True)
        current.fault_on = time.monotonic()
        breaks()
        time.sleep(SECONDS)
        mends()
        current.fault_off = time.monotonic()
        if wait_recovered is not None:
            current.recovered_after = wait_recovered(current.fault_off)
        remaining = current.fault_off + SECONDS - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)
        current.ended = time.monotonic()
        phases.append(current)

    def redis_back(since):
        end = since + 60
        while time.monotonic() < end:
            if (stack.redis_keys() or 0) > 0:  # the page cache writes to it again
                return time.monotonic() - since
            time.sleep(0.2)
        return None

    def killed_worker():
        workers = stack.app_workers("app1")
        if workers:
            os.kill(workers[0], signal.SIGKILL)

    def replaced_worker(since):
        end = since + 60
        while time.monotonic() < end:
            if len(stack.app_workers("app1")) >= 2:
                return time.monotonic() - since
            time.sleep(0.2)
        return None

    phase("baseline", lambda: None, lambda: None)
    phase("Redis killed, restarted", lambda: stack.stop("redis", signal.SIGKILL),
          stack.start_redis, redis_back)
    phase("PostgreSQL restarted", lambda: stack.pg_ctl("stop", "-m", "fast"),
          lambda: stack.pg_ctl("start"), database_down=True)
    phase("mail blackholed", stack.mail.silence, stack.mail.answer, mail_down=True)
    phase("app worker killed", killed_worker, lambda: None, replaced_worker)
    return phases


# -- the verdict -------------------------------------------------------------------

STORED = """
import json
from collections import Counter
from newsplugin.models import ArticleComment
texts = Counter(ArticleComment.objects.filter(comment__contains=%(run)r)
                .values_list("comment", flat=True))
print(json.dumps(texts))
"""

TASKS = """
import json
from collections import Counter
from django_tasks_db.models import DBTaskResult
print(json.dumps(Counter(DBTaskResult.objects.filter(task_path__contains="notify_")
                         .values_list("status", flat=True))))
"""


def judge(phases, answers, stored):
    failures = []
    rows = []
    outages = [phase for phase in phases if phase.database_down]
    for phase in phases:
        mine = [a for a in answers if phase.fault_on <= a.started < phase.ended]
        statuses = Counter(a.status for a in mine)
        posts = [a for a in mine if a.kind == "post"]
        accepted = [a for a in posts if a.status == "303"]
        lost = [a for a in accepted if stored.get(a.text, 0) == 0]
        duplicated = [a for a in posts if stored.get(a.text, 0) > 1]
        unanswered_stored = [a for a in posts if a.status != "303" and stored.get(a.text, 0)]
        slowest = max((a.seconds for a in posts), default=0.0)
        bad = [a for a in mine if a.status.startswith("5") or not a.status[:1].isdigit()
               and not a.status.startswith("token")]
        bad += [a for a in mine if a.status.startswith("token 5")]
        for a in bad:
            # By when it was answered, not begun: a request of the phase before can
            # meet the database going down.
            during_outage = any(
                a.started < down.fault_off + 1 and a.started + a.seconds >= down.fault_on
                for down in outages
            )
            if a.status in ("503", "token 503") and during_outage and a.retry_after:
                continue
            failures.append(f"{phase.name}: {a.kind} answered {a.status}"
                            f" (Retry-After {a.retry_after})")
        if lost:
            failures.append(f"{phase.name}: {len(lost)} accepted comments lost")
        if duplicated:
            failures.append(f"{phase.name}: {len(duplicated)} comments stored twice")
        if phase.mail_down and slowest > 1.0:
            failures.append(f"{phase.name}: a post took {slowest:.2f} s with mail blackholed")
        if phase.recovered_after is None:
            failures.append(f"{phase.name}: no recovery within 60 s")
        last_failure = max((a.started + a.seconds for a in mine
                            if a.status.startswith(("5", "token 5")) or not a.status[0].isdigit()),
                           default=None)
        recovery = max(phase.recovered_after or 0.0,
                       (last_failure - phase.fault_off) if last_failure else 0.0)
        if phase.database_down and not [a for a in accepted if a.started > phase.fault_off]:
            failures.append(f"{phase.name}: no post was accepted after the restart")
        rows.append((phase.name, len(mine), statuses, len(accepted), sum(
            min(stored.get(a.text, 0), 1) for a in accepted), len(lost), len(duplicated),
            len(unanswered_stored), slowest, recovery))
    return rows, failures


def print_table(rows):
    header = ("phase", "requests", "statuses", "accepted", "stored", "lost", "dup",
              "stored*", "slowest post", "recovery")
    lines = [header]
    for name, requests, statuses, accepted, stored, lost, dup, extra, slowest, recovery in rows:
        lines.append((name, str(requests),
                      " ".join(f"{k}:{v}" for k, v in sorted(statuses.items())),
                      str(accepted), str(stored), str(lost), str(dup), str(extra),
                      f"{slowest:.2f} s", f"{recovery:.1f} s"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    print("stored* = stored although the reader got no 303 (the answer was lost, not the"
          " comment)")


APPROVE = """
import json
from django.contrib.auth import get_user_model
from newsplugin.models import ArticleComment
from newsplugin.moderation.decisions import decide
comment = ArticleComment.objects.get(comment=%(text)r)
moderator = get_user_model().objects.get(username="moderator")
print(json.dumps({"status": comment.moderation_status,
                  "changed": decide([comment.pk], "approve", moderator)}))
"""


def edge_check(stack, load, article_url):
    """Through nginx and Varnish: a pending comment stays out of the shared page,
    and appears once approved (the approval purges Varnish)."""
    text = next(a.text for a in reversed(load.answers) if a.kind == "post" and a.status == "303")

    def read():
        response, body = load.request("GET", article_url, address(20_000))
        return response.getheader("X-Edge-Cache"), text in body.decode()

    before = [read(), read()]
    approved = stack.shell(APPROVE % {"text": text})
    time.sleep(0.5)
    after = [read(), read()]
    checks = {
        "stored by Varnish (a hit)": before[1][0] == "hit",
        "pending comment not shown": not before[0][1] and not before[1][1],
        "held for moderation": approved["status"] == "pending" and approved["changed"] == 1,
        "approval purged Varnish (a miss)": after[0][0] == "miss",
        "approved comment shown": after[0][1] and after[1][1],
        "stored again (a hit)": after[1][0] == "hit",
    }
    print("edge cache: " + ", ".join(f"{name}: {'yes' if ok else 'NO'}"
                                     for name, ok in checks.items()))
    return [f"edge cache: {name}: no" for name, ok in checks.items() if not ok]


SETUP = """
import json
from django.contrib.auth import get_user_model
from newsplugin.models import ArticlePage
# The demo moderator gets the notifications, through the loopback mail server.
get_user_model().objects.filter(username="moderator").update(email="moderator@example.com")
articles = list(ArticlePage.objects.live().order_by("-first_published_at")[:3])
index = articles[0].get_parent()
print(json.dumps({"pk": articles[0].pk, "url": articles[0].url,
                  "pages": ["/", index.url] + [a.url for a in articles]}))
"""


def main():
    for program, package in (("nginx", "nginx-light"), ("varnishd", "varnish"),
                             ("redis-server", "redis-server")):
        need(program, package)
    root = Path(tempfile.mkdtemp(prefix="newsplugin-prod-check-"))
    os.chmod(root, 0o755)  # noqa: S103 (the postgres user must reach its data directory)
    (root / "pg").mkdir()
    (root / "var").mkdir()
    if os.geteuid() == 0:
        shutil.chown(root / "pg", "postgres", "postgres")
        os.chmod(root / "pg", 0o700)
    stack = Stack(root)
    started = time.monotonic()
    print(f"prod-check {RUN}: {SECONDS:.0f} s per fault, {READERS} readers, {POSTERS} posters;"
          f" logs in {root}")
    load = None
    try:
        stack.start_postgres()
        stack.start_redis()
        stack.manage("ensure_database")
        stack.manage("migrate", "--noinput", "-v", "0")
        stack.manage("collectstatic", "--noinput", "-v", "0")
        stack.manage("load_demo_content", "--site-url",
                     f"http://127.0.0.1:{stack.ports['nginx']}/")
        site = stack.shell(SETUP)
        stack.start_app("app1")
        stack.start_app("app2")
        stack.start_worker()
        wait_for_port(stack.ports["app1"], what="gunicorn")
        wait_for_port(stack.ports["app2"], what="gunicorn")
        stack.start_varnish()
        stack.start_nginx()
        # Varnish answers 503 until its probes find the app servers healthy, which
        # on a busy machine takes longer than the workers' ports take to open.
        wait_until_served(stack.ports["nginx"], "/static/home/favicon.svg")
        print(f"  set up in {time.monotonic() - started:.0f} s", flush=True)
        load = Load(stack.ports["nginx"], {"pk": site["pk"]}, site["pages"])
        load.begin()
        phases = run_phases(stack, load)
        load.end()
        edge_failures = edge_check(stack, load, site["url"])
        # The worker sends what waited while mail was down (tries every 2, 4, 8 … s).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            tasks = stack.shell(TASKS)
            if not tasks.get("READY") and not tasks.get("RUNNING"):
                break
            time.sleep(2)
        stored = stack.shell(STORED % {"run": RUN})
        worker_alive = stack.processes["worker"].poll() is None
    finally:
        if load is not None:
            load.end()
        stack.stop_all()
    rows, failures = judge(phases, load.answers, stored)
    failures += edge_failures
    print()
    print_table(rows)
    print()
    pending = sum(1 for a in load.answers if a.kind == "post" and a.status == "303")
    print(f"notifications: {dict(tasks)} (task results by status); the mail server received "
          f"{len(stack.mail.messages)} messages for {pending} accepted comments")
    if tasks.get("READY") or tasks.get("RUNNING") or tasks.get("FAILED"):
        failures.append(f"notifications not all sent: {dict(tasks)}")
    if not worker_alive:
        failures.append("the task worker exited")
    for name in ("app1", "app2", "worker"):
        log = (root / f"{name}.log").read_text(errors="replace")
        warnings = Counter(line.split(" is unavailable")[0].split("] ")[-1].strip()
                           for line in log.splitlines() if " is unavailable" in line)
        retried = log.count("trying again in")
        print(f"{name} log: outage warnings {dict(warnings)}, notification retries {retried}")
        if "Traceback" in log:
            failures.append(f"{name} logged {log.count('Traceback')} tracebacks"
                            f" ({root}/{name}.log)")
    print(f"finished in {time.monotonic() - started:.0f} s")
    if failures:
        print("FAILED:")
        for failure in failures:
            print("  " + failure)
        return 1
    print("OK")
    if os.environ.get("PROD_CHECK_KEEP") != "1":
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
