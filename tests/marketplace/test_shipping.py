import re

import pytest
from oscar.core.loading import get_class
from oscar.test.factories import create_basket

from tests.factories import PHU_THO, active_seller, seller_product

pytestmark = pytest.mark.django_db
Repository = get_class("shipping.repository", "Repository")


def test_shipping_is_one_flat_fee_per_seller_in_the_basket(settings):
    settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER = "30000"
    cam_my = active_seller(email="a@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi", tax_code="0312345673", email="b@example.com"
    )
    basket = create_basket(empty=True)
    basket.add_product(seller_product(cam_my, title="Chè xanh"), 2)
    basket.add_product(seller_product(cam_my, title="Chè đen"), 1)
    method = Repository().get_default_shipping_method(basket=basket)
    assert method.calculate(basket).incl_tax == 30000
    basket.add_product(seller_product(doan_hung, title="Bưởi"), 1)
    assert method.calculate(basket).incl_tax == 60000


def test_the_basket_page_shows_the_shipping_fee_in_dong(client):
    seller = active_seller()
    product = seller_product(seller, title="Chè xanh", price=150000)
    client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    page = client.get("/basket/").content.decode().replace("\xa0", " ")
    assert "30.000 ₫" in page and "180.000 ₫" in page


def rule_for(seller, **fields):
    from sellers.models import ShippingRule

    values = {"same_province_fee": 20000, "other_province_fee": 35000, **fields}
    return ShippingRule.objects.create(partner=seller.partner, **values)


def basket_of(*items):
    basket = create_basket(empty=True)
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


HA_NOI = 1


def test_a_sellers_rule_prices_its_parcel_by_destination_province():
    seller = active_seller()  # in Phú Thọ
    rule_for(seller)
    basket = basket_of((seller_product(seller, title="Chè xanh", price=100000), 1))
    fees = lambda province: Repository().get_default_shipping_method(  # noqa: E731
        basket=basket, province=province
    )
    assert fees(PHU_THO).calculate(basket).incl_tax == 20000
    assert fees(HA_NOI).calculate(basket).incl_tax == 35000
    assert fees(None).calculate(basket).incl_tax == 35000


def test_heavy_parcels_pay_the_heaviest_band_they_pass():
    seller = active_seller()
    rule = rule_for(seller)
    rule.weight_bands.create(over_grams=1000, surcharge=10000)
    rule.weight_bands.create(over_grams=3000, surcharge=25000)
    tea = seller_product(seller, title="Chè xanh", price=100000)
    tea.net_weight_grams = 800
    tea.save()
    for quantity, fee in ((1, 20000), (2, 30000), (4, 20000 + 25000)):
        basket = basket_of((tea, quantity))
        method = Repository().get_default_shipping_method(
            basket=basket, province=PHU_THO
        )
        assert method.calculate(basket).incl_tax == fee, quantity


def test_free_shipping_from_a_sellers_order_value_and_flat_fee_without_rule(
    settings,
):
    settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER = "30000"
    cam_my = active_seller(email="a@example.com")
    rule_for(cam_my, free_from=300000)
    doan_hung = active_seller(
        name="HTX Bưởi", tax_code="0312345673", email="b@example.com"
    )
    tea = seller_product(cam_my, title="Chè xanh", price=150000)
    pomelo = seller_product(doan_hung, title="Bưởi", price=80000)
    basket = basket_of((tea, 1), (pomelo, 1))
    method = Repository().get_default_shipping_method(basket=basket, province=HA_NOI)
    fees = {p.name: fee for p, fee in method.fees_by_seller(basket).items()}
    assert fees == {"HTX Chè Cẩm Mỹ": 35000, "HTX Bưởi": 30000}
    basket = basket_of((tea, 2), (pomelo, 1))
    assert method.calculate(basket).incl_tax == 30000


def test_the_basket_page_shows_shipping_per_seller(client):
    cam_my = active_seller(email="a@example.com")
    rule_for(cam_my)
    doan_hung = active_seller(
        name="HTX Bưởi", tax_code="0312345673", email="b@example.com"
    )
    for product in (
        seller_product(cam_my, title="Chè xanh", price=150000),
        seller_product(doan_hung, title="Bưởi", price=80000),
    ):
        client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    page = client.get("/basket/").content.decode().replace("\xa0", " ")
    rows = re.findall(
        r'<tr class="seller-shipping">\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>', page
    )
    assert rows == [("HTX Bưởi", "30.000 ₫"), ("HTX Chè Cẩm Mỹ", "35.000 ₫")]
    assert "295.000 ₫" in page
