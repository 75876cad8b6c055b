import json
import shutil
import subprocess
from pathlib import Path

import pytest

from catalog.gtin import gtin_check_digit
from tests.factories import ocop_product, traced_batch
from traceability import gs1

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "node_modules" / "digital-link.js"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (shutil.which("node") and TOOL.exists()),
        reason="digital-link.js is not installed (make test runs npm ci)",
    ),
]
CHECK = """
const { DigitalLink } = require('digital-link.js');
const uris = JSON.parse(process.argv[1]);
console.log(JSON.stringify(uris.map(uri => DigitalLink(uri).isValid())));
"""


def digital_link_js_accepts(uris: list[str]) -> list[bool]:
    result = subprocess.run(
        ["node", "-e", CHECK, json.dumps(uris)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_our_digital_links_are_valid_for_gs1s_tool(client, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    body = "893456789012"
    products = [
        ocop_product(
            title="Chè hộp 200 g", gtin=body + str(gtin_check_digit(body))
        ),  # GTIN-13
        ocop_product(title="Chè túi 500 g", gtin="12345670"),  # GTIN-8
    ]
    batches = [
        traced_batch(product=products[0], records=1, lot_code="CM-2026-031"),
        traced_batch(product=products[1], records=1, lot_code="CM/2026.A"),
    ]
    uris = [
        "https://ocop.example.vn"
        + gs1.digital_link_path(gtin=b.product.gtin, lot=b.lot_code)
        for b in batches
    ]
    assert digital_link_js_accepts(uris) == [True, True]
    for batch, uri in zip(batches, uris, strict=True):
        response = client.get(uri.removeprefix("https://ocop.example.vn"))
        assert (
            response.status_code == 307
            and response["Location"]
            == f"https://ocop.example.vn/t/{batch.public_token}"
        )


def test_a_wrong_check_digit_fails_both_the_tool_and_our_resolver(client):
    uri = "/01/08934567890121/10/CM-2026-031"
    assert digital_link_js_accepts(["https://ocop.example.vn" + uri]) == [False]
    assert client.get(uri).status_code == 400  # malformed: GS1's resolver rule
