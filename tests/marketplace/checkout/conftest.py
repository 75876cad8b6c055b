import pytest

from tests.factories import PHU_THO, XA_DOAN_HUNG


@pytest.fixture
def checkout(client):
    """Fill in the checkout form the way a shopper does: open it, then post."""

    def place(**fields):
        province = fields.get("province", PHU_THO)
        # The shopper picks the province first: the page shows its communes
        # and the shipping fees for it (JavaScript or the no-JS button).
        page = client.post("/checkout/", {"province": province, "choose_province": 1})
        data = {
            "snapshot": page.context["snapshot"],
            "full_name": "Nguyễn Thị Lan",
            "phone": "0912 345 678",
            "email": "lan@example.com",
            "province": PHU_THO,
            "ward": XA_DOAN_HUNG,
            "street": "Thôn Đồng Lạng",
            "note": "Gọi trước khi giao",
            "payment_method": "cod",
            "place_order": "1",
            **fields,
        }
        return client.post(
            "/checkout/", {k: v for k, v in data.items() if v is not None}
        )

    return place


@pytest.fixture
def in_basket(client):
    def add(product, quantity=1):
        client.post(f"/basket/add/{product.pk}/", {"quantity": quantity})

    return add
