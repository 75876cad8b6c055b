"""The stack run: the production configuration as a whole, with faults.

Runs on the CI PostgreSQL leg (DATABASE_URL is PostgreSQL), with its own
throwaway PostgreSQL cluster, Redis, moto, an SMTP sink, the worker, two
gunicorn nodes and haproxy; skipped elsewhere, or when a tool is missing
(`make stack-tools` installs haproxy as root). Writes its fault table into
docs/OPERATIONS.md."""

import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.ops.test_object_storage import FormFields
from tests.stack.stack import PAGES, ROOT, Browser, Stack, missing_tools

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        and not os.environ.get("STACK_RUN"),
        reason="the stack run belongs to the PostgreSQL leg (or `make stack`)",
    ),
]
OPERATIONS = ROOT / "docs" / "OPERATIONS.md"
TABLE_START, TABLE_END = "<!-- fault-table -->", "<!-- /fault-table -->"
UNAVAILABLE_TEXT = "tạm gián đoạn"


@pytest.fixture(scope="module")
def stack():
    missing = missing_tools()
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (`make stack-tools` as root)")
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("the throwaway PostgreSQL cluster needs root (runuser postgres)")
    workdir = Path(tempfile.mkdtemp(prefix="ocop-stack-"))
    workdir.chmod(0o755)
    running = Stack(workdir)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        if os.environ.get("STACK_KEEP"):  # the processes' logs, to read after a failure
            print(f"stack logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


class Load:
    """Shoppers browsing through the balancer in a thread until stopped."""

    def __init__(self, url: str, paths=PAGES):
        self.url, self.paths = url, paths
        self.statuses: list[tuple[float, int, bool]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        browser = Browser(self.url)
        index = 0
        while not self._stop.is_set():
            path = self.paths[index % len(self.paths)]
            index += 1
            try:
                response = browser.get(path)
                status = response.status
                clear = status < 500 or (
                    status == 503 and UNAVAILABLE_TEXT in response.text
                )
            except OSError:
                status, clear = 599, False
            self.statuses.append((time.monotonic(), status, clear))
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=60)

    @property
    def requests(self) -> int:
        return len(self.statuses)

    @property
    def errors(self) -> int:
        """Anything but a page or the clear Vietnamese 503."""
        return sum(1 for _at, _status, clear in self.statuses if not clear)

    def unavailable(self) -> int:
        return sum(1 for _at, status, _clear in self.statuses if status == 503)

    def recovery_seconds(self, since: float) -> float:
        """From the fault until the first good page after the last bad one."""
        bad = [at for at, status, _c in self.statuses if at >= since and status >= 500]
        if not bad:
            return 0.0
        after = [
            at for at, status, _c in self.statuses if at > bad[-1] and status < 500
        ]
        return round((after[0] if after else time.monotonic()) - since, 1)


def wait_until(condition, *, seconds: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def login(browser: Browser, email: str, password: str = "ocop2026"):
    page = FormFields()
    page.feed(browser.get("/accounts/login/").text)
    data = {k: v for k, v in page.data.items() if k.startswith("login-")}
    data.update({"login-username": email, "login-password": password})
    response = browser.post("/accounts/login/", {**data, "login_submit": "1"})
    assert response.status == 302, response.text[:500]


def place_cod_order(browser: Browser, product_path: str, email: str) -> str:
    page = browser.get(product_path)
    assert page.status == 200
    product_id = re.search(r'action="/basket/add/(\d+)/"', page.text).group(1)
    assert browser.post(f"/basket/add/{product_id}/", {"quantity": 1}).status == 302
    chosen = browser.post("/checkout/", {"province": "25", "choose_province": "1"})
    form = FormFields()
    form.feed(chosen.text)
    ward = re.search(
        r'<select[^>]*name="ward".*?<option value="(\d+)"', chosen.text, re.S
    )
    response = browser.post(
        "/checkout/",
        {
            "snapshot": form.data["snapshot"],
            "full_name": "Nguyễn Thị Lan",
            "phone": "0912345678",
            "email": email,
            "province": "25",
            "ward": ward.group(1),
            "street": "Thôn Đồng Lạng",
            "payment_method": "cod",
            "place_order": "1",
        },
    )
    assert response.status == 302, response.text[:3000]
    return response.headers["Location"]


def orders_for(stack: Stack, email: str) -> int:
    return stack.python(
        "import json; from oscar.apps.order.models import Order; "
        f"print(json.dumps(Order.objects.filter(guest_email={email!r}).count()))"
    )


def test_the_stack_survives_its_faults(stack):
    table = []
    shopper = Browser(stack.url)

    # --- the journey, through the balancer
    for path in PAGES:
        response = shopper.get(path)
        assert response.status == 200, (
            path, response.status, response.text[:300], stack.logs_tail()
        )  # fmt: skip
    results = shopper.get("/search/?q=che+moc+cau").text  # a product without sizes
    product_path = re.search(r'href="(/catalogue/[\w-]+_\d+/)"', results).group(1)
    picture = re.search(r'<img src="(http[^"]+)"', shopper.get(product_path).text)
    assert picture and f"/{stack.bucket}/" in picture.group(1)  # media on S3
    place_cod_order(shopper, product_path, "lan@example.com")
    assert wait_until(
        lambda: any("lan@example.com" in m["to"] for m in stack.mails()), seconds=60
    ), "the worker sent no order email"

    seller = Browser(stack.url)
    login(seller, "htx-che-cam-my@example.com")
    lines = seller.get("/dashboard/shop/lines/?status=new").text
    line_ids = {
        int(pk) for pk in re.findall(r"/dashboard/shop/lines/(\d+)/status/", lines)
    }
    assert line_ids, "the seller sees no new line"
    for status in ("confirmed", "packed", "shipped"):
        response = seller.post(
            f"/dashboard/shop/lines/{max(line_ids)}/status/", {"status": status}
        )
        assert response.status == 302, (status, response.status)

    # --- Redis stopped: pages served without the cache, an order still mailed
    started = time.monotonic()
    stack.kill("redis")
    with Load(stack.url) as load:
        place_cod_order(Browser(stack.url), product_path, "redis.down@example.com")
        time.sleep(5)
    mailed = wait_until(
        lambda: any("redis.down@example.com" in m["to"] for m in stack.mails()),
        seconds=60,
    )
    stack.redis_start()
    table.append(
        ("Redis stopped", load.requests, load.errors, "1 / " + str(int(mailed)),
         load.recovery_seconds(started), "pages served uncached; queue in PostgreSQL")
    )  # fmt: skip
    assert load.errors == 0 and mailed

    # --- Elasticsearch at a closed port (all along): search from the embedded index
    with Load(stack.url, paths=("/search/?q=che+xanh", "/search/?q=buoi")) as load:
        time.sleep(4)
    found = "Chè" in Browser(stack.url).get("/search/?q=che+xanh").text
    table.append(
        ("Elasticsearch unreachable (closed port)", load.requests, load.errors, "–",
         0.0, "results from the embedded index" if found else "NO RESULTS")
    )  # fmt: skip
    assert load.errors == 0 and found

    # --- one web node killed: the other serves, the order is placed once
    started = time.monotonic()
    with Load(stack.url) as load:
        stack.kill("web1")
        place_cod_order(Browser(stack.url), product_path, "node.down@example.com")
        time.sleep(4)
    orders = orders_for(stack, "node.down@example.com")
    table.append(
        ("One web node killed (SIGKILL)", load.requests, load.errors, "–",
         load.recovery_seconds(started), f"{orders} order placed (expected 1)")
    )  # fmt: skip
    assert load.errors == 0 and orders == 1
    stack.web_start("web1")
    stack.wait_balanced()

    # --- the worker killed mid recall fan-out: one notice per buyer after restart
    batch = stack.python(
        "import json; from tests.stack.seed import buyers_of_one_batch; "
        "print(json.dumps(buyers_of_one_batch(count=30)))"
    )
    before = len(stack.mails())
    response = seller.post(
        f"/dashboard/shop/batches/{batch['id']}/",
        {"recall": "1", "reason": "Dư lượng thuốc bảo vệ thực vật vượt ngưỡng"},
    )
    assert response.status == 302, response.status

    def recall_mails():
        return [m for m in stack.mails()[before:] if batch["lot"] in m["subject"]]

    assert wait_until(lambda: len(recall_mails()) >= 5, seconds=60)
    stack.kill("worker")  # SIGKILL, mid fan-out
    killed_at = len(recall_mails())
    started = time.monotonic()
    stack.worker_start()
    expected = batch["buyers"]
    wait_until(lambda: len(recall_mails()) >= len(expected), seconds=120)
    time.sleep(3)  # anything sent twice would arrive now
    per_buyer = Counter(m["to"].lower() for m in recall_mails())
    table.append(
        (f"Worker SIGKILLed mid recall fan-out (after {killed_at} notices)", "–",
         sum(1 for n in per_buyer.values() if n != 1),
         f"{len(expected)} / {sum(per_buyer.values())}",
         round(time.monotonic() - started, 1), "each buyer exactly one notice"
         if set(per_buyer) == set(expected) and set(per_buyer.values()) == {1}
         else f"MISMATCH {dict(per_buyer)}")
    )  # fmt: skip
    assert set(per_buyer) == set(expected) and set(per_buyer.values()) == {1}

    # --- PostgreSQL restarted mid-load: a Vietnamese 503, then back by itself
    with Load(stack.url) as load:
        time.sleep(2)
        started = time.monotonic()
        stack.kill("postgres", signal.SIGINT)
        time.sleep(3)
        stack.postgres_start()
        recovered = wait_until(
            lambda: load.statuses and load.statuses[-1][1] == 200, seconds=60
        )
        time.sleep(2)
    table.append(
        ("PostgreSQL restarted mid-load (3 s down)", load.requests, load.errors, "–",
         load.recovery_seconds(started),
         f"{load.unavailable()} × Vietnamese 503 page, no stack trace")
    )  # fmt: skip
    assert recovered and load.errors == 0

    write_table(table)


def write_table(rows):
    header = (
        "| fault | requests | errors (5xx other than our 503 page) | mails expected / "
        "received | recovery (s) | what happened |\n|---|---|---|---|---|---|\n"
    )
    body = "".join(
        "| " + " | ".join(str(cell) for cell in row) + " |\n" for row in rows
    )
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    block = f"{TABLE_START}\nLast run: {stamp}.\n\n{header}{body}{TABLE_END}"
    text = OPERATIONS.read_text()
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    OPERATIONS.write_text(text[:start] + block + text[end:])
