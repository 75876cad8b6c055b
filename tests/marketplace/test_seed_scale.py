import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from catalog import selectors

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def test_seed_scale_is_deterministic_visible_and_searchable(client):
    call_command("seed_scale", products=40, sellers=4, seed=7, verbosity=0)
    first = list(Product.objects.order_by("pk").values_list("title", flat=True))
    call_command("seed_scale", products=40, sellers=4, seed=7, verbosity=0)
    second = list(Product.objects.order_by("pk").values_list("title", flat=True))[40:]
    assert len(first) == 40 and first == second
    assert selectors.products_visible().count() == 80

    call_command("search_rebuild", verbosity=0)  # bulk inserts bypass signals
    title = first[0]
    response = client.get("/search/", {"q": title})
    assert title in [product.title for product in response.context["products"]]
