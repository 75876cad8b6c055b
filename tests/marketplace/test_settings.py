import os
import subprocess
import sys
from pathlib import Path

import pytest

from marketplace import checks

ROOT = Path(__file__).resolve().parents[2]
# Set by the browser tests' conftest for Playwright; never present in deployment.
TEST_ONLY_VARIABLES = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def deployment_env(**variables) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.pop("SECRET_KEY", None)
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
        **variables,
    }


PROPER_PRODUCTION = {
    "SECRET_KEY": "prod-" + "k3y-Zq9xW2vL8mN4bR7tY1uI6oP0aS5dF3gH" * 2,
    "ALLOWED_HOSTS": "ocop.example.vn",
    "SITE_URL": "https://ocop.example.vn",
    "CARD_PAYMENTS": "1",
    "STRIPE_SECRET_KEY": "sk_live_51Hq" + "x" * 90,
    "STRIPE_PUBLISHABLE_KEY": "pk_live_51Hq" + "x" * 90,
    "STRIPE_WEBHOOK_SECRET": "whsec_" + "Q7" * 16,
    "STRIPE_API_BASE": "https://api.stripe.com",
    "STRIPE_JS_URL": "https://js.stripe.com/v3/",
}


def deploy_check(tmp_path, **variables):
    env = deployment_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        MARKETPLACE_VAR_DIR=str(tmp_path),
        **{**PROPER_PRODUCTION, **variables},
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_naming_the_localstripe_webhook_secret(tmp_path):
    result = deploy_check(tmp_path, STRIPE_WEBHOOK_SECRET="whsec_test_localstripe")
    assert result.returncode != 0
    assert "marketplace.E001" in result.stderr
    assert "STRIPE_WEBHOOK_SECRET" in result.stderr


@pytest.mark.parametrize(
    "unsafe, error_id",
    [
        ({"STRIPE_WEBHOOK_SECRET": ""}, "marketplace.E001"),
        ({"STRIPE_SECRET_KEY": "sk_test_localstripe"}, "marketplace.E002"),
        ({"STRIPE_API_BASE": "http://127.0.0.1:8420"}, "marketplace.E003"),
        ({"SITE_URL": "http://ocop.example.vn"}, "marketplace.E004"),
    ],
)
def test_each_unsafe_default_is_an_error(settings, unsafe, error_id):
    for name, value in PROPER_PRODUCTION.items():
        if hasattr(settings, name):
            setattr(settings, name, value == "1" or value)
    for name, value in unsafe.items():
        setattr(settings, name, value)
    found = [e.id for e in checks.check_card_payment_keys() + checks.check_site_url()]
    assert found == [error_id]


def test_test_keys_are_fine_while_cards_are_off(settings):
    settings.CARD_PAYMENTS = False
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_localstripe"
    assert checks.check_card_payment_keys() == []


def test_production_queues_mail_on_web_nodes_and_trusts_the_balancer(tmp_path):
    env = deployment_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        MARKETPLACE_VAR_DIR=str(tmp_path),
        **PROPER_PRODUCTION,
    )
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_DELIVERY_BACKEND, s.TRUSTED_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.splitlines()[-1].split() == [
        "ops.mail.QueuedBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "1",  # the balancer's X-Forwarded-For entry is the client's address
    ], result.stderr


def test_the_embedded_cache_holds_a_busy_catalogues_cards(settings):
    """Django's local-memory cache keeps 300 entries by default: a few pages
    of cards, their names and one search's results culled each other, and a
    repeated search missed every time (`make bench-search`)."""
    from django.core.cache import caches

    from marketplace.settings.base import CACHES

    settings.CACHES = {"default": {**CACHES["default"], "LOCATION": "busy"}}
    embedded = caches["default"]
    for n in range(5_000):
        embedded.set(f"card:vi:{n}", "card", 600)
    assert embedded.get("card:vi:0") == "card"
