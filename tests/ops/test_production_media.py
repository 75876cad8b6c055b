"""Under production settings without object storage, gunicorn serves the
pictures (Django's static() would 404 them with DEBUG off)."""

import subprocess
import sys
import time
import urllib.request

from tests.marketplace.test_production_search import SECRET
from tests.marketplace.test_settings import ROOT, deployment_env
from tests.search.test_backends import closed_port


def test_production_serves_public_media_over_http_without_object_storage(tmp_path):
    media = tmp_path / "media"
    (media / "images" / "products").mkdir(parents=True)
    (media / "images" / "products" / "che.jpg").write_bytes(b"\xff\xd8jpeg")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "giay-phep.pdf").write_bytes(b"%PDF")
    port = closed_port()
    env = deployment_env(
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MARKETPLACE_VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(media),
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "marketplace.wsgi",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path):
        request = urllib.request.Request(
            base + path, headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), b""

    try:
        for _attempt in range(150):
            try:
                status, headers, body = get("/media/images/products/che.jpg")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not start")
        assert status == 200 and body == b"\xff\xd8jpeg"
        assert headers["Content-Type"] == "image/jpeg"
        assert "max-age=31536000" in headers["Cache-Control"]
        # (Not found pages need the migrated database this test skips.)
        for path in (
            "/media/../private/giay-phep.pdf",
            "/media/%2e%2e/private/giay-phep.pdf",
        ):
            status, _headers, body = get(path)
            assert status >= 400 and b"%PDF" not in body
    finally:
        server.terminate()
        server.wait(timeout=10)
