from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import add_months
from tests.factories import PHU_THO, certify, ocop_product
from vietnam.slugs import ascii_slugify

pytestmark = pytest.mark.django_db


def test_slugs_are_ascii_folded_including_d_stroke():
    assert ascii_slugify("Chè xanh Cẩm Mỹ") == "che-xanh-cam-my"
    assert ascii_slugify("Đặc sản") == "dac-san"


def test_product_and_category_slugs_use_the_folding_slugifier():
    from tests.factories import category

    product = ocop_product(title="Bưởi Đoan Hùng")
    assert product.slug == "buoi-doan-hung"
    assert category("Đặc sản chế biến").slug == "dac-san-che-bien"


def test_ocop_expiry_defaults_to_36_months_after_the_decision():
    product = ocop_product(decided=date(2024, 5, 31))
    assert product.ocop_expiry == date(2027, 5, 31)
    assert add_months(date(2023, 12, 31), 2) == date(2024, 2, 29)


def test_expired_certificate_hides_the_badge():
    fresh = ocop_product(decided=timezone.localdate() - timedelta(days=30))
    old = ocop_product(
        title="Chè cũ", decided=timezone.localdate() - timedelta(days=37 * 31)
    )
    assert fresh.ocop_is_valid
    assert not old.ocop_is_valid


def test_stars_need_a_decision_number_and_date():
    product = ocop_product(stars=None)
    product.ocop_stars = 5
    with pytest.raises(ValidationError) as error:
        product.full_clean(exclude=["upc", "slug"])
    assert "ocop_certificate_number" in error.value.message_dict


def test_origin_ward_must_belong_to_the_province():
    product = ocop_product()
    product.origin_province = 1  # Hà Nội, while the ward is in Phú Thọ
    with pytest.raises(ValidationError) as error:
        product.full_clean(exclude=["upc", "slug"])
    assert "origin_ward" in error.value.message_dict
    product.origin_province = PHU_THO
    product.full_clean(exclude=["upc", "slug"])
    assert product.origin_label == "Xã Đoan Hùng, Phú Thọ"


def test_certification_validity_follows_its_dates():
    product = ocop_product()
    assert certify(product).is_valid
    expired = certify(product, valid_until=timezone.localdate() - timedelta(days=1))
    assert not expired.is_valid
