"""docker-compose.yml cannot run here: it is kept in step with the stack run
through deploy/services.py, which both follow."""

import os
import re
import subprocess
from pathlib import Path

import yaml

from deploy.services import APP_VARIABLES, PROXY_VARIABLES, SERVICES
from tests.stack.stack import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_every_service_of_the_stack():
    assert set(SERVICES) <= set(COMPOSE["services"])


def test_web_nodes_and_worker_get_the_same_variables_the_stack_run_sets():
    for name in ("web", "web2", "worker"):
        assert set(COMPOSE["services"][name]["environment"]) == set(APP_VARIABLES)
    settings_env = (ROOT / "marketplace" / "settings" / "env.py").read_text()
    for variable in APP_VARIABLES:  # each is read by the settings
        assert f'"{variable}"' in settings_env, variable
    stack = (ROOT / "tests" / "stack" / "stack.py").read_text()
    for variable in set(APP_VARIABLES) - {
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_SSL_REDIRECT",
        "S3_PUBLIC_URL",
        "DEFAULT_FROM_EMAIL",
    }:
        assert f'"{variable}"' in stack, f"the stack run does not set {variable}"


def test_the_proxy_uses_the_stack_runs_haproxy_config():
    proxy = COMPOSE["services"]["proxy"]
    assert set(proxy["environment"]) == set(PROXY_VARIABLES)
    assert any(v.startswith("./deploy/haproxy.cfg:") for v in proxy["volumes"])
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    assert set(re.findall(r"\$\{(\w+)\}", config)) == set(PROXY_VARIABLES)


def test_the_haproxy_config_is_valid():
    haproxy = subprocess.run(["which", "haproxy"], capture_output=True, text=True)
    if haproxy.returncode:
        import pytest

        pytest.skip("haproxy not installed (make stack-tools)")
    env = {
        **os.environ,
        "PROXY_BIND": "127.0.0.1:8139",
        "WEB1": "127.0.0.1:1",
        "WEB2": "127.0.0.1:2",
        "PROXY_CHECK_HOST": "127.0.0.1",
        "ERROR_PAGE_503": str(Path(ROOT, "themes/ocop/templates/ops/503.html")),
    }
    result = subprocess.run(
        ["haproxy", "-c", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
