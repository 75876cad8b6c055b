"""The confirmation page says only what happened: an email is mentioned only
when one was given; the phone reads as people write it."""

import pytest

from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def tea():
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    return seller_product(seller, title="Chè xanh Cẩm Mỹ", price=150000)


@pytest.mark.parametrize(
    ("email", "promised"), [(None, False), ("lan@example.com", True)]
)
def test_an_email_is_mentioned_only_when_given(
    client, checkout, in_basket, tea, email, promised
):
    in_basket(tea)
    assert checkout(email=email).status_code == 302
    page = client.get("/checkout/thank-you/").content.decode()
    assert ("Chúng tôi đã gửi xác nhận tới" in page) is promised
    assert "0912 345 678" in page
