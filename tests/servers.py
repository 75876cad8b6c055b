"""Test servers on a free loopback port (localstripe, moto), stopped after."""

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def loopback_server(command, *, ready_path: str, name: str):
    """Start `command(port)` and yield its URL once `ready_path` answers."""
    port = free_port()
    process = subprocess.Popen(
        command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            urllib.request.urlopen(url + ready_path, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"{name} did not start")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
