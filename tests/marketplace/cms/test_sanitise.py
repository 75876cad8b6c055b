"""Rich text and embeds: no script, no event handler, no javascript: URL survives,
whatever way the HTML was stored."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.rich_text import RichText

from marketplace.cms.blocks import VideoBlock
from marketplace.cms.sanitise import html_clean
from tests.factories import campaign

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Chè <b onmouseover="x()">ngon</b>'
    '<script>alert("xss")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">bấm</a><a href="https://ocop.vn">OCOP</a>'
    '<iframe src="https://evil.example"></iframe><style>body{}</style></p>'
)


def assert_clean(html: str):
    lowered = html.lower()
    for bad in (
        "<script",
        "onclick",
        "onmouseover",
        "onerror",
        "javascript:",
        "<iframe",
        "<style",
        "alert(",
    ):
        assert bad not in lowered, bad


def test_the_cleaner_keeps_formatting_and_drops_the_rest():
    html = html_clean(HOSTILE)
    assert_clean(html)
    assert "<b>ngon</b>" in html and 'href="https://ocop.vn"' in html


def test_pages_render_stored_hostile_rich_text_clean(client, cms_tree):
    home = cms_tree["home"]
    home.hero_text = HOSTILE
    home.save_revision().publish()
    index = cms_tree["campaigns"]
    index.intro = HOSTILE
    index.save_revision().publish()
    page = campaign(body=[("rich_text", RichText(HOSTILE))])
    for url in ("/", index.url, page.url):
        html = client.get(url).content.decode()
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert_clean(main)
        assert "ngon" in main


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>", "ftp://x.vn/v"]
)
def test_video_embeds_take_only_web_addresses(url):
    with pytest.raises(ValidationError):
        VideoBlock().clean({"url": url, "caption": ""})


def test_video_embed_attributes_cannot_be_broken_out_of(client, cms_tree):
    hostile = 'https://www.tiktok.com/@x" onmouseover="alert(1)'
    page = campaign(
        body=[("video", {"url": hostile, "caption": '"><script>x</script>'})]
    )
    main = client.get(page.url).content.decode().split("<main", 1)[1]
    assert 'onmouseover="alert' not in main and "<script>x" not in main
