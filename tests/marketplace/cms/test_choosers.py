"""Admin choosers find products and sellers by name, with or without accents."""

import pytest
from django.urls import reverse
from oscar.test.factories import UserFactory

from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, cms_tree):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def sellers():
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="dh@example.com"
    )
    seller_product(cam_my, title="Chè xanh Cẩm Mỹ")
    seller_product(doan_hung, title="Bưởi Đoan Hùng")
    return cam_my, doan_hung


@pytest.mark.parametrize("query", ["cam my", "Cẩm Mỹ", "CHE XANH"])
def test_product_chooser_folds_accents(editor_client, sellers, query):
    response = editor_client.get(
        reverse("product_chooser:choose_results"), {"q": query}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chè xanh Cẩm Mỹ" in html and "Bưởi Đoan Hùng" not in html


# Both sellers are registered in Xã Đoan Hùng, so only name words tell them apart.
@pytest.mark.parametrize("query", ["htx buoi", "Bưởi", "BUOI"])
def test_seller_chooser_folds_accents(editor_client, sellers, query):
    response = editor_client.get(reverse("seller_chooser:choose_results"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "HTX Bưởi Đoan Hùng" in html and "HTX Chè Cẩm Mỹ" not in html


def test_choosers_list_everything_without_a_query(editor_client, sellers):
    html = editor_client.get(reverse("seller_chooser:choose")).json()["html"]
    assert "HTX Bưởi Đoan Hùng" in html and "HTX Chè Cẩm Mỹ" in html


def test_editors_who_are_not_superusers_can_choose(client, cms_tree, sellers):
    from django.contrib.auth.models import Group

    from marketplace.cms.services import EDITORS_GROUP

    editor = UserFactory(is_staff=False)
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(editor)
    for name in ("product_chooser:choose", "seller_chooser:choose"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    html = client.get(
        reverse("product_chooser:choose_results"), {"q": "che xanh"}
    ).content.decode()
    assert "Chè xanh Cẩm Mỹ" in html
