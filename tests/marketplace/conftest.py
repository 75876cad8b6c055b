import pytest

from tests.factories import PHU_THO, XA_DOAN_HUNG


@pytest.fixture
def place_order(db):
    """An order placed through checkout's service, as a guest by default."""
    from django.contrib.auth.models import AnonymousUser
    from oscar.core.loading import get_class
    from oscar.test.factories import create_basket

    from marketplace.checkout import services

    selector = get_class("partner.strategy", "Selector")

    def place(*items, payment_method="cod", user=None):
        basket = create_basket(empty=True)
        basket.strategy = selector().strategy()
        for product, quantity in items:
            basket.add_product(product, quantity)
        return services.order_place(
            basket=basket,
            user=user or AnonymousUser(),
            full_name="Trần Văn Bình",
            phone="0987654321",
            street="Xóm 3",
            province=PHU_THO,
            ward=XA_DOAN_HUNG,
            payment_method=payment_method,
        )

    return place


# Checkout's way of filling the form, for the other page tests of the project.
from tests.marketplace.checkout.conftest import checkout, in_basket  # noqa: E402, F401
