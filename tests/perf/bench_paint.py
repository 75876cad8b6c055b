"""What a slow phone downloads and when it first paints, per shopper page.

    make bench-paint
    make bench-paint BENCH_ARGS="--runs 3"

What it does, all on loopback:
1. Builds (once) the demo shop in var/bench-paint.sqlite3 (`migrate`,
   `load_demo`, `search_rebuild`) and collects the static files.
2. Serves it with gunicorn (2 sync workers) under production settings over
   plain HTTP (tests/perf/settings.py): whitenoise serves the static files,
   compressed and cache-busted, exactly as in production.
3. Opens each page in Debian's chromium through Playwright in a fresh context
   (first view, empty cache) with DevTools throttling: 400 kbps down, 400 ms
   round trip, CPU 4x slower (`Network.emulateNetworkConditions`,
   `Emulation.setCPUThrottlingRate`). The basket and checkout are opened after
   putting one product in the basket without throttling.
4. Counts requests and bytes on the wire (DevTools' `encodedDataLength`:
   compressed bodies plus headers), split into HTML + CSS + JS + fonts and
   images, reads first contentful paint from the page, and writes the medians
   into docs/PERFORMANCE.md between the `paint:` markers.

Media (product pictures) are not served by Django under production settings
unless an object store or a media route serves them; what is served is
counted, what is not shows as a failed request and no bytes.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from tests.perf.bench import GUNICORN, PY, ROOT, VAR, answers, log, machine, serve

DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- paint:start -->", "<!-- paint:end -->"
PORT = 8150
CHROMIUM = "/usr/bin/chromium"
DOWN_KBPS, RTT_MS, CPU_SLOWDOWN = 400, 400, 4
FCP_GOAL_MS = 2500
BUDGET_BYTES = 60 * 1024  # HTML + CSS + JS + fonts, compressed, first view
TEXT_TYPES = {"Document", "Stylesheet", "Script", "Font"}

# The pages a shopper meets, in the order of a visit; their URLs come from the
# demo data (pages_from_demo).
PAGES = [
    ("home", "Home"),
    ("category", "Category listing"),
    ("search", "Search results"),
    ("product", "Product detail"),
    ("storefront", "Seller storefront"),
    ("sellers", "Sellers directory"),
    ("campaign", "Campaign page"),
    ("livestream", "Livestream page"),
    ("basket", "Basket (one product)"),
    ("checkout", "Checkout"),
    ("trace", "Trace page /t/<token>"),
]

DEMO_URLS = """
import json
from django.apps import apps
from marketplace.cms.models import CampaignPage, LivestreamPage
Product = apps.get_model("catalogue", "Product")
Category = apps.get_model("catalogue", "Category")
Partner = apps.get_model("partner", "Partner")
Batch = apps.get_model("traceability", "Batch")
product = Product.objects.filter(upc="OCOP-CM-002").first() or Product.objects.first()
category = product.get_categories().first() or Category.objects.first()
seller = Partner.objects.filter(profile__isnull=False).order_by("pk").first()
buyable = next(
    p for p in Product.objects.filter(stockrecords__num_in_stock__gt=0)
    .exclude(structure="parent").order_by("pk")
)
print(json.dumps({
    "home": "/",
    "category": category.get_absolute_url(),
    "search": "/search/?q=che",
    "product": product.get_absolute_url(),
    "storefront": seller.profile.get_absolute_url(),
    "sellers": "/sellers/",
    "campaign": CampaignPage.objects.live().first().url,
    "livestream": LivestreamPage.objects.live().first().url,
    "buyable": f"/basket/add/{buyable.pk}/",
    "buyable_page": buyable.get_absolute_url(),
    "basket": "/basket/",
    "checkout": "/checkout/",
    "trace": Batch.objects.order_by("pk").first().get_absolute_url(),
}))
"""


def environment(database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.perf.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(VAR / "bench-paint-static"),
        "MARKETPLACE_VAR_DIR": str(VAR / "bench-paint"),
        "MEDIA_ROOT": str(VAR / "bench-paint-media"),
        "REDIS_URL": "",
        "ELASTICSEARCH_URL": "",
        "PYTHONPATH": str(ROOT),
    }


def manage(*args, env) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def build(database: Path, env: dict) -> dict:
    fresh = not database.exists()
    manage("migrate", "--noinput", "-v0", env=env)
    if fresh:
        log("loading the demo shop (load_demo, search_rebuild)")
        manage("load_demo", env=env)
        manage("search_rebuild", "--verbosity", "0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    return json.loads(
        manage("shell", "-c", DEMO_URLS, env=env).strip().splitlines()[-1]
    )


def throttle(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": RTT_MS,
            "downloadThroughput": DOWN_KBPS * 1000 / 8,
            "uploadThroughput": DOWN_KBPS * 1000 / 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return cdp


def measure(browser, base: str, name: str, urls: dict) -> dict:
    """One first view of one page: requests, bytes by kind, first paint."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(120_000)
    if name in ("basket", "checkout"):
        # A product in the basket first (the add form's CSRF token comes
        # from its page), unthrottled: only the page itself is measured.
        page.goto(base + urls["buyable_page"])
        page.locator(
            f"form[action='{urls['buyable']}'] button[type=submit]"
        ).first.click()
        page.wait_for_load_state("load")
    cdp = throttle(context, page)
    cdp.send("Network.clearBrowserCache")  # first view, even after the add
    kinds, sizes, failed = {}, {}, 0

    def sent(event):
        kinds[event["requestId"]] = event.get("type", "Other")

    def finished(event):
        sizes[event["requestId"]] = event["encodedDataLength"]

    def failure(event):
        nonlocal failed
        failed += 1

    def answered(event):
        nonlocal failed
        failed += event["response"]["status"] >= 400

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", answered)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failure)
    page.goto(base + urls[name], wait_until="load")
    page.wait_for_timeout(300)  # late loadingFinished events
    fcp = page.evaluate(
        "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        " || 0"
    )
    text = sum(size for rid, size in sizes.items() if kinds.get(rid) in TEXT_TYPES)
    images = sum(size for rid, size in sizes.items() if kinds.get(rid) == "Image")
    context.close()
    return {
        "requests": len(kinds),
        "failed": failed,
        "text": text,
        "images": images,
        "total": sum(sizes.values()),
        "fcp": fcp,
    }


def run(urls: dict, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {name: [] for name, _ in PAGES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
            ],
        )
        base = f"http://127.0.0.1:{PORT}"
        for name, _label in PAGES:  # warm both workers: server time is not ours
            for _ in range(2):
                urllib.request.urlopen(base + urls[name], timeout=60).read()
        for _ in range(runs):
            for name, _label in PAGES:
                results[name].append(measure(browser, base, name, urls))
                log(f"{name}: {results[name][-1]}")
        browser.close()
    return {
        name: {key: statistics.median(r[key] for r in rows) for key in rows[0]}
        for name, rows in results.items()
    }


def kb(size: float) -> str:
    return f"{size / 1024:.1f}"


def table(medians: dict, urls: dict, runs: int, label: str) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()} "
        f"({label}); median of {runs} first view(s) per page in Debian's "
        f"chromium at 390×844, throttled to {DOWN_KBPS} kbps down, {RTT_MS} ms "
        f"round trip, CPU {CPU_SLOWDOWN}× slower (`make bench-paint`).",
        "",
        "| Page | URL | Requests (failed or 4xx) | HTML+CSS+JS+fonts KB | Images KB "
        "| All KB | First contentful paint s |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, title in PAGES:
        m = medians[name]
        lines.append(
            f"| {title} | `{urls[name]}` | {m['requests']:.0f} ({m['failed']:.0f}) "
            f"| {kb(m['text'])} | {kb(m['images'])} | {kb(m['total'])} "
            f"| {m['fcp'] / 1000:.2f} |"
        )
    over = [t for n, t in PAGES if medians[n]["text"] > BUDGET_BYTES]
    slow = [t for n, t in PAGES if medians[n]["fcp"] > FCP_GOAL_MS]
    lines += [
        "",
        f"Budget ≤ {BUDGET_BYTES // 1024} KB of HTML+CSS+JS+fonts: "
        + ("met on every page." if not over else f"**missed** on {', '.join(over)}.")
        + f" Paint goal ≤ {FCP_GOAL_MS / 1000:.1f} s: "
        + ("met on every page." if not slow else f"**missed** on {', '.join(slow)}.")
        + " Bytes are on the wire: compressed bodies plus response headers.",
    ]
    return "\n".join(lines)


def publish(section: str, label: str):
    """Keeps one table per label (e.g. before/after a change) between markers."""
    text = DOC.read_text()
    if START not in text:
        text += (
            f"\n## First paint on a slow phone (`make bench-paint`)\n\n{START}\n{END}\n"
        )
    head, rest = text.split(START, 1)
    body, tail = rest.split(END, 1)
    tables = {}
    for chunk in body.split("<!-- paint-table ")[1:]:
        key, content = chunk.split(" -->", 1)
        tables[key] = content.strip().removeprefix(f"### {key}").strip()
    tables[label] = section
    body = "".join(
        f"\n<!-- paint-table {key} -->\n### {key}\n\n{content}\n"
        for key, content in tables.items()
    )
    DOC.write_text(f"{head}{START}{body}{END}{tail}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--label", default="Now", help="the table's heading, e.g. 'Before'"
    )
    options = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit("Debian's chromium is missing (make browser installs it as root).")
    if answers(("127.0.0.1", PORT)):
        sys.exit(f"port {PORT} is taken: stop what runs there first.")
    VAR.mkdir(exist_ok=True)
    env = environment(VAR / "bench-paint.sqlite3")
    Path(env["MARKETPLACE_VAR_DIR"]).mkdir(exist_ok=True)
    urls = build(VAR / "bench-paint.sqlite3", env)
    server = serve(
        [
            GUNICORN,
            "marketplace.wsgi",
            f"--bind=127.0.0.1:{PORT}",
            "--workers=2",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
        port=PORT,
    )
    try:
        medians = run(urls, options.runs)
    finally:
        server.terminate()
        server.wait(timeout=30)
    section = table(medians, urls, options.runs, options.label)
    publish(section, options.label)
    print(section)


if __name__ == "__main__":
    main()
