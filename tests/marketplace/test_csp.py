"""Content-Security-Policy: shop and trace pages run only our own scripts and
the inline blocks that carry this response's nonce."""

import re

import pytest

from tests.factories import ocop_product, traced_batch

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([^']+)'")


def nonce_of(response) -> str:
    policy = response["Content-Security-Policy"]
    for directive in policy.split("; "):
        if not directive.startswith("style-src-attr"):
            assert (
                "'unsafe-inline'" not in directive and "'unsafe-eval'" not in directive
            )
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self' 'nonce-" in policy
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy
    return NONCE.search(policy).group(1)


def assert_inline_blocks_carry(html: str, nonce: str) -> None:
    """Every inline <script>/<style> has the nonce; no on…= handlers."""
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        if "src=" in tag or 'type="application/ld+json"' in tag:
            continue
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


@pytest.mark.parametrize("path", ["/catalogue/", "/sellers/dang-ky/", "/basket/"])
def test_shop_pages_send_a_strict_policy_and_nonce_their_inline_blocks(
    client, home_page, path
):
    ocop_product(title="Chè xanh Cẩm Mỹ")
    response = client.get(path)
    assert response.status_code == 200
    assert_inline_blocks_carry(response.content.decode(), nonce_of(response))


def test_each_response_has_its_own_nonce_even_from_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    ocop_product(title="Chè xanh Cẩm Mỹ")
    first, second = client.get("/catalogue/"), client.get("/catalogue/")
    assert nonce_of(first) != nonce_of(second)
    assert_inline_blocks_carry(second.content.decode(), nonce_of(second))


def test_the_cached_trace_page_gets_each_visitors_nonce(client):
    batch = traced_batch(records=1)
    first = client.get(f"/t/{batch.public_token}")
    second = client.get(f"/t/{batch.public_token}")
    assert first.status_code == second.status_code == 200
    assert nonce_of(first) != nonce_of(second)
    for response in (first, second):
        html = response.content.decode()
        assert_inline_blocks_carry(html, nonce_of(response))
        assert "<style nonce=" in html


def test_the_admins_keep_their_own_inline_scripts(admin_client):
    for path in ("/django-admin/", "/dashboard/"):
        response = admin_client.get(path)
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response
