import os
import subprocess
import sys
from pathlib import Path

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


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = deployment_env(
        SECRET_KEY="prod-" + "k3y-Zq9xW2vL8mN4bR7tY1uI6oP0aS5dF3gH" * 2,
        ALLOWED_HOSTS="ocop.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        MARKETPLACE_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_embedded_development_key(tmp_path):
    env = deployment_env(MARKETPLACE_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
