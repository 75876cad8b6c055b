"""The footer links every live policy page, and follows what editors publish."""

import pytest

from marketplace.cms.services import policy_page_install

pytestmark = pytest.mark.django_db


def test_the_footer_follows_published_policy_pages(client, home_page):
    returns = policy_page_install(
        title="Chính sách đổi trả", slug="chinh-sach-doi-tra", body="<p>7 ngày.</p>"
    )
    assert "Chính sách đổi trả" in client.get("/").content.decode()

    privacy = policy_page_install(
        title="Chính sách bảo mật", slug="chinh-sach-bao-mat", body="<p>Riêng tư.</p>"
    )
    footer = client.get("/").content.decode()
    assert f'href="{privacy.url}"' in footer and f'href="{returns.url}"' in footer

    returns.unpublish()
    assert "Chính sách đổi trả" not in client.get("/").content.decode()


def test_a_policy_page_reads_in_the_shop_layout(client, home_page):
    page = policy_page_install(
        title="Quy chế hoạt động", slug="quy-che-hoat-dong", body="<p>Quy chế.</p>"
    )
    html = client.get(page.url).content.decode()
    assert "<h1>Quy chế hoạt động</h1>" in html and "Quy chế." in html
    assert (
        policy_page_install(title="Khác", slug="quy-che-hoat-dong", body="<p>x</p>").pk
        == page.pk
    )  # idempotent: the editors' version is kept
