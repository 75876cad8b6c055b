import pytest
from oscar.core.loading import get_class
from oscar.test.factories import create_basket

from tests.factories import active_seller, seller_product

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
