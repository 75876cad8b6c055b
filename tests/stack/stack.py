"""The production stack on this machine, without Docker: a throwaway
PostgreSQL cluster, Redis, moto's S3 server, an SMTP sink, the task worker,
two gunicorn nodes with production settings behind haproxy. Every process is
ours, on free loopback ports, and is stopped at the end."""

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import urlencode

from deploy.services import APP_VARIABLES
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
# The shop's pages a journey starts with (and a node is warmed with).
PAGES = ("/", "/catalogue/", "/search/?q=che+moc+cau", "/sellers/")
SECRET = "stack-" + "k3y-Zq9xW2vL8mN4bR7tY1uI6oP0aS5dF3gH" * 2


def postgres_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def missing_tools() -> list[str]:
    tools = {
        "haproxy": shutil.which("haproxy"),
        "redis-server": shutil.which("redis-server"),
        "initdb": postgres_bin("initdb"),
        "pg_ctl": postgres_bin("pg_ctl"),
    }
    return [name for name, path in tools.items() if not path]


def wait_for(probe, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not come up in {seconds:.0f} s")


def listening(port: int) -> bool:
    with socket.socket() as client:
        client.settimeout(0.5)
        return client.connect_ex(("127.0.0.1", port)) == 0


class Stack:
    def __init__(self, workdir: Path):
        self.dir = workdir
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports = {
            name: free_port()
            for name in ("postgres", "redis", "s3", "smtp", "web1", "web2", "proxy")
        }
        self.url = f"http://127.0.0.1:{self.ports['proxy']}"
        self.mail_dir = workdir / "mail"
        self.pgdata = workdir / "pgdata"
        self.bucket = "ocop-media"
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in APP_VARIABLES},
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
            "MARKETPLACE_VAR_DIR": str(workdir / "var"),
            "STATIC_ROOT": str(workdir / "static"),
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.url,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/ocop",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/1",
            # Elasticsearch cannot run here: a closed port, so every search
            # falls back to the embedded index (the fault of the issue).
            "ELASTICSEARCH_URL": f"http://127.0.0.1:{free_port()}",
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
            "S3_ACCESS_KEY_ID": "stack",
            "S3_SECRET_ACCESS_KEY": "stack-secret",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            "EMAIL_USE_TLS": "false",
            "TASK_RETRY_BASE_SECONDS": "2",
            "PAGE_CACHE_SECONDS": "60",
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    # ------------------------------------------------------------ processes

    def spawn(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 -- closed with the process
        process = subprocess.Popen(
            command,
            cwd=kwargs.pop("cwd", ROOT),
            env=kwargs.pop("env", self.env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        self.processes[name] = process
        return process

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=20)

    def manage(self, *args: str, timeout: int = 300) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}: {result.stderr[-3000:]}")
        return result.stdout

    def python(self, code: str) -> object:
        """Run Django code under the stack's settings; it prints JSON back."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    # ------------------------------------------------------------ services

    def postgres_start(self):
        self.spawn(
            "postgres",
            [
                "runuser", "-u", "postgres", "--",
                postgres_bin("postgres"), "-D", str(self.pgdata),
                "-p", str(self.ports["postgres"]), "-k", str(self.dir / "sockets"),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
            ],
            env={"PATH": os.environ["PATH"]},
        )  # fmt: skip
        wait_for(
            lambda: subprocess.run(
                [postgres_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p",
                 str(self.ports["postgres"]), "-U", "postgres"],
            ).returncode == 0,
            seconds=30,
            what="PostgreSQL",
        )  # fmt: skip

    def postgres_init(self):
        self.pgdata.mkdir()
        (self.dir / "sockets").mkdir()
        shutil.chown(self.pgdata, "postgres")
        shutil.chown(self.dir / "sockets", "postgres")
        subprocess.run(
            ["runuser", "-u", "postgres", "--", postgres_bin("initdb"), "-D",
             str(self.pgdata), "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.postgres_start()
        subprocess.run(
            [postgres_bin("createdb"), "-h", "127.0.0.1", "-p",
             str(self.ports["postgres"]), "-U", "postgres", "ocop"],
            check=True,
        )  # fmt: skip

    def redis_start(self):
        self.spawn(
            "redis",
            ["redis-server", "--port", str(self.ports["redis"]), "--bind",
             "127.0.0.1", "--save", "", "--appendonly", "no"],
        )  # fmt: skip
        wait_for(lambda: listening(self.ports["redis"]), seconds=15, what="Redis")

    def s3_start(self):
        self.spawn(
            "s3",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
             str(self.ports["s3"])],
        )  # fmt: skip
        wait_for(lambda: listening(self.ports["s3"]), seconds=30, what="moto")
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.env["S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="stack",
            aws_secret_access_key="stack-secret",
        )
        for bucket in (self.bucket, f"{self.bucket}-private"):
            client.create_bucket(Bucket=bucket)
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["s3:GetObject"],
                    "Resource": [f"arn:aws:s3:::{self.bucket}/*"],
                }
            ],
        }
        client.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(policy))

    def smtp_start(self):
        self.spawn(
            "smtp",
            [sys.executable, "-m", "tests.stack.smtp_sink", str(self.ports["smtp"]),
             str(self.mail_dir)],
        )  # fmt: skip
        wait_for(lambda: listening(self.ports["smtp"]), seconds=15, what="SMTP sink")

    def worker_start(self):
        self.spawn("worker", [sys.executable, "manage.py", "tasks_worker"])

    def web_start(self, name: str):
        self.spawn(
            name,
            [sys.executable, "-m", "gunicorn", "marketplace.wsgi", "-b",
             f"127.0.0.1:{self.ports[name]}", "--workers", "2", "--timeout", "60"],
        )  # fmt: skip
        self.warm(name)

    def warm(self, name: str):
        """A node is ready once its workers have booted and rendered the
        shop's pages once, as a deploy's readiness probe would wait: gunicorn
        listens before its workers have imported Django, and a first render
        on a loaded machine outlasts the balancer's 5 s check, so haproxy
        took both fresh nodes out and the first page was a 503 (CI, load 10)."""
        port = self.ports[name]
        wait_for(lambda: listening(port), seconds=60, what=name)
        node = Browser(f"http://127.0.0.1:{port}", behind_tls=True)
        wait_for(lambda: node.get("/healthz").status == 200, seconds=180, what=name)
        for _worker in range(2):  # each of the node's workers, most likely
            for path in PAGES:
                node.get(path)

    def proxy_start(self):
        env = {
            "PATH": os.environ["PATH"],
            "PROXY_BIND": f"127.0.0.1:{self.ports['proxy']}",
            "WEB1": f"127.0.0.1:{self.ports['web1']}",
            "WEB2": f"127.0.0.1:{self.ports['web2']}",
            "PROXY_CHECK_HOST": "127.0.0.1",
            "ERROR_PAGE_503": str(ROOT / "themes/ocop/templates/ops/503.html"),
        }
        self.spawn("proxy", ["haproxy", "-db", "-f", "deploy/haproxy.cfg"], env=env)
        wait_for(lambda: listening(self.ports["proxy"]), seconds=15, what="haproxy")

    def start(self):
        self.postgres_init()
        self.redis_start()
        self.s3_start()
        self.smtp_start()
        self.manage("migrate", "--noinput", timeout=600)
        self.manage("collectstatic", "--noinput", "--verbosity", "0", timeout=600)
        self.manage("load_demo", timeout=600)
        self.manage("search_rebuild", "--backend", "embedded", "--verbosity", "0")
        self.worker_start()
        self.web_start("web1")
        self.web_start("web2")
        self.proxy_start()
        self.wait_balanced()

    def wait_balanced(self, nodes: int = 2):
        """Until the balancer has answered as many health checks in a row as
        it has nodes (round robin: every node is in)."""
        balancer = Browser(self.url)
        wait_for(
            lambda: all(balancer.get("/healthz").status == 200 for _ in range(nodes)),
            seconds=120,
            what="the balancer's nodes",
        )

    def stop(self):
        for name in list(self.processes):
            if name == "postgres":
                continue
            self.kill(name, signal.SIGTERM)
        if "postgres" in self.processes:
            self.kill("postgres", signal.SIGINT)  # fast shutdown

    def logs_tail(self, lines: int = 40) -> str:
        """The end of every process's log, for a failed assertion to show."""
        return "\n".join(
            f"== {path.name}\n"
            + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            for path in sorted(self.dir.glob("*.log"))
        )

    # ------------------------------------------------------------ mail

    def mails(self) -> list[dict]:
        found = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            message = message_from_bytes(path.read_bytes())
            found.append(
                {
                    "to": message["To"],
                    "subject": str(make_header(decode_header(message["Subject"]))),
                    "message_id": message["Message-ID"],
                }
            )
        return found


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """A shopper through the balancer: keeps cookies itself (they are Secure,
    as behind TLS) and sends the CSRF token as a browser's form would."""

    def __init__(self, base: str, *, behind_tls: bool = False):
        """behind_tls: straight to a node, saying what the balancer would."""
        self.base = base
        self.cookies: dict[str, str] = {}
        self.extra_headers = {"X-Forwarded-Proto": "https"} if behind_tls else {}

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {
            "Origin": self.base.replace("http://", "https://"),
            "Referer": self.base.replace("http://", "https://") + "/",
            "User-Agent": "Mozilla/5.0 (Linux; Android 13) stack-run",
            **self.extra_headers,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, headers=headers, method=method
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                result = Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            result = Response(error.code, error.headers, error.read())
        for header in result.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value == '""' or "expires=Thu, 01 Jan 1970" in rest:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return result

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
