import pytest
from django.urls import reverse
from oscar.core.loading import get_class
from oscar.test.factories import UserFactory

from tests.factories import PHU_THO, XA_DOAN_HUNG, ocop_product

pytestmark = pytest.mark.django_db
ProductForm = get_class("dashboard.catalogue.forms", "ProductForm")


def test_dashboard_product_form_edits_ocop_fields():
    product = ocop_product(stars=3)
    form = ProductForm(
        product.product_class,
        instance=product,
        data={
            "title": product.title,
            "structure": "standalone",
            "is_public": "on",
            "ocop_stars": 5,
            "ocop_certificate_number": "QĐ 88/QĐ-TTg",
            "ocop_level": "national",
            "ocop_decision_date": "2025-03-01",
            "ocop_group": "beverage",
            "origin_province": PHU_THO,
            "origin_ward": XA_DOAN_HUNG,
            "unit": "hộp",
            "net_weight_grams": 200,
        },
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    saved.refresh_from_db()
    assert (saved.ocop_stars, saved.ocop_level, str(saved.ocop_expiry)) == (
        5,
        "national",
        "2028-03-01",
    )


def test_dashboard_form_rejects_a_ward_outside_the_province():
    product = ocop_product()
    form = ProductForm(
        product.product_class,
        instance=product,
        data={
            "title": "x",
            "structure": "standalone",
            "origin_province": 1,
            "origin_ward": XA_DOAN_HUNG,
        },
    )
    assert not form.is_valid()
    assert "origin_ward" in form.errors


def test_staff_sees_ocop_fields_on_the_product_page(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    product = ocop_product()
    response = client.get(
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="ocop_stars"' in body and 'name="origin_ward"' in body


@pytest.mark.parametrize(
    "path", ["/dashboard/catalogue/", "/dashboard/catalogue/categories/"]
)
def test_sorting_by_the_checkbox_column_is_ignored_not_a_500(admin_client, path):
    """Oscar's own checkbox column header linked to ?sort=checkbox (FieldError)."""
    ocop_product()
    response = admin_client.get(path, {"sort": "checkbox"})
    assert response.status_code == 200
