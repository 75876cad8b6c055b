import extruct
import pytest


@pytest.fixture(autouse=True)
def _site_url(settings):
    """A canonical origin unlike the test client's host: nothing may leak the Host."""
    settings.SITE_URL = "https://cho-ocop.example.vn"


def extract(response) -> dict:
    """Open Graph and JSON-LD as a crawler reads them (extruct, on lxml)."""
    return extruct.extract(
        response.content.decode(),
        base_url="https://cho-ocop.example.vn/",
        syntaxes=["opengraph", "json-ld"],
        uniform=False,
    )


def meta_tags(response) -> dict[str, list[str]]:
    """Every <meta property|name=… content=…> and the canonical link, parsed."""
    from lxml import html

    tree = html.fromstring(response.content)
    tags: dict[str, list[str]] = {}
    for meta in tree.xpath("//head/meta[@content]"):
        key = meta.get("property") or meta.get("name")
        if key:
            tags.setdefault(key, []).append(meta.get("content"))
    tags["canonical"] = tree.xpath("//head/link[@rel='canonical']/@href")
    return tags


def jsonld_nodes(response) -> list[dict]:
    nodes = []
    for block in extract(response)["json-ld"]:
        nodes += block.get("@graph", [block])
    return nodes


def node_of(nodes: list[dict], kind: str) -> dict:
    found = [node for node in nodes if node.get("@type") == kind]
    assert len(found) == 1, f"{kind}: {found}"
    return found[0]
