"""Browser journeys: Playwright from PyPI driving Debian's /usr/bin/chromium."""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"critical", "serious"}

# Playwright's sync API keeps an event loop in this thread; the ORM calls the
# tests make to set up data are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed (make test installs it when run as root)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
            ],
        )
        yield browser
        browser.close()


# Every page reports what its Content-Security-Policy blocked to the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation(`${event.violatedDirective} blocked ${event.blockedURI
        || "inline"} on ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=1)
    violations = []
    context.expose_function("__cspViolation", lambda report: violations.append(report))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []

    def console(message):
        # The live server serves static files but, outside DEBUG, not media
        # (production serves media from its own store): a missing picture is
        # not a page error; nor is the status of an error page itself.
        source = message.location.get("url", "")
        if message.type == "error" and "/media/" not in source and source != page.url:
            page.console_errors.append(f"{page.url}: {message.text} ({source})")

    page.on("console", console)
    page.on(
        "pageerror", lambda error: page.console_errors.append(f"{page.url}: {error}")
    )
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(
        violations
    )


@pytest.fixture
def screenshot(phone, request):
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str):
        phone.screenshot(
            path=SCREENSHOTS / f"{request.node.name}-{name}.png", full_page=True
        )

    return take


@pytest.fixture
def audit(phone, request):
    """Screenshot the page at 390×844 (and 1280×800 when asked), run axe-core on
    it and fail on any critical or serious violation or any console error."""
    if not AXE.exists():
        pytest.skip("axe-core is missing: `npm ci` (make test runs it)")
    SCREENSHOTS.mkdir(exist_ok=True)

    def check(name: str, *, desktop: bool = False):
        phone.wait_for_load_state("load")
        phone.screenshot(
            path=SCREENSHOTS / f"{request.node.name}-{name}.png", full_page=True
        )
        if desktop:
            phone.set_viewport_size(DESKTOP)
            phone.screenshot(
                path=SCREENSHOTS / f"{request.node.name}-{name}-1280.png",
                full_page=True,
            )
            phone.set_viewport_size(PHONE)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways ({width} px)"
        # Evaluated through the DevTools protocol: a <script> tag of it would
        # be an inline script, which the pages' CSP rightly refuses.
        phone.evaluate(AXE.read_text() + "\n;0")
        result = phone.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
            " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
        )
        blocking = [v for v in result if v["impact"] in BLOCKING]
        assert not blocking, f"axe on {name}: " + json.dumps(
            blocking, ensure_ascii=False, indent=1
        )
        assert not phone.console_errors, phone.console_errors

    yield check
    assert not phone.console_errors, phone.console_errors
