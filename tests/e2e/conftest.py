"""Browser journeys: Playwright from PyPI driving Debian's /usr/bin/chromium."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}

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
