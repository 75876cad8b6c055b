"""Rich text is cleaned again when it is rendered, whatever path it was stored by
(the editor, an import, a script): only plain formatting, links and images survive;
no <script>, no event-handler attributes, no javascript: URLs."""

import re
from urllib.parse import parse_qs, urlparse

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail.whitelist import (
    DEFAULT_ELEMENT_RULES,
    Whitelister,
    attribute_rule,
    check_url,
)

DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template"}


class RenderedHtmlCleaner(Whitelister):
    element_rules = {
        **DEFAULT_ELEMENT_RULES,
        "a": attribute_rule({"href": check_url, "rel": True}),
        "img": attribute_rule(
            {
                "src": check_url,
                "alt": True,
                "width": True,
                "height": True,
                "class": True,
            }
        ),
        "blockquote": attribute_rule({}),
        "code": attribute_rule({}),
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_WITH_CONTENT:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


_cleaner = RenderedHtmlCleaner()


def html_clean(html: str) -> str:
    return _cleaner.clean(str(html))


validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with http:// or https://."),
)

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def youtube_embed_url(url: str) -> str | None:
    """A privacy-friendly player address for YouTube links; other sites get a link."""
    parts = urlparse(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video = None
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host == "youtube.com":
        if parts.path == "/watch":
            video = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/live/", "/embed/", "/shorts/")):
            video = parts.path.split("/")[2]
    if video and YOUTUBE_ID.match(video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    return None
