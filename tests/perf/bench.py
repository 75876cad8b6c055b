"""Load benchmark over HTTP, side by side with stock django-oscar 4.2.

    make bench                          # 100k products, 3 runs (first run builds ~30 min)
    make bench BENCH_ARGS="--products 5000 --runs 1 --seconds 4"
    make bench BENCH_ARGS="--database postgres --page-cache off"
    make bench BENCH_ARGS="--database postgres --page-cache on --churn 5"
    make bench BENCH_ARGS="--database postgres --prepare-only"   # seed now, time later

What it does, all on loopback:
1. Seeds (once) a catalogue with `seed_scale` — products, sellers, batches and
   their records — and builds the search index: in var/bench-<N>.sqlite3, or
   with `--database postgres` in the database mk_perf_bench_<N> on
   127.0.0.1:5432 (created when missing).
2. Builds (once) a stock Oscar 4.2 project serving a copy of that catalogue with
   Whoosh (tests/perf/stock_oscar.py), always on SQLite: it copies the rows of
   var/bench-<N>.sqlite3, seeded with the same seed (hence the same rows) when
   the run is on PostgreSQL.
3. Serves both with gunicorn (2 sync workers each): ours with production
   settings over plain HTTP (tests/perf/settings.py), Redis as the cache when it
   answers on 127.0.0.1:6379 (as in docker-compose), and the trace page's bytes
   as a static file through the same gunicorn + whitenoise (the upper bound).
4. Loads each page with Debian's wrk (installed with apt when missing and root):
   50 connections for throughput and errors, 2 for latency, `--runs` times;
   samples the workers' resident memory meanwhile; counts each page's queries
   in-process (tests/perf/prepare.py).
5. `--page-cache off` serves ours with PAGE_CACHE_SECONDS=0 (cards and search
   results stay cached: they are part of the application); `--churn N` runs a
   writer (tests/perf/churn.py) changing N prices or stock levels per second
   at random sellers during every timed page, and the table gives the page
   cache's measured hit rate (its X-Page-Cache header, counted by wrk).
6. Writes the medians and the ratios into docs/PERFORMANCE.md, one section
   per mode (database, page cache, churn).
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from tests.perf import stock_oscar

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
LUA = Path(__file__).with_name("wrk") / "report.lua"
OURS_PORT, STOCK_PORT = 8191, 8192  # within this project's bench range
REDIS = ("127.0.0.1", 6379)
POSTGRES = "postgres://postgres@127.0.0.1:5432"
STOCK_SECONDS = 12  # long enough to finish several of stock Oscar's slow pages
ORDERS_PER_SECOND = 50  # baskets prepared per second of an order run
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))

# (name, label, whether stock Oscar serves the same page)
PAGES = [
    ("home", "Home", False),
    ("category_p1", "Category listing, page 1", True),
    ("category_p50", "Category listing, page 50", True),
    ("product", "Product detail (200 products)", True),
    ("search", "Search (30 queries, repeated)", True),
    ("trace", "Trace page /t/<token> (200 batches)", False),
    ("add", "Add to basket (POST)", False),
    ("order", "Place order, cash on delivery (POST)", False),
]


def log(message: str):
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk with apt")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return shutil.which("wrk")
    sys.exit("wrk is missing: `apt-get install wrk` (Debian), then run again.")


def answers(address) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


def database_url(options) -> str:
    if options.database == "postgres":
        return f"{POSTGRES}/mk_perf_bench_{options.products}"
    return f"sqlite:///{sqlite_path(options)}"


def sqlite_path(options) -> Path:
    return VAR / f"bench-{options.products}.sqlite3"


def environment(options, static_root: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.perf.settings",
        "DATABASE_URL": database_url(options),
        "PAGE_CACHE_SECONDS": "300" if options.page_cache == "on" else "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "STATIC_ROOT": str(VAR / "bench-static"),
        "BENCH_STATIC_ROOT": str(static_root),
        "ELASTICSEARCH_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    # Several workers share one cache only through Redis (production's cache).
    env["REDIS_URL"] = "redis://127.0.0.1:6379/7" if answers(REDIS) else ""
    return env


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def rows(url: str, table: str) -> int:
    """Rows of a table, 0 when the database or the table does not exist yet."""
    query = f"SELECT count(*) FROM {table}"  # noqa: S608
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return 0
        with sqlite3.connect(path) as db:
            try:
                return db.execute(query).fetchone()[0]
            except sqlite3.OperationalError:
                return 0
    import psycopg

    try:
        with psycopg.connect(url) as db:
            return db.execute(query).fetchone()[0]
    except psycopg.Error:
        return 0


def postgres_database(url: str, *, fresh: bool) -> None:
    """Creates the bench's own database (dropped first when `fresh`)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as db:
        if fresh:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        found = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if not found.fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def build_ours(options, env):
    url = env["DATABASE_URL"]
    stale = not rows(url, "traceability_batch")
    if url.startswith("sqlite:///"):
        database = sqlite_path(options)
        if database.exists() and stale:
            log(f"{database.name} predates batches in seed_scale: seeding it again")
            database.unlink()
        seeded = database.exists()
    else:
        postgres_database(url, fresh=stale)
        seeded = not stale
    manage("migrate", "--noinput", "-v0", env=env)
    if not seeded:
        log(f"seeding the demo and {options.products} products (seed_scale)")
        manage("load_demo", env=env)
        manage(
            "seed_scale",
            f"--products={options.products}",
            f"--sellers={max(options.products // 50, 10)}",
            "--seed=2026",
            env=env,
        )
    if rows(url, "wagtailsearch_indexentry") < options.products:
        log("building the search index (search_rebuild)")
        manage("search_rebuild", "--verbosity", "0", env=env)
    elif rows(url, "search_productfacts") < options.products:
        log("building the prefix index and the facets' rows (search_rebuild)")
        manage("search_rebuild", "--derived-only", "--verbosity", "0", env=env)
    analyze(url)
    manage("collectstatic", "--noinput", "-v0", env=env)


def analyze(url: str) -> None:
    """Planner statistics after the bulk load, as autovacuum would gather them
    on a production server (it is off on this machine's PostgreSQL: without
    them the planner took 57k rows for 2 and the home page's featured
    products cost 264 ms instead of 1 ms)."""
    if url.startswith("sqlite:///"):
        return  # nothing gathers SQLite's statistics in production either
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("ANALYZE")


def serve(argv, *, env, cwd, port) -> subprocess.Popen:
    """Starts a server whose output goes to var/bench-<port>.log (a pipe nobody
    reads would fill up and stall the workers)."""
    logfile = VAR / f"bench-{port}.log"
    with logfile.open("w") as output:
        server = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    for _ in range(120):
        if answers(("127.0.0.1", port)):
            return server
        if server.poll() is not None:
            sys.exit(f"server on port {port} failed: see {logfile}")
        time.sleep(0.5)
    sys.exit(f"server on port {port} did not start: see {logfile}")


def workers(master: subprocess.Popen) -> list[int]:
    path = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemoryWatch:
    """Peak resident memory of a gunicorn master's workers while a load runs."""

    def __init__(self, master):
        self.master, self.peak, self.running = master, 0.0, False

    def __enter__(self):
        self.running = True
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()
        return self

    def watch(self):
        while self.running:
            for pid in workers(self.master):
                self.peak = max(self.peak, rss_mb(pid))
            time.sleep(0.2)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def http(port, path, *, cookie="", data=None, timeout=30) -> tuple[int, dict, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=urllib.parse.urlencode(data).encode() if data is not None else None,
        headers={"Cookie": cookie} if cookie else {},
    )
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def set_cookies(headers) -> dict:
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


class Shopper:
    """Anonymous visitors' form posts, prepared over HTTP before a timed run:
    one CSRF cookie and token, a basket per order."""

    def __init__(self, port, product_path, address):
        self.port, self.address = port, address
        status, headers, html = http(port, product_path)
        self.csrf_cookie = set_cookies(headers)["csrftoken"]
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    @property
    def cookie(self) -> str:
        return f"csrftoken={self.csrf_cookie}"

    def add_line(self, product_id) -> str:
        body = urllib.parse.urlencode(
            {"quantity": 1, "csrfmiddlewaretoken": self.token}
        )
        return f"POST\t/basket/add/{product_id}/\t{self.cookie}\t{body}"

    def order_line(self, product_id) -> str | None:
        form = {"quantity": 1, "csrfmiddlewaretoken": self.token}
        status, headers, _ = http(
            self.port, f"/basket/add/{product_id}/", cookie=self.cookie, data=form
        )
        basket = set_cookies(headers).get("oscar_open_basket")
        if status == 302 and not basket:
            return None  # sold out meanwhile (--churn): no basket to check out
        assert status == 302 and basket, ("add to basket", status)
        cookie = f"{self.cookie}; oscar_open_basket={basket}"
        status, _, html = http(self.port, "/checkout/", cookie=cookie)
        snapshot = re.search(r'name="snapshot" value="([^"]+)"', html)
        assert status == 200 and snapshot, ("checkout page", status)
        body = urllib.parse.urlencode(
            {
                **self.address,
                "payment_method": "cod",
                "snapshot": snapshot[1],
                "csrfmiddlewaretoken": self.token,
            }
        )
        return f"POST\t/checkout/\t{cookie}\t{body}"

    def orders(self, product_ids, count) -> list[str]:
        picks = [product_ids[i % len(product_ids)] for i in range(count)]
        with ThreadPoolExecutor(4) as pool:
            return [line for line in pool.map(self.order_line, picks) if line]


def wrk(binary, port, lines, *, connections, seconds, once=False) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as file:
        file.write("\n".join(lines) + "\n")
    try:
        result = subprocess.run(
            [
                binary,
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(LUA),
                f"http://127.0.0.1:{port}",
            ],
            env={
                **os.environ,
                "BENCH_REQUESTS": file.name,
                "BENCH_ONCE": "1" if once else "0",
            },
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(file.name)
    # wrk leaves up to `connections` requests queued in the server: the next
    # run starts once they are served (this request waits behind them).
    method, path = lines[0].split("\t")[:2]
    http(port, path if method == "GET" else "/", timeout=600)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    summary["error_count"] = sum(summary["errors"].values())
    return summary


def gets(paths) -> list[str]:
    return [f"GET\t{path}\t\t" for path in paths]


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return (
        f"{os.cpu_count()} cores ({model}){memory}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}"
    )


def ms(us) -> str:
    return f"{us / 1000:.1f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def mode(options) -> str:
    churn = f", churn {options.churn:g}/s" if options.churn else ""
    return f"{options.database}, page cache {options.page_cache}{churn}"


def tag(options) -> str:
    churn = f"-churn-{options.churn:g}" if options.churn else ""
    return f"{options.database}-cache-{options.page_cache}{churn}"


def markers(options) -> tuple[str, str]:
    """The first mode keeps the markers of the original SQLite table."""
    if tag(options) == "sqlite-cache-on":
        return START, END
    return f"<!-- bench:{tag(options)}:start -->", f"<!-- bench:{tag(options)}:end -->"


def hit_rate(runs) -> float | None:
    hits = sum(run.get("cache_hits", 0) for run in runs)
    answered = hits + sum(run.get("cache_misses", 0) for run in runs)
    return hits / answered if answered else None


def report(options, results, memory, queries, cache, runs_done) -> str:
    """The section of docs/PERFORMANCE.md between this mode's bench markers."""
    ours = {key: value for key, value in results.items() if key[0] == "ours"}
    churn = ""
    if options.churn:
        churn = (
            f" A writer changed {options.churn:g} prices or stock levels per second "
            f"at random sellers during every timed page (measured: "
            f"{queries.get('churn_rate', 0):.1f}/s)."
        )
    smoke = options.products < 100_000 or runs_done < 3
    out = [
        (
            "**Smoke run** (a small catalogue or fewer than 3 runs: it proves the "
            "mode runs end to end; its figures are not for comparison). "
            if smoke
            else ""
        )
        + f"**Mode: {mode(options)}.** Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"on {machine()}; database {options.database}; {options.products:,} "
        f"products; medians of {runs_done} runs of {options.seconds} s per page "
        f'and concurrency (`make bench BENCH_ARGS="--database {options.database} '
        f"--page-cache {options.page_cache}"
        f"{f' --churn {options.churn:g}' if options.churn else ''}"
        f"{f' --products {options.products}' if options.products != 100_000 else ''}"
        f'"`). Cache: {cache}.{churn} Stock Oscar runs on SQLite (its own project, '
        "a copy of the same catalogue rows).",
        "",
        "At 50 connections (2 gunicorn workers, wrk on the same machine):",
        "",
        "| Page | req/s | p50 ms | p95 ms | p99 ms | Errors | Page cache hits "
        "| Queries (uncached / cached) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, label, _compared in PAGES:
        runs = ours.get(("ours", name, 50))
        if not runs:
            continue
        count = queries.get(name)
        counted = f"{count['uncached']} / {count['cached']}" if count else "–"
        rate = hit_rate(runs)
        out.append(
            f"| {label} | {median(runs, 'rps'):.0f} | {ms(median(runs, 'p50_us'))} "
            f"| {ms(median(runs, 'p95_us'))} | {ms(median(runs, 'p99_us'))} "
            f"| {sum(r['error_count'] for r in runs)} "
            f"| {'–' if rate is None else f'{rate:.0%}'} | {counted} |"
        )
    out += [
        "",
        "At 2 connections (one per worker: latency without queueing), and stock "
        f"Oscar at 2 connections for {STOCK_SECONDS} s:",
        "",
        "| Page | Ours req/s | p50 ms | p95 ms | p99 ms | Page cache hits "
        "| Stock Oscar req/s | Stock p95 ms | Ours ÷ stock |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    ratios, p95 = {}, {}
    hits = [hit_rate(runs) for key, runs in ours.items() if hit_rate(runs) is not None]
    for name, label, _compared in PAGES:
        runs = ours.get(("ours", name, 2))
        if not runs:
            continue
        p95[name] = median(runs, "p95_us") / 1000
        stock = results.get(("stock", name, 2))
        ratio = None
        if stock and median(stock, "rps"):
            ratio = ratios[name] = median(runs, "rps") / median(stock, "rps")
        stock_rps = f"{median(stock, 'rps'):.1f}" if stock else "–"
        stock_p95 = ms(median(stock, "p95_us")) if stock else "–"
        rate = hit_rate(runs)
        out.append(
            f"| {label} | {median(runs, 'rps'):.0f} "
            f"| {ms(median(runs, 'p50_us'))} | {ms(median(runs, 'p95_us'))} "
            f"| {ms(median(runs, 'p99_us'))} "
            f"| {'–' if rate is None else f'{rate:.0%}'} | {stock_rps} | {stock_p95} "
            f"| {f'{ratio:.1f}×' if ratio else '–'} |"
        )
    static = results[("static", "trace", 50)]
    trace_ratio = median(ours[("ours", "trace", 50)], "rps") / median(static, "rps")
    errors = sum(
        r["error_count"] for (_s, _n, c), runs in ours.items() for r in runs if c == 50
    )
    out += [
        "",
        f"Static upper bound: the trace page's {queries['trace_bytes']:,} bytes as a "
        f"file from the same gunicorn + whitenoise: {median(static, 'rps'):.0f} req/s, "
        f"p95 {ms(median(static, 'p95_us'))} ms; the trace page reaches "
        f"{trace_ratio:.0%} of it.",
        "",
        f"Peak resident memory per worker: ours {memory['ours']:.0f} MB, "
        f"stock Oscar {memory['stock']:.0f} MB.",
        "",
        "| Target (issue 15; p95 at 2 connections) | Measured | |",
        "|---|---|---|",
    ]
    for name, label, times, budget in (
        ("category_p1", "Category listing p1", 20, 50),
        ("category_p50", "Category listing p50", 20, 50),
        ("product", "Product detail", 3, 30),
    ):
        if name in ratios:
            out.append(
                f"| {label} ≥ {times}× stock Oscar, p95 ≤ {budget} ms "
                f"| {ratios[name]:.1f}×, {p95[name]:.0f} ms "
                f"| {verdict(ratios[name] >= times and p95[name] <= budget)} |"
            )
    for name, label, budget in (
        ("home", "Home", 50),
        ("search", "Search (30 queries, repeated)", 100),
        ("order", "Place order (COD)", 150),
        ("add", "Add to basket", 50),
    ):
        if name in p95:
            out.append(
                f"| {label} p95 ≤ {budget} ms | {p95[name]:.0f} ms "
                f"| {verdict(p95[name] <= budget)} |"
            )
    out += [
        f"| Trace page ≥ 50 % of the static bound | {trace_ratio:.0%} "
        f"| {verdict(trace_ratio >= 0.5)} |",
        f"| No errors at 50 connections | {errors} | {verdict(errors == 0)} |",
        f"| Each worker ≤ 300 MB resident | {memory['ours']:.0f} MB "
        f"| {verdict(memory['ours'] <= 300)} |",
    ]
    if options.churn and options.page_cache == "on" and hits:
        lowest = min(hits)
        out.append(
            f"| Page cache hit rate ≥ 90 % under churn (lowest page) | {lowest:.0%} "
            f"| {verdict(lowest >= 0.9)} |"
        )
    return "\n".join(out)


def write_doc(section: str, options=None, *, start="", end="", heading: str = ""):
    """Replace the section between the markers in docs/PERFORMANCE.md (the
    mode's, or another bench's own), or add it under `heading` at the end."""
    if not start:
        start, end = markers(options)
    text = DOC.read_text()
    block = f"{start}\n{section}\n{end}"
    if start in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = (
            text.rstrip()
            + "\n\n"
            + (f"{heading}\n\n" if heading else "")
            + block
            + "\n"
        )
    DOC.write_text(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--page-cache", choices=["on", "off"], default="on")
    parser.add_argument(
        "--churn", type=float, default=0, help="price/stock changes per second"
    )
    parser.add_argument("--no-doc", action="store_true", help="print, do not write")
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="seed and build (slow, untimed), then stop: time later on a quiet machine",
    )
    options = parser.parse_args()

    binary = ensure_wrk()
    static_root = VAR / "bench-root"
    VAR.mkdir(exist_ok=True)
    env = environment(options, static_root)
    static_root.mkdir(parents=True, exist_ok=True)
    cache = "Redis" if env["REDIS_URL"] else "local memory per worker (no Redis)"
    build_ours(options, env)
    if options.database != "sqlite":
        log("the SQLite twin of the catalogue, for stock Oscar to copy")
        build_ours(
            argparse.Namespace(**{**vars(options), "database": "sqlite"}),
            environment(
                argparse.Namespace(**{**vars(options), "database": "sqlite"}),
                static_root,
            ),
        )
    stock_dir = VAR / f"stock-oscar-{options.products}"
    log("stock Oscar project (built once per catalogue)")
    stock_oscar.build(stock_dir, sqlite_path(options))
    if options.prepare_only:
        log("prepared; run again without --prepare-only to time the pages")
        return

    if env["REDIS_URL"]:
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    with tempfile.NamedTemporaryFile(suffix=".json") as file:
        subprocess.run(
            [PY, "-m", "tests.perf.prepare", file.name], cwd=ROOT, env=env, check=True
        )
        plan = json.loads(Path(file.name).read_text())
    pages, queries = plan["pages"], plan["queries"]
    queries["trace_bytes"] = (static_root / "trace-static.html").stat().st_size

    ours = serve(
        [
            GUNICORN,
            "marketplace.wsgi:application",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{OURS_PORT}",
        ],
        env=env,
        cwd=ROOT,
        port=OURS_PORT,
    )
    stock = stock_oscar.serve(stock_dir, STOCK_PORT)
    results, memory = {}, {"ours": 0.0, "stock": 0.0}
    churn = None
    try:
        # Every page once, not timed: thumbnails, caches, gunicorn's imports.
        for site, port in (("ours", OURS_PORT), ("stock", STOCK_PORT)):
            for name, _label, compared in PAGES:
                for path in pages.get(name, []) if site == "ours" or compared else []:
                    # A worker's first request imports and indexes much.
                    status, _, _ = http(port, path, timeout=180)
                    assert status == 200, (site, path, status)
        shopper = Shopper(OURS_PORT, pages["product"][0], plan["address"])
        adds = [shopper.add_line(pk) for pk in plan["basket_products"]]
        if options.churn:
            churn = Churn(options.churn, env)
        for run in range(1, options.runs + 1):
            for connections in (50, 2):
                for name, label, compared in PAGES:
                    once = name == "order"
                    if name == "order":
                        # Each basket is checked out once: prepared per run.
                        count = ORDERS_PER_SECOND * options.seconds
                        lines = shopper.orders(plan["basket_products"], count)
                    else:
                        lines = adds if name == "add" else gets(pages[name])
                    log(f"run {run}: {label}, {connections} connections")
                    with MemoryWatch(ours) as watch:
                        summary = wrk(
                            binary,
                            OURS_PORT,
                            lines,
                            connections=connections,
                            seconds=options.seconds,
                            once=once,
                        )
                    memory["ours"] = max(memory["ours"], watch.peak)
                    if once and summary["requests"] >= len(lines):
                        log("baskets ran out before the end: req/s is a lower bound")
                    results.setdefault(("ours", name, connections), []).append(summary)
                    # Two connections keep both sync workers busy without a
                    # queue: throughput compared without minutes of backlog
                    # on stock Oscar's multi-second pages.
                    if compared and connections == 2:
                        with MemoryWatch(stock) as watch:
                            summary = wrk(
                                binary,
                                STOCK_PORT,
                                gets(pages[name]),
                                connections=2,
                                seconds=max(options.seconds, STOCK_SECONDS),
                            )
                        memory["stock"] = max(memory["stock"], watch.peak)
                        results.setdefault(("stock", name, 2), []).append(summary)
            results.setdefault(("static", "trace", 50), []).append(
                wrk(
                    binary,
                    OURS_PORT,
                    gets(["/trace-static.html"]),
                    connections=50,
                    seconds=options.seconds,
                )
            )
            # After every run, so a long benchmark cut short still reports.
            if churn:
                queries["churn_rate"] = churn.rate()
            publish(options, results, memory, queries, cache, runs_done=run)
    finally:
        for server in (ours, stock):
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        if churn:
            churn.stop()


class Churn:
    """The writer of tests/perf/churn.py, running through every timed page."""

    def __init__(self, rate: float, env: dict):
        self.out = VAR / "bench-churn.json"
        self.out.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [PY, "-m", "tests.perf.churn", f"--rate={rate}", f"--out={self.out}"],
            cwd=ROOT,
            env=env,
        )

    def rate(self) -> float:
        """Changes made per second so far, as the writer counts them."""
        if not self.out.exists():
            return 0.0
        done = json.loads(self.out.read_text())
        return done["changes"] / max(done["seconds"], 1e-9)

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


def publish(options, results, memory, queries, cache, *, runs_done):
    raw = {" ".join(map(str, key)): runs for key, runs in results.items()}
    (VAR / f"bench-results-{tag(options)}.json").write_text(json.dumps(raw, indent=1))
    section = report(options, results, memory, queries, cache, runs_done)
    print(section)
    if not options.no_doc:
        write_doc(section, options)
        log(f"wrote {DOC.relative_to(ROOT)} after run {runs_done}")


if __name__ == "__main__":
    main()
