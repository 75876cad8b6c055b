"""Property-based fuzzing of every public URL, its query parameters and every
public form: whatever a visitor sends, the answer is never a 500 and what they
typed never comes back unescaped.

Deterministic (hypothesis derandomised, no example database), so CI runs the
same ~2,400 requests every time; `FUZZ_SCALE` multiplies them for a longer
local hunt."""

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    PHU_THO,
    XA_DOAN_HUNG,
    active_seller,
    campaign,
    category,
    livestream,
    seller_product,
    traced_batch,
)

pytestmark = pytest.mark.django_db
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
MARKER = "<x-fuzz"  # if this comes back raw in HTML, something is unescaped


def fuzzing(examples: int):
    return settings(
        max_examples=int(examples * SCALE),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# What people and robots type: text of every script, numbers at the edges of
# every integer type, dates at the calendar's ends, markup and injections.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "9" * 30,
    str(2**31),
    str(2**63),
    "-" + "9" * 25,
    "0001-01-01",
    "9999-12-31",
    "9999-12-30",
    "2026-02-30",
    "Chè xanh Cẩm Mỹ",
    "ĐẶC SẢN",
    "２６００００１００９",
    "\x00",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    MARKER + ">",
    f'"><{MARKER[1:]} onmouseover=alert(1)>',
    f"</script>{MARKER}>",
    "javascript:alert(1)",
    "a" * 5000,
    "😀" * 50,
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
)
PARAMETERS = [
    "q",
    "page",
    "sort",
    "sort_by",
    "province",
    "stars",
    "certification",
    "ocop_group",
    "group",
    "category",
    "seller",
    "price",
    "view",
    "date",
    "month",
    "year",
    "status",
    "lang",
    "format",
    "next",
]
queries = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=12)),
    values,
    max_size=5,
)


@pytest.fixture
def shop(db, client, home_page):
    """One of everything a visitor can reach."""
    from marketplace.cms.services import cms_tree_install

    tree = cms_tree_install()
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    tea = category("Chè")
    product = seller_product(
        seller, title="Chè xanh Cẩm Mỹ", category=tea, gtin="8934567890120"
    )
    batch = traced_batch(product=product, lot_code="CM-2026-01")
    show = livestream(host=seller, products=[product])
    sale = campaign()
    return {
        "paths": [
            "/",
            "/catalogue/",
            tea.get_absolute_url(),
            product.get_absolute_url(),
            "/search/",
            "/search/suggest/",
            "/sellers/",
            seller.get_absolute_url(),
            "/sellers/dang-ky/",
            tree["livestreams"].url,
            show.url,
            tree["campaigns"].url,
            sale.url,
            "/calendar/livestreams.ics",
            f"/calendar/livestreams/{seller.slug}.ics",
            f"/calendar/livestreams/event/{show.pk}.ics",
            f"/t/{batch.public_token}",
            f"/t/{batch.public_token}/epcis.json",
            f"/t/{batch.public_token}/qr.png",
            f"/01/{product.gtin}/10/{batch.lot_code}",
            "/basket/",
            "/checkout/",
            "/accounts/login/",
            "/password-reset/",
        ],
        "product": product,
        "batch": batch,
    }


def check(response, sent=()) -> None:
    """No 500, and nothing a visitor typed comes back as markup."""
    assert response.status_code < 500, response
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html") and not response.streaming:
        html = response.content.decode(errors="replace")
        assert MARKER not in html, f"unescaped input in {response.request}"


@fuzzing(900)
@given(data=st.data())
def test_public_pages_and_their_query_parameters(client, shop, data):
    path = data.draw(st.sampled_from(shop["paths"]))
    check(client.get(path, data.draw(queries)))


@fuzzing(500)
@given(
    template=st.sampled_from(
        [
            "/t/{}",
            "/t/{}/epcis.json",
            "/01/{}/10/{}",
            "/01/{}",
            "/sellers/{}/",
            "/catalogue/{}_{}/",
            "/catalogue/category/{}_{}/",
            "/calendar/livestreams/{}.ics",
            "/calendar/livestreams/event/{}.ics",
            "/{}/",
        ]
    ),
    parts=st.lists(values, min_size=2, max_size=2),
)
def test_public_paths_with_odd_segments(client, shop, template, parts):
    from urllib.parse import quote

    path = template.format(*(quote(p, safe="") or "x" for p in parts))
    check(client.get(path))


def form_data(fields: dict):
    """Each field either a plausible value or anything at all."""
    return st.fixed_dictionaries(
        {name: st.one_of(st.just(good), values) for name, good in fields.items()}
    )


SELLER_APPLICATION = {
    "name": "HTX Chè Cẩm Mỹ",
    "kind": "cooperative",
    "legal_name": "Hợp tác xã Chè Cẩm Mỹ",
    "tax_code": "0100109106",
    "representative": "Nguyễn Văn An",
    "phone": "0912345678",
    "email": "htx@example.com",
    "street": "Xóm Đồi",
    "province": str(PHU_THO),
    "ward": str(XA_DOAN_HUNG),
    "story": "Chè sạch",
    "registration_number": "2601001234",
}
CHECKOUT = {
    "full_name": "Nguyễn Thị Lan",
    "phone": "0912 345 678",
    "email": "lan@example.com",
    "province": str(PHU_THO),
    "ward": str(XA_DOAN_HUNG),
    "street": "Thôn Đồng Lạng",
    "note": "Gọi trước khi giao",
    "payment_method": "cod",
    "snapshot": "x",
    "place_order": "1",
}
FORMS = {
    "/sellers/dang-ky/": SELLER_APPLICATION,
    "/checkout/": CHECKOUT,
    "/accounts/login/": {
        "login-username": "lan@example.com",
        "login-password": "x",
        "login_submit": "1",
    },
    "/accounts/login/?register": {
        "registration-email": "lan@example.com",
        "registration-password1": "Mat-khau-2026",
        "registration-password2": "Mat-khau-2026",
        "registration_submit": "1",
    },
    "/password-reset/": {"email": "lan@example.com"},
    "/search/": {"q": "chè"},
    "/i18n/setlang/": {"language": "en", "next": "/"},
}


@fuzzing(120)
@given(data=st.data())
@pytest.mark.parametrize("url", FORMS)
def test_public_forms(client, shop, url, data):
    fields = data.draw(form_data(FORMS[url]))
    check(client.post(url.split("?")[0], fields), fields.values())


@fuzzing(120)
@given(quantity=values, product_id=values)
def test_basket_add(client, shop, quantity, product_id):
    product = shop["product"].pk
    check(client.post(f"/basket/add/{product}/", {"quantity": quantity}))
    if re.fullmatch(r"[0-9]{1,30}", product_id):
        check(client.post(f"/basket/add/{product_id}/", {"quantity": quantity}))
