"""Start the site as it runs in production, on this machine: for `make stack`, the benchmarks
and the several-nodes test, which all use these same pieces.

* `Site.prepare(suffix)`: a scratch PostgreSQL database `test_<name>_<suffix>` beside the one in
  DATABASE_URL (never `<name>` itself), migrated, with the demo content and the collected static
  files; dropped at the end unless `keep=True`. Its environment is the production settings with
  throwaway local values for every required secret (`production_env`).
* `site.gunicorn()`, `site.varnish(nodes)`, `site.worker()`, `Nginx(folder)`: servers on
  127.0.0.1, on ports taken from STACK_PORTS (default 8100-8199), each in its own process group
  and stopped at the end of its `with` block, or by `stop_all()`.

Run as a script it is `make stack`: see `python deploy/stack.py --help`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SITE_HOST = "localhost"  # the demo Site's hostname; every request carries it in Host
START_TIMEOUT = 90


class CannotRun(RuntimeError):
    """This cannot run here (no PostgreSQL, no varnishd, ...): the message says why."""


# --------------------------------------------------------------------------- ports


def _port_range() -> range:
    text = os.environ.get("STACK_PORTS", "8100-8199")
    low, _, high = text.partition("-")
    return range(int(low), int(high or low) + 1)


_TAKEN: set[int] = set()


def free_port() -> int:
    """The next free loopback port in STACK_PORTS (default 8100-8199)."""
    for port in _port_range():
        if port in _TAKEN:
            continue
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
        _TAKEN.add(port)
        return port
    raise CannotRun(f"no free port in STACK_PORTS={os.environ.get('STACK_PORTS', '8100-8199')}")


# --------------------------------------------------------------------------- environment


def production_env(tmp: Path, database_url: str, **overrides: str) -> dict[str, str]:
    """The production settings' variables, every secret a throwaway local value."""
    from cryptography.fernet import Fernet

    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "PAGE_CACHE_SECONDS",
                          "FRONT_CACHE_URL")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "marac_site.settings.production",
        "SECRET_KEY": "benchmark-only-" + secrets.token_urlsafe(40),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": f"{HOST},{SITE_HOST},.localhost",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOOKUP_HASH_KEY": "benchmark-only-" + secrets.token_urlsafe(32),
        "RECAPTCHA_PUBLIC_KEY": "benchmark-only",
        "RECAPTCHA_PRIVATE_KEY": "benchmark-only",
        "RECAPTCHA_VERIFIER": "offline",
        "RECAPTCHA_LOAD_SCRIPT": "false",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": "1",  # nothing listens: mail is only queued for the task worker
        "DEFAULT_FROM_EMAIL": "marac@example.org",
        "MARAC_NOTIFY_EMAIL": "marac-secure@localhost",
        # Varnish, the only proxy here, appends the client's address to X-Forwarded-For.
        "TRUSTED_PROXY_COUNT": "1",
        "WAGTAILADMIN_BASE_URL": f"http://{SITE_HOST}",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "ERROR",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONWARNINGS": "ignore",
    })
    env.update(overrides)
    return env


def postgres_url() -> str:
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        raise CannotRun("set DATABASE_URL to a PostgreSQL server, e.g. "
                        "postgres://postgres@127.0.0.1:5432/marac_bench (the benchmark works in "
                        "test_<name>_<benchmark> beside it and never touches <name>)")
    return given


@dataclass
class ScratchDatabase:
    """`test_<name>_<suffix>` beside the database named in DATABASE_URL."""

    url: str
    admin_url: str
    name: str

    @classmethod
    def beside(cls, given: str, suffix: str) -> ScratchDatabase:
        parts = urllib.parse.urlsplit(given)
        base = parts.path.lstrip("/") or "marac"
        name = f"test_{base}_{suffix}"
        return cls(url=urllib.parse.urlunsplit(parts._replace(path="/" + name)),
                   admin_url=urllib.parse.urlunsplit(parts._replace(path="/postgres")),
                   name=name)

    def _admin(self, sql: str) -> None:
        import psycopg2

        connection = psycopg2.connect(self.admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def create(self, keep: bool) -> bool:
        """Create it; True when one kept from an earlier run is reused."""
        import psycopg2

        try:
            self._admin(f'CREATE DATABASE "{self.name}"')
        except psycopg2.errors.DuplicateDatabase:
            if keep:
                return True
            self.drop()
            self._admin(f'CREATE DATABASE "{self.name}"')
        except psycopg2.OperationalError as error:
            raise CannotRun(f"cannot reach PostgreSQL: {error}") from error
        return False

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --------------------------------------------------------------------------- processes

RUNNING: list[Process] = []


class Process:
    """A server started in its own process group, stopped at the end of its `with` block."""

    name = "process"

    def __init__(self, command: list[str], *, env: dict | None = None, log: Path,
                 cwd: Path = ROOT):
        self.log = log
        self.handle = log.open("ab")
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.handle,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        RUNNING.append(self)

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.handle.close()
        if self in RUNNING:
            RUNNING.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def stop_all() -> None:
    for process in reversed(list(RUNNING)):
        process.stop()


def wait_for_http(process: Process, url: str, *, host: str = SITE_HOST,
                  timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            raise RuntimeError(f"{process.name} stopped on start:\n{process.tail()}")
        try:
            status, _headers, _body = get(url, host=host, timeout=5)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{process.name} did not answer {url} in {timeout:.0f}s:\n"
                       f"{process.tail()}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str, *, host: str = SITE_HOST, headers: dict | None = None, method: str = "GET",
        data: bytes | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """(status, lower-cased headers, body) of one request, redirects not followed."""
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Host": host, **(headers or {})})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read()


def _headers(message) -> dict:
    """Lower-cased headers; every Set-Cookie line under '_set_cookie'."""
    found = {k.lower(): v for k, v in message.items()}
    found["_set_cookie"] = message.get_all("Set-Cookie") or []
    return found


class Gunicorn(Process):
    name = "gunicorn"

    def __init__(self, env: dict, *, port: int | None = None, workers: int = 2, log: Path,
                 wsgi: str = "marac_site.wsgi:application", cwd: Path = ROOT,
                 python: str = sys.executable, access_log: Path | None = None):
        self.port = port or free_port()
        self.access_log = access_log
        command = [python, "-m", "gunicorn", wsgi, "--workers", str(workers),
                   "--bind", f"{HOST}:{self.port}", "--timeout", "120",
                   "--graceful-timeout", "5", "--backlog", "2048", "--log-level", "warning"]
        if access_log:
            command += ["--access-logfile", str(access_log),
                        "--access-logformat", "%(m)s %(U)s %(s)s"]
        super().__init__(command, env=env, log=log, cwd=cwd)

    def requests_served(self) -> list[str]:
        """'METHOD /path STATUS' for each request this node answered (needs access_log)."""
        if not self.access_log or not self.access_log.exists():
            return []
        return self.access_log.read_text().splitlines()

    def url(self, path: str = "/") -> str:
        return f"http://{HOST}:{self.port}{path}"


VCL = ROOT / "deploy" / "varnish" / "marac.vcl"


class Varnish(Process):
    """varnishd in the foreground with deploy/varnish/marac.vcl in front of `backends`."""

    name = "varnish"

    def __init__(self, backends: list[int], *, tmp: Path, port: int | None = None,
                 memory: str = "256m"):
        if shutil.which("varnishd") is None and not Path("/usr/sbin/varnishd").exists():
            raise CannotRun("varnishd is not installed (apt-get install varnish)")
        self.port = port or free_port()
        workdir = tmp / f"varnish-{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        vcl = workdir / "marac.vcl"
        vcl.write_text(render_vcl(backends))
        admin = free_port()
        super().__init__(
            [shutil.which("varnishd") or "/usr/sbin/varnishd", "-F", "-n", str(workdir),
             "-a", f"{HOST}:{self.port}", "-T", f"{HOST}:{admin}", "-f", str(vcl),
             "-s", f"malloc,{memory}", "-p", "thread_pool_min=20", "-p", "thread_pools=2"],
            log=tmp / f"varnish-{self.port}.log")

    def url(self, path: str = "/") -> str:
        return f"http://{HOST}:{self.port}{path}"


def render_vcl(backend_ports: list[int]) -> str:
    """The shipped VCL with its backend list replaced by these loopback ports."""
    text = VCL.read_text()
    start, end = "# BACKENDS START", "# BACKENDS END"
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    lines = [start]
    for number, port in enumerate(backend_ports, start=1):
        lines += [f"backend app{number} {{", f'    .host = "{HOST}";', f'    .port = "{port}";',
                  "    .probe = health;", "}"]
    lines += ["sub vcl_init {", "    new apps = directors.round_robin();"]
    lines += [f"    apps.add_backend(app{n});" for n in range(1, len(backend_ports) + 1)]
    lines.append("}")
    return head + "\n".join(lines) + "\n" + end + tail


class Worker(Process):
    """The task worker (django-tasks-db): notification emails and front-cache purges."""

    name = "worker"

    def __init__(self, env: dict, *, log: Path):
        super().__init__([sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval",
                          "0.2", "--no-startup-delay", "--no-reload"], env=env, log=log)


class Nginx(Process):
    """nginx serving a folder of files: the ceiling a page cache can hope to reach."""

    name = "nginx"

    def __init__(self, root: Path, *, tmp: Path, port: int | None = None):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise CannotRun("nginx is not installed (apt-get install nginx-light)")
        self.port = port or free_port()
        workdir = tmp / f"nginx-{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        conf = workdir / "nginx.conf"
        conf.write_text(f"""
daemon off;
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{ text/html html; }}
    default_type text/html;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    server {{
        listen {HOST}:{self.port};
        root {root};
        gzip_static on;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
""")
        super().__init__([binary, "-c", str(conf), "-p", str(workdir)],
                         log=workdir / "stdout.log")

    def url(self, path: str = "/") -> str:
        return f"http://{HOST}:{self.port}{path}"


# --------------------------------------------------------------------------- the site


class Site:
    """A migrated scratch database and a temporary folder, with the production environment."""

    def __init__(self, suffix: str, *, keep: bool = False, **overrides: str):
        if os.environ.get("REDIS_URL") and "REDIS_URL" not in overrides:
            overrides = {"REDIS_URL": os.environ["REDIS_URL"], **overrides}
        if overrides.get("REDIS_URL"):
            # Each stack keeps its own keys, so nothing cached by another run (or another
            # branch's code, whose cached objects may lack this one's fields) is ever served.
            overrides = {"CACHE_KEY_PREFIX": f"stack-{suffix}-{secrets.token_hex(4)}",
                         **overrides}
        self.tmp = Path(tempfile.mkdtemp(prefix=f"marac-stack-{suffix}-"))
        self.tmp.chmod(0o755)  # varnishd reads its VCL as its own unprivileged user
        self.database = ScratchDatabase.beside(postgres_url(), suffix)
        self.keep = keep
        self.env = production_env(self.tmp, self.database.url, **overrides)
        self.reused = False

    @classmethod
    def prepare(cls, suffix: str, *, keep: bool = False, demo: bool = True,
                static: bool = True, **overrides: str) -> Site:
        site = cls(suffix, keep=keep, **overrides)
        try:
            site.reused = site.database.create(keep=keep)
            site.manage("migrate", "--noinput")
            site.manage("createcachetable")
            if demo:
                site.manage("load_demo_content")
            if static:
                site.manage("collectstatic", "--noinput")
        except BaseException:
            site.close()
            raise
        return site

    def manage(self, *args: str, env: dict | None = None) -> str:
        result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT,
                                env=env or self.env, capture_output=True, text=True,
                                check=False)
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def gunicorn(self, *, workers: int = 2, port: int | None = None, name: str = "",
                 access_log: bool = False, **overrides: str) -> Gunicorn:
        env = {**self.env, **overrides}
        name = name or str(len(RUNNING))
        server = Gunicorn(env, port=port, workers=workers,
                          log=self.tmp / f"gunicorn-{name}.log",
                          access_log=self.tmp / f"access-{name}.log" if access_log else None)
        wait_for_http(server, server.url("/"))
        return server

    def varnish(self, backends: list[Gunicorn] | list[int], *, port: int | None = None,
                wait: bool = True) -> Varnish:
        ports = [b if isinstance(b, int) else b.port for b in backends]
        front = Varnish(ports, tmp=self.tmp, port=port)
        if wait:
            wait_for_http(front, front.url("/"))
        return front

    def worker(self) -> Worker:
        return Worker(self.env, log=self.tmp / f"worker-{len(RUNNING)}.log")

    def close(self) -> None:
        stop_all()
        if not self.keep:
            with contextlib.suppress(Exception):
                self.database.drop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()




# --------------------------------------------------------------------------- make stack


def main(argv: list[str] | None = None) -> int:
    """`make stack`: the whole production stack on this machine, until Ctrl-C."""
    import argparse

    parser = argparse.ArgumentParser(
        description="Run Varnish, gunicorn nodes and the task worker with the production "
                    "settings on PostgreSQL and Redis, on 127.0.0.1 (ports from STACK_PORTS).")
    parser.add_argument("--nodes", type=int, default=2, help="gunicorn nodes (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="workers per node (default 2)")
    parser.add_argument("--fresh", action="store_true",
                        help="start from an empty database instead of the one kept last time")
    args = parser.parse_args(argv)
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marac")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
    front_port = free_port()
    front_url = f"http://{HOST}:{front_port}"
    try:
        site = Site("stack", keep=True, FRONT_CACHE_URL=front_url,
                    WAGTAILADMIN_BASE_URL=f"http://{SITE_HOST}:{front_port}")
        if args.fresh:
            site.database.drop()
        site.database.create(keep=True)
        for command in (["migrate", "--noinput"], ["createcachetable"],
                        ["load_demo_content", "--with-demo-users"],
                        ["collectstatic", "--noinput"]):
            print(f"manage.py {' '.join(command)}", flush=True)
            print(site.manage(*command), end="", flush=True)
        nodes = [site.gunicorn(workers=args.workers, name=f"node{n + 1}")
                 for n in range(args.nodes)]
        front = site.varnish(nodes, port=front_port)
        worker = site.worker()
    except CannotRun as reason:
        print(f"Cannot start the stack: {reason}", file=sys.stderr)
        stop_all()
        return 1
    print(f"\nThe site, through Varnish: http://{SITE_HOST}:{front.port}/ "
          f"(admin: http://{SITE_HOST}:{front.port}/admin/)")
    for node in nodes:
        print(f"  gunicorn node: {node.url('/')}")
    print(f"  task worker (emails, front-cache purges): pid {worker.process.pid}")
    print(f"  database {site.database.name} (kept; --fresh to start again), "
          f"Redis {site.env['REDIS_URL']}, logs in {site.tmp}")
    print("Ctrl-C stops everything.", flush=True)
    try:
        while all(p.alive() for p in (*nodes, front, worker)):
            time.sleep(1)
        print("A process stopped; its log:\n" + next(
            p.tail() for p in (*nodes, front, worker) if not p.alive()), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all()
        shutil.rmtree(site.tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
