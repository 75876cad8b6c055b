"""The GS1-Conformant resolver, tried with the GS1 Digital Link standard's own
example GTIN (Dal Giardino risotto rice, 09506000134352) and URIs, and checked
with GS1's digital-link.js where it can judge the URI."""

import json
import shutil

import pytest

from tests.factories import ocop_product, traced_batch
from tests.traceability.test_gs1 import TOOL, digital_link_js_accepts
from traceability.models import BatchStatus

pytestmark = pytest.mark.django_db
SITE = "https://cho-ocop.example.vn"
GTIN = "09506000134352"  # the standard's example GTIN
VOC = "https://ref.gs1.org/voc/"
LINKSET = "application/linkset+json"
needs_digital_link_js = pytest.mark.skipif(
    not (shutil.which("node") and TOOL.exists()),
    reason="digital-link.js is not installed (make test runs npm ci)",
)


@pytest.fixture
def batch(settings):
    settings.SITE_URL = SITE
    product = ocop_product(title="Gạo nếp cái hoa vàng", gtin=GTIN.lstrip("0"))
    return traced_batch(product=product, records=2, lot_code="ABC123")


def trace(batch) -> str:
    return f"{SITE}/t/{batch.public_token}"


def test_get_and_head_redirect_307_to_the_trace_page_with_links(client, batch):
    for method in (client.get, client.head):
        response = method(f"/01/{GTIN}/10/ABC123")
        assert response.status_code == 307
        assert response["Location"] == trace(batch)
        link = response["Link"]
        assert f'<{trace(batch)}>; rel="{VOC}traceability"' in link
        assert f'rel="{VOC}pip"' in link and f'rel="{VOC}epcis"' in link
        assert f'<{SITE}/01/{GTIN}/10/ABC123?linkType=linkset>; rel="linkset"' in link
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    "link_type, expected",
    [
        ("gs1:traceability", "{trace}"),
        ("gs1:defaultLink", "{trace}"),
        ("gs1:certificationInfo", "{trace}#chung-nhan"),
        ("gs1:recallStatus", "{trace}#thu-hoi"),
        ("gs1:epcis", "{site}/t/{token}/epcis.json"),
        ("https://gs1.org/voc/epcis", "{site}/t/{token}/epcis.json"),
        (f"{VOC}recallStatus", "{trace}#thu-hoi"),
    ],
)
def test_link_type_chooses_the_destination(client, batch, link_type, expected):
    response = client.get(f"/01/{GTIN}/10/ABC123", {"linkType": link_type})
    assert response.status_code == 307
    assert response["Location"] == expected.format(
        trace=trace(batch), site=SITE, token=batch.public_token
    )


def test_each_destination_answers(client, batch):
    def follow(link_type):
        location = client.get(f"/01/{GTIN}/10/ABC123", {"linkType": link_type})
        return client.get(location["Location"].removeprefix(SITE).split("#")[0])

    assert "ABC123" in follow("gs1:traceability").content.decode()
    assert "Không bị thu hồi" in follow("gs1:recallStatus").content.decode()
    epcis = follow("gs1:epcis")
    assert epcis["Content-Type"] == "application/ld+json"
    assert len(json.loads(epcis.content)["epcisBody"]["eventList"]) == 2
    pip = client.get(f"/01/{GTIN}/10/ABC123", {"linkType": "gs1:pip"})["Location"]
    assert pip == SITE + (batch.product.parent or batch.product).get_absolute_url()


def test_the_trace_page_anchors_exist_and_a_recall_shows_there(client, batch):
    from traceability import services

    page = client.get(f"/t/{batch.public_token}").content.decode()
    assert 'id="chung-nhan"' in page and 'id="thu-hoi"' in page
    services.batch_recall(batch=batch, reason="Nhiễm ẩm")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RECALLED
    page = client.get(f"/t/{batch.public_token}").content.decode()
    assert 'id="thu-hoi"' in page and "Nhiễm ẩm" in page


@pytest.mark.parametrize(
    "query, headers",
    [
        ({"linkType": "all"}, {}),
        ({"linkType": "linkset"}, {}),
        ({}, {"HTTP_ACCEPT": LINKSET}),
    ],
)
def test_the_linkset_is_rfc_9264_json(client, batch, query, headers):
    response = client.get(f"/01/{GTIN}/10/ABC123", query, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == LINKSET
    assert (
        "<https://ref.gs1.org/standards/resolver/linkset-context>; "
        'rel="http://www.w3.org/ns/json-ld#context"'
    ) in response["Link"]
    (context,) = response.json()["linkset"]
    assert context["anchor"] == f"{SITE}/01/{GTIN}/10/ABC123"
    assert "ABC123" in context["description"]
    assert [e["href"] for e in context[f"{VOC}defaultLink"]] == [trace(batch)]
    assert [e["href"] for e in context[f"{VOC}traceability"]] == [
        trace(batch),
        trace(batch) + "?lang=en",
    ]
    assert {e["hreflang"][0] for e in context[f"{VOC}pip"]} == {"vi", "en"}
    (epcis,) = context[f"{VOC}epcis"]
    assert epcis["type"] == "application/ld+json"
    for relation, entries in context.items():
        if relation.startswith(VOC):
            assert all({"href", "title", "type"} <= set(e) for e in entries)

    head = client.head(f"/01/{GTIN}/10/ABC123", query, **headers)
    assert head.status_code == 200 and head.content == b""
    assert head["Link"] == response["Link"]


@pytest.mark.parametrize(
    "uri",
    [
        # The standard's examples: a serial (21) and an expiry date (17) as a
        # data attribute; and the expiry as a path segment, which we allow.
        f"/01/{GTIN}/10/ABC123/21/12345?17=180426",
        f"/01/{GTIN}/10/ABC123/21/12345",
        f"/01/{GTIN}/10/ABC123?17=271231",
        f"/01/{GTIN}/10/ABC123/17/271200",
        f"/01/{GTIN}/10/ABC123/",
    ],
)
def test_serial_and_expiry_qualifiers_are_accepted(client, batch, uri):
    response = client.get(uri)
    assert response.status_code == 307 and response["Location"] == trace(batch)


@needs_digital_link_js
def test_gs1s_tool_agrees_with_the_standards_examples(batch):
    assert digital_link_js_accepts(
        [
            f"{SITE}/01/{GTIN}/10/ABC123/21/12345?17=180426",
            f"{SITE}/01/{GTIN}/10/ABC123",
            f"{SITE}/01/{GTIN}",
            f"{SITE}/01/09506000134353/10/ABC123",  # wrong check digit
            f"{SITE}/01/{GTIN}/10/ABCDEFGHIJKLMNOPQRSTU",  # 21 characters
        ]
    ) == [True, True, True, False, False]


@pytest.mark.parametrize(
    "accept_language, suffix",
    [
        ("en-GB,en;q=0.9", "?lang=en"),
        ("vi-VN,vi;q=0.9,en;q=0.5", ""),
        ("fr-FR", ""),
        ("", ""),
    ],
)
def test_the_destination_follows_accept_language(
    client, batch, accept_language, suffix
):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get(f"/01/{GTIN}/10/ABC123", **headers)
    assert response["Location"] == trace(batch) + suffix
    if suffix:
        page = client.get(response["Location"].removeprefix(SITE))
        assert "Farm diary" in page.content.decode()


def test_a_gtin_alone_resolves_to_the_product_page(client, batch):
    response = client.get(f"/01/{GTIN}")
    product = batch.product.parent or batch.product
    assert response.status_code == 307
    assert response["Location"] == SITE + product.get_absolute_url()
    linkset = client.get(f"/01/{GTIN}", {"linkType": "all"}).json()["linkset"][0]
    assert f"{VOC}traceability" not in linkset and f"{VOC}pip" in linkset


@pytest.mark.parametrize(
    "uri, status",
    [
        ("/01/09506000134353/10/ABC123", 400),  # wrong check digit
        ("/01/950600013435/10/ABC123", 400),  # wrong check digit, GTIN-12
        ("/01/abc/10/ABC123", 400),
        (f"/01/{GTIN}/10/ABCDEFGHIJKLMNOPQRSTU", 400),  # over-long lot
        (f"/01/{GTIN}/10/", 400),
        (f"/01/{GTIN}/10/L%C3%94", 400),  # not GS1's character set
        (f"/01/{GTIN}/99/X", 400),  # not a GTIN qualifier
        (f"/01/{GTIN}/21/1/10/ABC123", 400),  # out of order
        (f"/01/{GTIN}/10/ABC123?17=181340", 400),  # no 40th day
        (f"/01/{GTIN}/10/ABC123?17=18", 400),
        (f"/01/{GTIN}/10/ABC123/17/1", 400),
        ("/01/08934567890120/10/ABC123", 404),  # valid, unknown GTIN
        ("/01/08934567890120", 404),
        (f"/01/{GTIN}/10/XYZ999", 404),  # unknown lot
        (f"/01/{GTIN}/10/ABC123?linkType=gs1:nutritionalInfo", 404),
        (f"/01/{GTIN}/10/ABC123?linkType=bogus", 404),
    ],
)
def test_bad_codes_get_the_friendly_page_or_json(client, batch, uri, status):
    page = client.get(uri)
    assert page.status_code == status
    assert "Không tìm thấy mã" in page.content.decode()
    as_json = client.get(uri, HTTP_ACCEPT=LINKSET)
    assert as_json.status_code == status
    assert as_json["Content-Type"] == LINKSET
    assert as_json.json()["linkset"] == []
    assert client.head(uri).status_code == status


def test_an_unknown_link_type_still_lists_the_links_we_have(client, batch):
    response = client.get(f"/01/{GTIN}/10/ABC123", {"linkType": "gs1:nutritionalInfo"})
    assert f'<{trace(batch)}>; rel="{VOC}traceability"' in response["Link"]


def test_options_and_the_description_file(client, batch):
    options = client.options(f"/01/{GTIN}/10/ABC123")
    assert options.status_code == 204
    assert options["Allow"] == "GET, HEAD, OPTIONS"
    description = client.get("/.well-known/gs1resolver", HTTP_HOST="127.0.0.1")
    assert description.status_code == 200
    body = description.json()
    assert body["resolverRoot"] == SITE
    assert body["supportedPrimaryKeys"] == ["01"]
    assert body["supportedLinkType"] == [{"namespace": VOC, "prefix": "gs1:"}]
    assert body["name"]
    assert client.post(f"/01/{GTIN}/10/ABC123").status_code == 405
