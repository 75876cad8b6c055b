"""`products_visible_among` (search candidates) answers as the catalogue-wide
rules do: the same products, read from the candidates' stock records instead
of an EXISTS PostgreSQL planned over every stock record (issue 15)."""

import pytest
from oscar.test.factories import create_product

from catalog import selectors
from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


def test_the_candidates_rule_matches_the_catalogue_rule():
    seller, suspended = (
        active_seller(),
        active_seller(
            name="HTX Đã Tạm Ngừng", tax_code="0312345673", email="ngung@example.com"
        ),
    )
    in_stock = seller_product(seller, title="Chè xanh Cẩm Mỹ")
    sold_out = seller_product(seller, title="Bưởi Đoan Hùng", num_in_stock=0)
    stopped = seller_product(suspended, title="Cam Cao Phong")
    suspended.status = "suspended"
    suspended.save()
    packs = create_product(title="Chè Shan tuyết", structure="parent")
    create_product(parent=packs, title="Gói 100 g", price=90000, num_in_stock=10)
    hidden = seller_product(seller, title="Mật ong rừng", is_public=False)
    ids = [p.pk for p in (in_stock, sold_out, stopped, packs, hidden)]

    for in_stock_only, catalogue in (
        (False, selectors.products_visible()),
        (True, selectors.products_in_stock()),
    ):
        among = selectors.products_visible_among(ids, in_stock=in_stock_only)
        expected = set(catalogue.filter(pk__in=ids).values_list("pk", flat=True))
        assert set(among.values_list("pk", flat=True)) == expected
    assert expected == {in_stock.pk, packs.pk}
    visible = selectors.products_visible_among(ids).values_list("pk", flat=True)
    assert set(visible) == {in_stock.pk, sold_out.pk, packs.pk}
