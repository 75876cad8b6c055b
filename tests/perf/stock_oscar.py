"""Stock django-oscar 4.2 serving our generated catalogue, for `make bench`.

    python -m tests.perf.stock_oscar --source var/bench-2000.sqlite3 \\
        --workdir var/stock-oscar --port 8100

The benchmark compares our site with Oscar as its documentation sets it up
("Building your own shop"): unforked apps, Oscar's templates and defaults, and a
haystack backend that really lists products (Whoosh; the simple backend lists
none, and Oscar 4 browses categories through haystack). It lives in its own
virtualenv under `workdir` with nothing of ours installed, and gets the same
catalogue by copying the rows of Oscar's own tables from our database: our forks
keep Oscar's app labels, so the table names match.

Importing this module does nothing; `build` takes minutes the first time and is
cached on the source database's path, size and modification time.
"""

import argparse
import hashlib
import json
import math
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

REQUIREMENTS = [
    "django-oscar[sorl-thumbnail]==4.2.*",
    "Django==5.2.*",
    "django-haystack",
    "Whoosh",
    "gunicorn",
]
# Parents before children, so the copy reads like the foreign keys.
CATALOGUE_TABLES = [
    "catalogue_productclass",
    "catalogue_category",
    "catalogue_product",
    "catalogue_productcategory",
    "partner_partner",
    "partner_stockrecord",
]
PRODUCTS_PER_PAGE = 20  # OSCAR_PRODUCTS_PER_PAGE in oscar.defaults
DEEP_PAGE = 50
SEARCH_WORD = "chè"

SETTINGS = '''"""Oscar's "Building your own shop" settings, nothing more (generated)."""

from pathlib import Path

from oscar.defaults import *  # noqa: F403

WORKDIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "stock-oscar-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
]
SITE_ID = 1
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"  # as Oscar's sandbox; no W042

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": WORKDIR / "db.sqlite3",
        "ATOMIC_REQUESTS": True,
    }
}
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": str(WORKDIR / "whoosh_index"),
    },
}

STATIC_URL = "/static/"
STATIC_ROOT = WORKDIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = WORKDIR / "media"
'''

URLS = '''"""Oscar's URLs as its documentation includes them (generated)."""

from django.apps import apps
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
'''

WSGI = """from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
"""

MANAGE = """import sys

from django.core.management import execute_from_command_line

execute_from_command_line(sys.argv)
"""

INDEX_PRODUCTS = '''"""`rebuild_index` for Oscar's products, its documents unchanged (generated).

haystack's Whoosh backend prepares and analyses every product in one process
(and, batch after batch, looks each document up in the segments already
written): over 15 min for 100k products. Here worker processes run Oscar's
ProductIndex.full_prepare and Whoosh's own multiprocess writer analyses and
writes the documents, one segment per writer process."""

import multiprocessing
import sys

import django

django.setup()

from django.db import connections as databases  # noqa: E402
from haystack import connections  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402

CHUNK = 1000


def prepare(pks):
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(
        get_model("catalogue", "Product")
    )
    documents = []
    for product in index.build_queryset(using="default").filter(pk__in=pks):
        document = index.full_prepare(product)
        document.pop("boost", None)
        documents.append({k: backend._from_python(v) for k, v in document.items()})
    return documents


def main(workers):
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(
        get_model("catalogue", "Product")
    )
    backend.clear()
    backend.setup()
    pks = list(index.build_queryset(using="default").values_list("pk", flat=True))
    databases.close_all()  # each worker opens its own SQLite connection
    chunks = [pks[start : start + CHUNK] for start in range(0, len(pks), CHUNK)]
    writer = backend.index.writer(procs=workers, multisegment=True, limitmb=256)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for documents in pool.imap(prepare, chunks):
            for document in documents:
                writer.add_document(**document)
    writer.commit()


if __name__ == "__main__":
    main(int(sys.argv[1]))
'''

PROJECT_FILES = {
    "manage.py": MANAGE,
    "index_products.py": INDEX_PRODUCTS,
    "shop/__init__.py": "",
    "shop/settings.py": SETTINGS,
    "shop/urls.py": URLS,
    "shop/wsgi.py": WSGI,
}


def _say(message: str) -> None:
    print(f"stock-oscar: {message}", file=sys.stderr, flush=True)


def _recipe() -> str:
    """Changes to what is installed or generated invalidate a cached build."""
    text = json.dumps([REQUIREMENTS, CATALOGUE_TABLES, PROJECT_FILES])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _env() -> dict[str, str]:
    """The stock project's environment: none of our project's settings leak in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "shop.settings"
    return env


def _python(workdir: Path) -> Path:
    return workdir / "venv" / "bin" / "python"


def _manage(workdir: Path, *args: str) -> None:
    subprocess.run(
        [_python(workdir), "manage.py", *args], cwd=workdir, env=_env(), check=True
    )


def _ensure_venv(workdir: Path) -> None:
    """A virtualenv of its own, installed through the same pip configuration."""
    venv = workdir / "venv"
    marker = venv / ".requirements"
    wanted = "\n".join(REQUIREMENTS)
    if marker.exists() and marker.read_text() == wanted:
        return
    subprocess.run([sys.executable, "-m", "venv", "--clear", venv], check=True)
    subprocess.run(
        [_python(workdir), "-m", "pip", "install", "--quiet", *REQUIREMENTS],
        env=_env(),
        check=True,
    )
    marker.write_text(wanted)


def _write_project(workdir: Path) -> None:
    for name, text in PROJECT_FILES.items():
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _fill(declared_type: str) -> str:
    """A SQL literal for a NOT NULL column stock Oscar has and our fork lacks."""
    kind = declared_type.lower()
    if "char" in kind or "text" in kind:
        return "''"
    if "date" in kind or "time" in kind:
        return "CURRENT_TIMESTAMP"
    return "0"


def copy_catalogue(*, source_db: Path, target_db: Path) -> dict[str, int]:
    """Copy the catalogue tables' shared columns in one SQLite statement each."""
    copied = {}
    connection = sqlite3.connect(f"file:{target_db}", uri=True)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("ATTACH DATABASE ? AS src", (f"file:{source_db}?mode=ro",))
        with connection:
            for table in CATALOGUE_TABLES:
                theirs = {
                    row[1]: row
                    for row in connection.execute(f"PRAGMA main.table_info({table})")
                }
                ours = {
                    row[1]
                    for row in connection.execute(f"PRAGMA src.table_info({table})")
                }
                shared = [name for name in theirs if name in ours]
                filled = {
                    name: _fill(row[2])
                    for name, row in theirs.items()
                    if name not in ours and row[3] and row[4] is None and not row[5]
                }
                columns = ", ".join(f'"{name}"' for name in [*shared, *filled])
                values = ", ".join(
                    [*(f'"{name}"' for name in shared), *filled.values()]
                )
                connection.execute(f"DELETE FROM main.{table}")
                cursor = connection.execute(
                    f"INSERT INTO main.{table} ({columns}) "
                    f"SELECT {values} FROM src.{table}"
                )
                copied[table] = cursor.rowcount
    finally:
        connection.close()
    return copied


def _source_stamp(source_db: Path) -> dict:
    """What identifies the catalogue: not the file's size or time, which every
    benchmark run changes (orders, scans, baskets) without touching products."""
    with sqlite3.connect(f"file:{source_db}?mode=ro", uri=True) as connection:
        counts = [
            list(
                connection.execute(f"SELECT count(*), max(id) FROM {table}").fetchone()
            )  # noqa: S608
            for table in CATALOGUE_TABLES
        ]
    return {"source": str(source_db.resolve()), "rows": counts, "recipe": _recipe()}


def build(workdir: Path, source_db: Path, *, index_workers: int = 2) -> dict:
    """Make `workdir` a stock Oscar shop holding `source_db`'s catalogue.

    Returns seconds per step; an empty dict when the cached build still holds."""
    workdir, source_db = Path(workdir).resolve(), Path(source_db).resolve()
    marker = workdir / "built.json"
    stamp = _source_stamp(source_db)
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        _say(f"cached build in {workdir} holds {source_db.name}")
        return {}
    workdir.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    timings = {}

    started = time.monotonic()
    _ensure_venv(workdir)
    _write_project(workdir)
    timings["venv"] = time.monotonic() - started
    _say(f"virtualenv ready in {timings['venv']:.0f} s")

    started = time.monotonic()
    (workdir / "db.sqlite3").unlink(missing_ok=True)
    _manage(workdir, "migrate", "--noinput", "-v0")
    timings["migrate"] = time.monotonic() - started
    _say(f"migrated in {timings['migrate']:.0f} s")

    started = time.monotonic()
    copied = copy_catalogue(source_db=source_db, target_db=workdir / "db.sqlite3")
    timings["copy"] = time.monotonic() - started
    _say(f"copied {copied} in {timings['copy']:.1f} s")

    started = time.monotonic()
    subprocess.run(
        [_python(workdir), "index_products.py", str(index_workers)],
        cwd=workdir,
        env=_env(),
        check=True,
    )
    timings["index"] = time.monotonic() - started
    _say(f"Whoosh index rebuilt in {timings['index']:.0f} s")

    marker.write_text(json.dumps(stamp))
    return timings


def serve(workdir: Path, port: int, *, timeout: float = 60) -> subprocess.Popen:
    """Start gunicorn (2 sync workers) and return once it accepts connections."""
    workdir = Path(workdir).resolve()
    process = subprocess.Popen(
        [
            workdir / "venv" / "bin" / "gunicorn",
            "shop.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=workdir,
        env=_env(),
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise TimeoutError(f"stock Oscar did not listen on port {port} in {timeout} s")


def _category_path(connection: sqlite3.Connection, path: str, depth: int) -> str:
    """Oscar's full slug: the slugs of the treebeard ancestors, then its own."""
    steplen = len(path) // depth
    prefixes = [path[: steplen * level] for level in range(1, depth + 1)]
    slugs = dict(
        connection.execute(
            "SELECT path, slug FROM catalogue_category WHERE path IN "
            f"({', '.join('?' * len(prefixes))})",
            prefixes,
        ).fetchall()
    )
    return "/".join(slugs[prefix] for prefix in prefixes)


def sample_urls(database: Path) -> dict[str, str]:
    """Paths of real pages: the fullest category (page 1 and page 50, or its
    last page when it has fewer), a product with a price, and a search.

    `database` is our source database or a stock build's workdir."""
    database = Path(database)
    if database.is_dir():
        database = database / "db.sqlite3"
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        pk, path, depth, count = connection.execute(
            "SELECT c.id, c.path, c.depth, count(*) AS n FROM catalogue_category c "
            "JOIN catalogue_productcategory pc ON pc.category_id = c.id "
            "JOIN catalogue_product p ON p.id = pc.product_id AND p.is_public "
            "GROUP BY c.id ORDER BY n DESC, c.id LIMIT 1"
        ).fetchone()
        (priced,) = connection.execute(
            "SELECT count(DISTINCT product_id) FROM partner_stockrecord"
        ).fetchone()
        product_pk, product_slug = connection.execute(
            "SELECT p.id, p.slug FROM catalogue_product p "
            "WHERE p.is_public AND p.id IN (SELECT product_id FROM partner_stockrecord) "
            "ORDER BY p.id LIMIT 1 OFFSET ?",
            (priced // 2,),
        ).fetchone()
        category = (
            f"/catalogue/category/{_category_path(connection, path, depth)}_{pk}/"
        )
    finally:
        connection.close()
    deep_page = min(DEEP_PAGE, math.ceil(count / PRODUCTS_PER_PAGE))
    return {
        "category": category,
        "category_deep": f"{category}?page={deep_page}",
        "product": f"/catalogue/{product_slug}_{product_pk}/",
        "search": f"/search/?q={quote(SEARCH_WORD)}",
    }


def _interrupt(signum, frame):
    """SIGTERM stops gunicorn as Ctrl-C does, not leaving it orphaned."""
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, default=Path("var/stock-oscar"))
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--index-workers", type=int, default=2)
    options = parser.parse_args()
    timings = build(
        options.workdir, options.source, index_workers=options.index_workers
    )
    if timings:
        _say(", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()))
    process = serve(options.workdir, options.port)
    for name, path in sample_urls(options.workdir).items():
        print(f"{name}: http://127.0.0.1:{options.port}{path}", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
